package dev.cutover.aws;

import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link Notifier} that publishes to an SNS topic: the notification's subject (for e-mail subscribers) and
 * message, plus the message attributes {@code service}, {@code outcome} and {@code deploymentId} so subscribers
 * can filter (e.g. a chat channel that only wants rollbacks).
 */
public final class SnsNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SnsNotifier.class);

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = requireText(topicArn, "topicArn");
    }

    @Override
    public void publish(DeploymentNotification notification) {
        Objects.requireNonNull(notification, "notification");
        try {
            String messageId = sns.publish(r -> r.topicArn(topicArn)
                            .subject(notification.subject())
                            .message(notification.message())
                            .messageAttributes(Map.of(
                                    "service", text(notification.service()),
                                    "outcome", text(notification.outcome().name()),
                                    "deploymentId", text(notification.deploymentId()))))
                    .messageId();
            LOG.info("published \"{}\" to {} as message {}", notification.subject(), topicArn, messageId);
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "SNS Publish to " + topicArn + " (deployment " + notification.deploymentId() + " "
                            + notification.outcome() + ")" + " failed",
                    e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
