package dev.cutover.handlers;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentNotFoundException;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.WorkflowInput;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.handlers.wiring.MockPorts;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verify;

/** The Abort function on the sample request in {@code events/}, over the in-memory adapters. */
class AbortHandlerTest {

    final WorkflowFixture fx = new WorkflowFixture();
    WorkflowDependencies deps;

    @BeforeEach
    void wire() {
        deps = WorkflowDependencies.of(MockPorts.builder()
                        .specs(fx.specs)
                        .router(fx.router)
                        .lock(fx.lock)
                        .ledger(fx.ledger)
                        .notifier(fx.notifier)
                        .statusReporter(fx.hooks)
                        .deploymentControl(fx.codeDeploy)
                        .executions(fx.executions)
                        .clock(fx.clock)
                        .build())
                .withAlarmTrigger(WorkflowFixture.PARAMETER, WorkflowFixture.STATE_MACHINE);
    }

    Map<String, Object> invoke(Map<String, Object> request) {
        return new AbortHandler(deps)
                .handleRequest(request, new FakeContext(Duration.ofMinutes(5), "cutover-orders-abort"));
    }

    @Test
    void abortsADeploymentAtFiftyPercent() {
        WorkflowTaskSet tasks = deps.workflow();
        WorkflowInput input = WorkflowFixture.codeDeployInput();
        fx.executions.start(CODEDEPLOY_ID, input.toJson());
        DeploymentPlan plan = tasks.validateAndLock().run(input, WorkflowFixture.execution(CODEDEPLOY_ID));
        tasks.shiftTraffic().run(plan, plan.stages().get(0));
        tasks.shiftTraffic().run(plan, plan.stages().get(1));

        Map<String, Object> answer = invoke(Fixture.event("abort.json"));

        assertThat(answer)
                .containsEntry("deploymentId", CODEDEPLOY_ID)
                .containsEntry("service", "orders")
                .containsEntry("outcome", "ABORTED")
                .containsEntry("status", "ABORTED")
                .containsEntry("weights", Map.of("blue", 100, "green", 0))
                .containsEntry("executionStopped", true);
        assertThat((String) answer.get("message")).contains("aborted deployment d-ABCDEF123");
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ABORTED);
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason()).contains("aborted by alice: wrong image tag");
        assertThat(fx.lock.holder("orders")).isEmpty();
        verify(fx.hooks).report(WorkflowFixture.HOOK, HookStatus.FAILED);
        String arn = WorkflowExecutions.executionArnFor(WorkflowFixture.STATE_MACHINE, CODEDEPLOY_ID);
        assertThat(fx.executions.isRunning(arn)).isFalse();

        assertThat(invoke(Fixture.event("abort.json")))
                .as("a second abort")
                .containsEntry("outcome", "ALREADY_FINISHED")
                .containsEntry("status", "ABORTED")
                .containsEntry("executionStopped", false);
    }

    @Test
    void anUnknownDeploymentIsAFunctionErrorNamedForIt() {
        assertThatThrownBy(() -> invoke(Fixture.event("abort.json")))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("d-ABCDEF123");
    }

    @Test
    void aRequestWithoutAnIdIsRefusedNamingTheField() {
        assertThatThrownBy(() -> invoke(Map.of("reason", "x", "requestdBy", "alice")))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("deploymentId: missing")
                .hasMessageContaining("requestdBy");
    }

    @Test
    void withoutTheStateMachineTheFunctionSaysWhichVariableIsMissing() {
        deps = WorkflowDependencies.of(deps.ports());

        assertThatThrownBy(() -> invoke(Fixture.event("abort.json")))
                .isInstanceOf(FunctionMisconfiguredException.class)
                .hasMessageContaining("CUTOVER_STATE_MACHINE_ARN");
    }
}
