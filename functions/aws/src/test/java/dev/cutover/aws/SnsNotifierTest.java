package dev.cutover.aws;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.aws.testing.RecordingHttpStub.Response;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SnsNotifierTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final DeploymentNotification ROLLED_BACK = new DeploymentNotification(
            "orders", "d-ABCDEF123", Status.ROLLED_BACK, 25, "alarm orders-green-5xx went to ALARM");
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:cutover-deployments";

    @Test
    void publishesToATopicMotoKnows() {
        try (AwsClients clients = MOTO.clients()) {
            String topic = clients.sns()
                    .createTopic(r -> r.name("cutover-deployments"))
                    .topicArn();

            assertThatCode(() -> new SnsNotifier(clients.sns(), topic).publish(ROLLED_BACK))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void anHttpSubscriberFilteringOnOutcomeGetsOnlyRollbacksWithSubjectAndMessage() throws IOException {
        try (AwsClients clients = MOTO.clients();
                RecordingHttpStub subscriber = RecordingHttpStub.start()) {
            String topic = clients.sns()
                    .createTopic(r -> r.name("cutover-deployments"))
                    .topicArn();
            clients.sns()
                    .subscribe(r -> r.topicArn(topic)
                            .protocol("http")
                            .endpoint(subscriber.endpoint() + "/sns")
                            .attributes(Map.of("FilterPolicy", "{\"outcome\":[\"ROLLED_BACK\"]}")));
            SnsNotifier notifier = new SnsNotifier(clients.sns(), topic);

            notifier.publish(new DeploymentNotification("orders", "d-PROMOTED1", Status.PROMOTED, 100, "healthy"));
            notifier.publish(ROLLED_BACK);

            // moto delivers to http subscribers while it handles Publish, so the deliveries are already here
            List<JsonNode> notifications = new ArrayList<>();
            for (RecordingHttpStub.Request request : subscriber.requests()) {
                JsonNode body = new ObjectMapper().readTree(request.body());
                if ("Notification".equals(body.path("Type").asText())) {
                    notifications.add(body);
                }
            }
            assertThat(notifications).hasSize(1);
            assertThat(notifications.get(0).get("Subject").asText()).isEqualTo(ROLLED_BACK.subject());
            assertThat(notifications.get(0).get("Message").asText()).isEqualTo(ROLLED_BACK.message());
            assertThat(notifications.get(0).get("TopicArn").asText()).isEqualTo(topic);
        }
    }

    @Test
    void aTopicThatDoesNotExistIsAPermanentFaultNamingIt() {
        try (AwsClients clients = MOTO.clients()) {
            String missing = "arn:aws:sns:us-east-1:123456789012:nobody-made-this";

            DependencyException e = catchThrowableOfType(
                    DependencyException.class, () -> new SnsNotifier(clients.sns(), missing).publish(ROLLED_BACK));

            assertThat(e).isNotInstanceOf(TransientDependencyException.class);
            assertThat(e.getMessage()).contains(missing, "NotFound", "d-ABCDEF123");
        }
    }

    @Test
    void sendsSubjectMessageAndFilterableAttributes() throws IOException {
        try (RecordingHttpStub stub = RecordingHttpStub.start();
                AwsClients clients = wire(stub)) {
            stub.respond(new Response(
                    200,
                    "text/xml",
                    "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/"
                            + "2010-03-31/\"><PublishResult><MessageId>m-1</MessageId></PublishResult>"
                            + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>"));

            new SnsNotifier(clients.sns(), TOPIC).publish(ROLLED_BACK);

            Map<String, String> form = form(stub.requests().get(0).body());
            assertThat(form)
                    .containsEntry("Action", "Publish")
                    .containsEntry("TopicArn", TOPIC)
                    .containsEntry("Subject", "Cutover: orders d-ABCDEF123 rolled back at 25%")
                    .containsEntry("Message", ROLLED_BACK.message());
            assertThat(attributes(form))
                    .containsEntry("service", "orders")
                    .containsEntry("outcome", "ROLLED_BACK")
                    .containsEntry("deploymentId", "d-ABCDEF123");
        }
    }

    @Test
    void throttlingIsTransient() throws IOException {
        try (RecordingHttpStub stub = RecordingHttpStub.start();
                AwsClients clients = wire(stub)) {
            stub.respond(new Response(
                    400,
                    "text/xml",
                    "<ErrorResponse><Error><Type>Sender</Type>"
                            + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                            + "<RequestId>r-1</RequestId></ErrorResponse>"));

            DependencyException e = catchThrowableOfType(
                    DependencyException.class, () -> new SnsNotifier(clients.sns(), TOPIC).publish(ROLLED_BACK));

            assertThat(e).isInstanceOf(TransientDependencyException.class);
            assertThat(e.getMessage()).contains(TOPIC, "Throttling");
        }
    }

    private static AwsClients wire(RecordingHttpStub stub) {
        return AwsClients.builder()
                .endpointOverride(stub.endpoint())
                .region(MotoServerExtension.REGION)
                .credentialsProvider(MotoServerExtension.CREDENTIALS)
                .maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                .build();
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> decode(kv[0]), kv -> kv.length > 1 ? decode(kv[1]) : ""));
    }

    /** MessageAttributes.entry.N.Name / .Value.StringValue pairs as name to value. */
    private static Map<String, String> attributes(Map<String, String> form) {
        return form.entrySet().stream()
                .filter(e -> e.getKey().matches("MessageAttributes\\.entry\\.\\d+\\.Name"))
                .collect(Collectors.toMap(
                        Map.Entry::getValue, e -> form.get(e.getKey().replace(".Name", ".Value.StringValue"))));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
