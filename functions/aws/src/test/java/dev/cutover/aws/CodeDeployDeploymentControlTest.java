package dev.cutover.aws;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.aws.testing.RecordingHttpStub.Request;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;

import static dev.cutover.aws.testing.RecordingHttpStub.Response.awsError;
import static dev.cutover.aws.testing.RecordingHttpStub.Response.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** StopDeployment at the wire: moto does not implement it. */
class CodeDeployDeploymentControlTest {

    private RecordingHttpStub stub;
    private AwsClients clients;
    private CodeDeployDeploymentControl control;

    @BeforeEach
    void start() throws IOException {
        stub = RecordingHttpStub.start();
        clients = stub.clients();
        control = new CodeDeployDeploymentControl(clients.codeDeploy());
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
    }

    private static final String GROUP_A =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-a/0123456789abcdef";
    private static final String GROUP_B =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-b/fedcba9876543210";

    /** GetDeploymentTarget's ECS target as the API sends it (ECSTaskSet.taskSetLabel: Blue | Green). */
    private static String ecsTarget(String blueGroupName, String greenGroupName) {
        return """
                {"deploymentTarget": {"deploymentTargetType": "ECSTarget", "ecsTarget": {
                  "deploymentId": "d-ABCDEF123", "targetId": "orders-cluster:orders",
                  "taskSetsInfo": [
                    {"identifer": "ecs-svc/1", "taskSetLabel": "Blue", "trafficWeight": 100.0,
                     "targetGroup": {"name": "%s"}},
                    {"identifer": "ecs-svc/2", "taskSetLabel": "Green", "trafficWeight": 0.0,
                     "targetGroup": {"name": "%s"}}]}}}
                """.formatted(blueGroupName, greenGroupName);
    }

    @Test
    void theRolesComeFromTheDeploymentsTaskSetLabels() throws IOException {
        // the second deployment: its original (BLUE) task set is behind orders-b, the group the first one promoted
        stub.respond(json(200, "{\"targetIds\": [\"orders-cluster:orders\"]}"));
        stub.respond(json(200, ecsTarget("orders-b", "orders-a")));

        assertThat(control.targetGroupRoles("d-ABCDEF123", java.util.List.of(GROUP_A, GROUP_B)))
                .isEqualTo(new dev.cutover.core.port.model.TargetGroupRoles(GROUP_B, GROUP_A));

        assertThat(stub.requests()).hasSize(2);
        assertThat(stub.requests().get(0).header("X-Amz-Target"))
                .isEqualTo("CodeDeploy_20141006.ListDeploymentTargets");
        assertThat(stub.requests().get(1).header("X-Amz-Target")).isEqualTo("CodeDeploy_20141006.GetDeploymentTarget");
        assertThat(body(stub.requests().get(1)))
                .isEqualTo(Map.of("deploymentId", "d-ABCDEF123", "targetId", "orders-cluster:orders"));
    }

    @Test
    void aTaskSetBehindAGroupTheSpecDoesNotNameIsRefused() {
        stub.respond(json(200, "{\"targetIds\": [\"orders-cluster:orders\"]}"));
        stub.respond(json(200, ecsTarget("orders-b", "somebody-else")));

        DependencyException e = catchThrowableOfType(
                DependencyException.class,
                () -> control.targetGroupRoles("d-ABCDEF123", java.util.List.of(GROUP_A, GROUP_B)));

        assertThat(e).hasMessageContaining("Green").hasMessageContaining("somebody-else");
    }

    @Test
    void sendsTheDeploymentIdAndAutoRollback() throws IOException {
        stub.respond(json(200, "{\"status\":\"Pending\",\"statusMessage\":\"Stopping\"}"));

        control.stopDeployment("d-ABCDEF123", true);

        assertThat(stub.requests()).hasSize(1);
        Request request = stub.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("X-Amz-Target")).isEqualTo("CodeDeploy_20141006.StopDeployment");
        assertThat(request.header("Content-Type")).startsWith("application/x-amz-json-1.1");
        assertThat(body(request)).isEqualTo(Map.of("deploymentId", "d-ABCDEF123", "autoRollbackEnabled", true));
    }

    @Test
    void sendsAutoRollbackFalseExplicitly() throws IOException {
        stub.respond(json(200, "{\"status\":\"Succeeded\"}"));

        control.stopDeployment("d-ABCDEF123", false);

        assertThat(body(stub.requests().get(0))).containsEntry("autoRollbackEnabled", false);
    }

    @Test
    void stoppingACompletedDeploymentIsNotAnError() {
        stub.respond(awsError(400, "DeploymentAlreadyCompletedException", "The deployment is already completed"));

        control.stopDeployment("d-ABCDEF123", true);

        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void throttlingIsRetriedThenTransient() {
        stub.respond(awsError(400, "ThrottlingException", "Rate exceeded"));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> control.stopDeployment("d-ABCDEF123", true));

        assertThat(e).isInstanceOf(TransientDependencyException.class);
        assertThat(stub.requests()).hasSize(AwsClients.DEFAULT_MAX_ATTEMPTS);
        assertThat(e.getMessage()).contains("StopDeployment", "d-ABCDEF123", "ThrottlingException");
    }

    @Test
    void anUnknownDeploymentIsPermanentNamingItAndTheErrorCode() {
        stub.respond(awsError(400, "DeploymentDoesNotExistException", "The deployment d-ABCDEF123 does not exist"));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> control.stopDeployment("d-ABCDEF123", true));

        assertThat(e).isNotInstanceOf(TransientDependencyException.class);
        assertThat(stub.requests()).hasSize(1);
        assertThat(e.getMessage()).contains("d-ABCDEF123", "DeploymentDoesNotExistException");
    }

    private static Map<String, Object> body(Request request) throws IOException {
        return new ObjectMapper().readValue(request.body(), new TypeReference<>() {});
    }
}
