package dev.cutover.aws;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.WorkflowExecutions;

import static dev.cutover.aws.testing.RecordingHttpStub.Response.awsError;
import static dev.cutover.aws.testing.RecordingHttpStub.Response.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SfnWorkflowExecutionsTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String INPUT = "{\"service\":\"orders\",\"specParameter\":\"/cutover/orders/spec\","
            + "\"codeDeploy\":{\"deploymentId\":\"d-ABCDEF123\"}}";

    private AwsClients clients;
    private String machineArn;
    private SfnWorkflowExecutions executions;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        machineArn = clients.sfn()
                .createStateMachine(r -> r.name("cutover-deployment")
                        .roleArn("arn:aws:iam::123456789012:role/cutover-workflow")
                        .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .stateMachineArn();
        executions = new SfnWorkflowExecutions(clients.sfn(), machineArn);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void startsANamedExecutionWithTheInput() {
        String name = WorkflowExecutions.executionNameFor("d-ABCDEF123");

        String arn = executions.start(name, INPUT);

        assertThat(arn).isEqualTo(WorkflowExecutions.executionArnFor(machineArn, "d-ABCDEF123"));
        DescribeExecutionResponse described = clients.sfn().describeExecution(r -> r.executionArn(arn));
        assertThat(described.name()).isEqualTo("d-ABCDEF123");
        assertThat(described.input()).isEqualTo(INPUT);
        assertThat(executions.isRunning(arn)).isTrue();
    }

    @Test
    void aDuplicateStartOfARunningExecutionReturnsItsArn() {
        String first = executions.start("d-ABCDEF123", INPUT);

        assertThat(executions.start("d-ABCDEF123", INPUT)).isEqualTo(first);
        assertThat(clients.sfn()
                        .listExecutions(r -> r.stateMachineArn(machineArn))
                        .executions())
                .hasSize(1);
    }

    @Test
    void aDuplicateStartAfterTheExecutionEndedFindsItThroughExecutionAlreadyExists() {
        String first = executions.start("d-ABCDEF123", INPUT);
        executions.stop(first, "Test", "stopped by the test");

        String again = executions.start(
                "d-ABCDEF123",
                "{ \"codeDeploy\": {\"deploymentId\": \"d-ABCDEF123\"}, \"specParameter\": \"/cutover/orders/spec\","
                        + " \"service\": \"orders\" }");

        assertThat(again).isEqualTo(first);
        assertThat(executions.isRunning(again)).isFalse();
    }

    @Test
    void aStartUnderTheSameNameWithAnotherInputConflicts() {
        String first = executions.start("d-ABCDEF123", INPUT);
        executions.stop(first, "Test", "stopped by the test");

        ExecutionNameConflictException e = catchThrowableOfType(
                ExecutionNameConflictException.class,
                () -> executions.start("d-ABCDEF123", "{\"service\":\"payments\"}"));

        assertThat(e.existingExecutionArn()).isEqualTo(first);
        assertThat(e.getMessage()).contains("d-ABCDEF123");
    }

    @Test
    void stopEndsTheExecution() {
        String arn = executions.start("d-ABCDEF123", INPUT);

        executions.stop(arn, "dev.cutover.AlarmFired", "alarm orders-green-5xx went to ALARM");

        assertThat(executions.isRunning(arn)).isFalse();
        assertThat(clients.sfn().describeExecution(r -> r.executionArn(arn)).status())
                .isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void anUnknownExecutionIsNotRunningAndCannotBeStopped() {
        String unknown = WorkflowExecutions.executionArnFor(machineArn, "d-NEVER");

        assertThat(executions.isRunning(unknown)).isFalse();
        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> executions.stop(unknown, "E", "c"));
        assertThat(e.getMessage()).contains(unknown, "ExecutionDoesNotExist");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void invalidNamesAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> executions.start("orders deploy #1", INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders deploy #1");
    }

    @Test
    void theMachineArnMustBeAStateMachines() {
        assertThatThrownBy(() -> new SfnWorkflowExecutions(
                        clients.sfn(), "arn:aws:lambda:us-east-1:123456789012:function:cutover"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Fault mapping and what goes on the wire, where moto cannot help. */
    @Test
    void stopCutsErrorAndCauseToStepFunctionsLimitsAndThrottlingIsTransient() throws IOException {
        try (RecordingHttpStub stub = RecordingHttpStub.start();
                AwsClients wire = AwsClients.builder()
                        .endpointOverride(stub.endpoint())
                        .region(MotoServerExtension.REGION)
                        .credentialsProvider(MotoServerExtension.CREDENTIALS)
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                        .build()) {
            String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-deployment";
            String arn = WorkflowExecutions.executionArnFor(machine, "d-ABC");
            SfnWorkflowExecutions sfn = new SfnWorkflowExecutions(wire.sfn(), machine);
            stub.respond(json(200, "{\"stopDate\":1767225600}"));

            sfn.stop(arn, "E".repeat(300), "c".repeat(40_000));

            JsonNode body = new ObjectMapper().readTree(stub.requests().get(0).body());
            assertThat(stub.requests().get(0).header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StopExecution");
            assertThat(body.get("executionArn").asText()).isEqualTo(arn);
            assertThat(body.get("error").asText()).hasSize(256).endsWith("...");
            assertThat(body.get("cause").asText()).hasSize(32_768).endsWith("...");

            stub.respond(awsError(400, "ThrottlingException", "Rate exceeded"));
            DependencyException e = catchThrowableOfType(DependencyException.class, () -> sfn.start("d-ABC", INPUT));
            assertThat(e).isInstanceOf(TransientDependencyException.class);
            assertThat(e.getMessage()).contains("StartExecution", "d-ABC", machine, "ThrottlingException");
        }
    }

    @Test
    void aRefusedStopOfAnEndedExecutionIsANoOpButOfAnUnknownOneIsAFault() throws IOException {
        try (RecordingHttpStub stub = RecordingHttpStub.start();
                AwsClients wire = AwsClients.builder()
                        .endpointOverride(stub.endpoint())
                        .region(MotoServerExtension.REGION)
                        .credentialsProvider(MotoServerExtension.CREDENTIALS)
                        .maxAttempts(1)
                        .build()) {
            String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-deployment";
            String arn = WorkflowExecutions.executionArnFor(machine, "d-ABC");
            SfnWorkflowExecutions sfn = new SfnWorkflowExecutions(wire.sfn(), machine);
            stub.respond(
                    awsError(400, "ValidationException", "Execution is not running"),
                    json(
                            200,
                            "{\"executionArn\":\"" + arn + "\",\"stateMachineArn\":\"" + machine
                                    + "\",\"status\":\"SUCCEEDED\",\"startDate\":1767225600}"));

            sfn.stop(arn, "E", "c");

            assertThat(stub.requests())
                    .extracting(r -> r.header("X-Amz-Target"))
                    .containsExactly("AWSStepFunctions.StopExecution", "AWSStepFunctions.DescribeExecution");

            stub.respond(
                    awsError(400, "ValidationException", "Execution is not running"),
                    awsError(400, "InvalidArn", "Invalid Arn"));
            DependencyException e = catchThrowableOfType(DependencyException.class, () -> sfn.stop(arn, "E", "c"));
            assertThat(e.getMessage()).contains("StopExecution", arn, "ValidationException");
        }
    }
}
