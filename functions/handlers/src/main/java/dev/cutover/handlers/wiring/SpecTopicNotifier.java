package dev.cutover.handlers.wiring;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;

/**
 * The workflow's people on AWS: the stack's topic always (the page of record the stack creates), and also the topic
 * a deployment's spec names ({@code notifications.topicArn}) when it is another one, so a service's owners hear where
 * they asked to. The stack grants {@code sns:Publish} on the topics its {@code SpecTopicArns} parameter lists; a
 * spec topic outside them is refused by SNS, logged, and never fails the task (the stack's topic has the message).
 */
public final class SpecTopicNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SpecTopicNotifier.class);

    private final Notifier stack;
    private final Optional<String> stackTopicArn;
    private final Function<String, Notifier> topics;

    /**
     * @param stack         the stack's topic ({@link Notifier#NONE} when it has none)
     * @param stackTopicArn its ARN, so a spec naming the same topic is not told twice
     * @param topics        a notifier for another topic's ARN
     */
    public SpecTopicNotifier(Notifier stack, Optional<String> stackTopicArn, Function<String, Notifier> topics) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.stackTopicArn = Objects.requireNonNull(stackTopicArn, "stackTopicArn");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public void publish(DeploymentNotification notification) {
        stack.publish(notification);
    }

    /** The stack's topic first (its failure is the caller's to log); then the spec's, best effort. */
    @Override
    public void publish(DeploymentNotification notification, Optional<String> specTopic) {
        RuntimeException stackFailure = null;
        try {
            stack.publish(notification);
        } catch (RuntimeException e) {
            stackFailure = e;
        }
        Optional<String> other = specTopic.filter(t -> !t.isBlank() && !stackTopicArn.equals(Optional.of(t)));
        if (other.isPresent()) {
            try {
                topics.apply(other.get()).publish(notification);
            } catch (RuntimeException e) {
                LOG.error(
                        "could not publish \"{}\" to the spec's topic {}: {}",
                        notification.subject(),
                        other.get(),
                        e.toString());
            }
        }
        if (stackFailure != null) {
            throw stackFailure;
        }
    }

    @Override
    public String toString() {
        return "stack topic " + stackTopicArn.orElse("(none)") + " and the spec's";
    }
}
