package dev.cutover.core.spec;

import java.util.Optional;

/** @param topicArn SNS topic that receives deployment outcomes, if any */
public record Notifications(Optional<String> topicArn) {

    public static Notifications none() {
        return new Notifications(Optional.empty());
    }
}
