package dev.cutover.aws;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.core.error.DependencyException;

import static dev.cutover.aws.testing.RecordingHttpStub.Response.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DescribeServiceRevisions at the wire: moto does not implement ECS native blue/green service revisions. */
class EcsServiceRevisionsTest {

    private static final String REVISION =
            "arn:aws:ecs:us-east-1:123456789012:service-revision/orders-cluster/orders/4863226416794238001";
    private static final String GROUP_A =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/0123456789abcdef";

    private RecordingHttpStub stub;
    private AwsClients clients;
    private EcsServiceRevisions revisions;

    @BeforeEach
    void start() throws IOException {
        stub = RecordingHttpStub.start();
        clients = stub.clients();
        revisions = new EcsServiceRevisions(clients::ecs);
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
    }

    @Test
    void theRevisionsTargetGroupComesFromItsResolvedConfiguration() {
        stub.respond(json(200, """
                {"serviceRevisions": [{"serviceRevisionArn": "%s",
                  "resolvedConfiguration": {"loadBalancers": [
                    {"targetGroupArn": "%s", "productionListenerRule": "arn:aws:elasticloadbalancing:rule"}]}}],
                 "failures": []}
                """.formatted(REVISION, GROUP_A)));

        assertThat(revisions.targetGroupArns(REVISION)).containsExactly(GROUP_A);

        assertThat(stub.requests()).hasSize(1);
        assertThat(stub.requests().get(0).header("X-Amz-Target"))
                .isEqualTo("AmazonEC2ContainerServiceV20141113.DescribeServiceRevisions");
        assertThat(stub.requests().get(0).body()).contains(REVISION);
    }

    @Test
    void aRevisionWithoutALoadBalancerHasNoTargetGroups() {
        stub.respond(json(200, "{\"serviceRevisions\": [{\"serviceRevisionArn\": \"" + REVISION + "\"}]}"));

        assertThat(revisions.targetGroupArns(REVISION)).isEqualTo(List.of());
    }

    @Test
    void aRevisionEcsReportsAsAFailureIsAnErrorWithEcsReason() {
        stub.respond(json(200, """
                {"serviceRevisions": [], "failures": [{"arn": "%s", "reason": "MISSING"}]}
                """.formatted(REVISION)));

        assertThatThrownBy(() -> revisions.targetGroupArns(REVISION))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining(REVISION)
                .hasMessageContaining("MISSING");
    }

    @Test
    void theClientIsNotBuiltUntilARevisionIsAskedFor() {
        new EcsServiceRevisions(() -> {
            throw new AssertionError("built too early");
        });
    }
}
