package dev.cutover.core.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.FencingRaceTest.CodeDeployHooks;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * {@code rollback.windowMinutes}: after the promotion blue is kept, and an alarm of the spec inside the window rolls
 * back to it through the alarm path; after the window it does nothing. Time is the fixture's clock, moved by hand.
 */
class AlarmTriggerWindowTest {

    static final Duration BUDGET = Duration.ofMinutes(14);
    static final String EXECUTION = WorkflowExecutions.executionArnFor(WorkflowFixture.STATE_MACHINE, CODEDEPLOY_ID);

    final WorkflowFixture fx = new WorkflowFixture("{\"windowMinutes\": 30}");
    final CodeDeployHooks codeDeploy = new CodeDeployHooks();
    final WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
    final AlarmTrigger alarms = new AlarmTrigger(
                    fx.specs,
                    WorkflowFixture.PARAMETER,
                    fx.ledger,
                    fx.executions,
                    WorkflowFixture.STATE_MACHINE,
                    tasks.deploymentRollback())
            .withRollbackWindow(fx.lock, fx.clock);

    /** Every stage shifted and judged, Finalize run: 100% green, PROMOTED, the window open for 30 minutes. */
    DeploymentPlan plan;

    Instant promoted() {
        plan = fx.inFlight(tasks, 2);
        Promotion promotion = tasks.finalizeDeployment().run(plan);
        Instant at = fx.clock.instant();
        assertThat(promotion.rollbackWindowEndsAt()).contains(at.plus(Duration.ofMinutes(30)));
        assertThat(fx.record(CODEDEPLOY_ID).rollbackWindow())
                .contains(RollbackWindow.open(at.plus(Duration.ofMinutes(30))));
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_GREEN);
        assertThat(fx.lock.holder("orders"))
                .as("Finalize releases the lock even with a window")
                .isEmpty();
        return at;
    }

    static AlarmStateChange alarmOn() {
        return new AlarmStateChange("orders-5xx", "ALARM", Optional.of("OK"), "Threshold Crossed");
    }

    @Test
    void anAlarmInsideTheWindowRollsThePromotionBackToBlue() {
        Instant promotedAt = promoted();
        fx.clock.advance(Duration.ofMinutes(10));

        AlarmTrigger.Result result = alarms.onStateChange(alarmOn(), BUDGET);

        assertThat(result.rolledBack()).isTrue();
        assertThat(result.detail()).contains("inside its rollback window");
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason().orElseThrow())
                .startsWith("alarm orders-5xx in ALARM inside the rollback window")
                .contains("Threshold Crossed");
        assertThat(record.rollbackWindow())
                .contains(new RollbackWindow(promotedAt.plus(Duration.ofMinutes(30)), Optional.of(fx.clock.instant())));
        assertThat(fx.lock.holder("orders"))
                .as("the lock it took again is released")
                .isEmpty();
        assertThat(fx.notifier.published())
                .extracting(DeploymentNotification::outcome)
                .containsExactly(Status.PROMOTED, Status.ROLLED_BACK);
        verify(fx.codeDeploy).stopDeployment(CODEDEPLOY_ID, true);
        assertThat(fx.executions.execution(EXECUTION).orElseThrow().status())
                .as("the execution waiting out the window is stopped, so it closes nothing")
                .isEqualTo(ExecutionStatus.ABORTED);

        AlarmTrigger.Result again = alarms.onStateChange(alarmOn(), BUDGET);
        assertThat(again.rolledBack()).as("a repeated event").isFalse();
        assertThat(fx.notifier.published()).hasSize(2);
    }

    @Test
    void anAlarmAfterTheWindowDoesNothingEvenIfItWasNotClosedYet() {
        promoted();
        fx.clock.advance(Duration.ofMinutes(30));

        AlarmTrigger.Result result = alarms.onStateChange(alarmOn(), BUDGET);

        assertThat(result.rolledBack()).isFalse();
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_GREEN);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.PROMOTED);
        assertThat(fx.record(CODEDEPLOY_ID).rollbackWindow().orElseThrow().closedAt())
                .as("the workflow's close has not come yet; the clock decides")
                .isEmpty();
        verify(fx.codeDeploy, never()).stopDeployment(any(), anyBoolean());
    }

    @Test
    void anAlarmInsideAWindowTheWorkflowClosedEarlyDoesNothing() {
        promoted();
        fx.clock.advance(Duration.ofMinutes(5));
        assertThat(tasks.closeRollbackWindow().run(plan).closed()).isTrue();

        assertThat(alarms.onStateChange(alarmOn(), BUDGET).rolledBack()).isFalse();
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_GREEN);
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    @Test
    void theNextDeploymentClosesTheWindowAndOwnsTheAlarmsFromThenOn() {
        promoted();
        fx.clock.advance(Duration.ofMinutes(5));
        WorkflowInput next = WorkflowFixture.standaloneInput("orders-2026-11-23-002");
        fx.executions.start("orders-2026-11-23-002", next.toJson());
        tasks.validateAndLock().run(next, WorkflowFixture.execution("orders-2026-11-23-002"));

        assertThat(fx.record(CODEDEPLOY_ID).rollbackWindow().orElseThrow().closedAt())
                .contains(fx.clock.instant());
        AlarmTrigger.Result result = alarms.onStateChange(alarmOn(), BUDGET);
        assertThat(result.detail()).contains("orders-2026-11-23-002").doesNotContain("rollback window");
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.PROMOTED);
    }
}
