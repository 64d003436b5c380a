package dev.cutover.core.workflow;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.memory.InMemoryWorkflowExecutions.Execution;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class AlarmTriggerTest {

    static final Duration BUDGET = Duration.ofMinutes(14);
    static final String REASON =
            "Threshold Crossed: 1 out of the last 1 datapoints [4.2] was greater than the " + "threshold (1.0)";

    final WorkflowFixture fx = new WorkflowFixture();
    final WorkflowTaskSet tasks = fx.tasks();
    final AlarmTrigger trigger = new AlarmTrigger(
            fx.specs,
            WorkflowFixture.PARAMETER,
            fx.ledger,
            fx.executions,
            WorkflowFixture.STATE_MACHINE,
            tasks.deploymentRollback());

    /** A hook-started deployment at 50%, its execution running, as BeforeAllowTraffic would have started it. */
    DeploymentPlan inFlightAtFifty() {
        WorkflowInput input = WorkflowFixture.codeDeployInput();
        fx.executions.start(WorkflowExecutions.executionNameFor(CODEDEPLOY_ID), input.toJson());
        DeploymentPlan plan = tasks.validateAndLock().run(input, WorkflowFixture.execution(CODEDEPLOY_ID));
        tasks.shiftTraffic().run(plan, plan.stages().get(0));
        tasks.shiftTraffic().run(plan, plan.stages().get(1));
        return plan;
    }

    static AlarmStateChange change(String alarm, String state) {
        return new AlarmStateChange(alarm, state, Optional.of("OK"), REASON);
    }

    Execution execution() {
        return fx.executions.executions().get(0);
    }

    @Test
    void anAlarmOfTheServiceStopsTheExecutionAndRollsBackWithTheAlarmAsTheReason() {
        inFlightAtFifty();

        AlarmTrigger.Result result = trigger.onStateChange(change("orders-5xx", "ALARM"), BUDGET);

        assertThat(result.rolledBack()).isTrue();
        assertThat(execution().status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(execution().error()).contains(AlarmTrigger.STOP_ERROR);
        assertThat(execution().cause()).hasValueSatisfying(c -> assertThat(c).contains("orders-5xx"));
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason()).contains("alarm orders-5xx in ALARM: " + REASON);
        assertThat(fx.lock.holder("orders")).isEmpty();
        verify(fx.hooks, times(1)).report(WorkflowFixture.HOOK, HookStatus.FAILED);
        assertThat(fx.notifier.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.ROLLED_BACK);
            assertThat(n.stageReached()).isEqualTo(50);
            assertThat(n.reason()).startsWith("alarm orders-5xx in ALARM");
        });
        assertThat(result.rollback())
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.ROLLED_BACK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "INSUFFICIENT_DATA"})
    void otherStatesChangeNothing(String state) {
        inFlightAtFifty();

        AlarmTrigger.Result result = trigger.onStateChange(change("orders-5xx", state), BUDGET);

        assertThat(result.rolledBack()).isFalse();
        assertThat(result.detail()).isEqualTo("state " + state + " is not ALARM");
        assertUntouched();
    }

    @Test
    void anAlarmOfSomethingElseChangesNothing() {
        inFlightAtFifty();

        AlarmTrigger.Result result = trigger.onStateChange(change("billing-queue-depth", "ALARM"), BUDGET);

        assertThat(result.detail()).startsWith("not one of orders's health.alarms");
        assertUntouched();
    }

    @Test
    void withNoDeploymentInFlightNothingHappens() {
        AlarmTrigger.Result result = trigger.onStateChange(change("orders-5xx", "ALARM"), BUDGET);

        assertThat(result.detail()).isEqualTo("no deployment of orders in flight");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
        assertThat(fx.notifier.published()).isEmpty();
    }

    @Test
    void aRepeatedAlarmEventChangesNothingTheSecondTime() {
        inFlightAtFifty();
        trigger.onStateChange(change("orders-5xx", "ALARM"), BUDGET);
        int applies = fx.router.requested(fx.routing()).size();

        AlarmTrigger.Result again = trigger.onStateChange(change("orders-5xx", "ALARM"), BUDGET);

        assertThat(again.rolledBack()).isFalse();
        assertThat(again.detail()).isEqualTo("no deployment of orders in flight");
        assertThat(fx.router.requested(fx.routing())).hasSize(applies);
        verify(fx.hooks, times(1)).report(any(), any());
        assertThat(fx.notifier.published()).hasSize(1);
    }

    @Test
    void aRollbackGoesAheadWhenTheExecutionCannotBeFound() {
        // a deployment in flight whose execution is gone (or was never started under its name)
        DeploymentPlan plan = tasks.validateAndLock()
                .run(WorkflowFixture.standaloneInput("orders-9"), WorkflowFixture.execution("orders-9"));
        tasks.shiftTraffic().run(plan, plan.stages().get(0));

        AlarmTrigger.Result result = trigger.onStateChange(change("orders-5xx", "ALARM"), BUDGET);

        assertThat(result.rolledBack()).isTrue();
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verify(fx.hooks, never()).report(any(), any());
    }

    @Test
    void theExecutionStoppedByTheAlarmCannotShiftAgain() {
        DeploymentPlan plan = inFlightAtFifty();
        trigger.onStateChange(change("orders-5xx", "ALARM"), BUDGET);

        assertThatThrownBy(() -> tasks.shiftTraffic().run(plan, plan.stages().get(2)))
                .isInstanceOf(DeploymentFinishedException.class);
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
    }

    private void assertUntouched() {
        assertThat(execution().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(fx.traffic()).isEqualTo(new Weights(50, 50));
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.IN_PROGRESS);
        verify(fx.hooks, never()).report(any(), any());
        assertThat(fx.notifier.published()).isEmpty();
    }
}
