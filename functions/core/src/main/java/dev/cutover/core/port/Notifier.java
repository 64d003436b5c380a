package dev.cutover.core.port;

import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentNotification;

/** Tells people how a deployment went: an SNS topic on AWS, a log or a list locally. */
public interface Notifier {

    /** A notifier for services whose spec names no topic. */
    Notifier NONE = notification -> {};

    /** @throws DependencyException when the message could not be handed over */
    void publish(DeploymentNotification notification);

    /**
     * Publishes, and also to {@code specTopic}, the topic the deployment's spec names ({@code
     * notifications.topicArn}), where this notifier can reach other topics (SNS on AWS: {@code
     * handlers.wiring.SpecTopicNotifier}). Where it cannot (a console, a list), publishing once is all there is: this
     * default.
     *
     * @throws DependencyException when the message could not be handed over to the first topic
     */
    default void publish(DeploymentNotification notification, Optional<String> specTopic) {
        publish(notification);
    }
}
