package dev.cutover.core.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.DeploymentNotFoundException;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.FencingRaceTest.CodeDeployHooks;
import dev.cutover.core.workflow.FencingRaceTest.Gate;
import dev.cutover.core.workflow.FencingRaceTest.GatedRouter;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * {@code cutover abort} in each state an execution can be in (a shift in flight, a bake, an approval gate), with the
 * production tasks over the in-memory adapters; a race is driven by a gate on one port call. Each asserts what a
 * user sees: weights, the ledger, the lock, CodeDeploy, the notifications and the execution.
 */
class DeploymentAbortTest {

    static final Duration BUDGET = Duration.ofMinutes(14);
    static final String EXECUTION = WorkflowExecutions.executionArnFor(
            WorkflowFixture.STATE_MACHINE, WorkflowExecutions.executionNameFor(CODEDEPLOY_ID));

    final WorkflowFixture fx = new WorkflowFixture();
    final CodeDeployHooks codeDeploy = new CodeDeployHooks();
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void anAbortDuringAShiftsWriteWinsAndTheLateWriteIsUndone() throws Exception {
        Gate gate = new Gate();
        WorkflowTaskSet tasks = fx.builder()
                .router(new GatedRouter(fx.router, gate))
                .hookReporter(codeDeploy)
                .build();
        DeploymentPlan plan = inFlight(tasks, 0);

        // ShiftTraffic to 50%: its fence held when it checked; its write to the listener is in flight
        gate.armFor(50);
        Future<?> shift = background.submit(
                () -> tasks.shiftTraffic().run(plan, plan.stages().get(1)));
        gate.awaitPaused();
        DeploymentAbort.Result result = abort(tasks).abort(CODEDEPLOY_ID, "bad config", "alice", BUDGET);
        gate.open();

        assertThatThrownBy(() -> shift.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DeploymentFinishedException.class);
        assertThat(fx.router.requested(fx.routing()))
                .as("the late write landed and was undone")
                .contains(new Weights(50, 50));
        assertAborted(result);
        assertThat(codeDeploy.statuses()).containsExactly(HookStatus.FAILED);
    }

    @Test
    void anAbortBeforeAShiftChecksItsFenceLeavesTheShiftNothingToDo() throws Exception {
        Gate gate = new Gate();
        WorkflowTaskSet tasks =
                fx.builder().specs(gate.on(fx.specs)).hookReporter(codeDeploy).build();
        DeploymentPlan plan = inFlight(tasks, 0);

        // ShiftTraffic to 50% has checked the ledger (in progress) and pauses loading the spec
        Future<?> shift = background.submit(
                () -> tasks.shiftTraffic().run(plan, plan.stages().get(1)));
        gate.awaitPaused();
        DeploymentAbort.Result result = abort(tasks).abort(CODEDEPLOY_ID, "bad config", "alice", BUDGET);
        gate.open();

        assertThatThrownBy(() -> shift.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DeploymentFinishedException.class);
        assertThat(fx.router.requested(fx.routing())).doesNotContain(new Weights(50, 50));
        assertAborted(result);
    }

    @Test
    void anAbortMidBakePutsTrafficBackOnBlue() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        inFlight(tasks, 1);
        assertThat(fx.traffic()).isEqualTo(new Weights(50, 50));

        DeploymentAbort.Result result = abort(tasks).abort(CODEDEPLOY_ID, "bad config", "alice", BUDGET);

        assertAborted(result);
        assertThat(fx.record(CODEDEPLOY_ID)
                        .stagesReached()
                        .get(fx.record(CODEDEPLOY_ID).stagesReached().size() - 1))
                .satisfies(entry -> {
                    assertThat(entry.verdict()).isEqualTo("aborted: aborted by alice: bad config");
                    assertThat(entry.blueWeight()).isEqualTo(100);
                });
        assertThat(codeDeploy.statuses()).containsExactly(HookStatus.FAILED);
    }

    @Test
    void anAbortAtAnApprovalGateClearsItAndStopsTheWaitingExecution() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        inFlight(tasks, 0);
        Instant now = fx.clock.instant();
        fx.ledger.awaitApproval(
                CODEDEPLOY_ID, new PendingApproval("token-1", 1, 50, now, now.plus(Duration.ofHours(1))));

        DeploymentAbort.Result result = abort(tasks).abort(CODEDEPLOY_ID, "not today", "bob", BUDGET);

        assertThat(result.outcome()).isEqualTo(DeploymentAbort.Outcome.ABORTED);
        assertThat(fx.record(CODEDEPLOY_ID).pendingApproval()).isEmpty();
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason()).contains("aborted by bob: not today");
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.executions.execution(EXECUTION).orElseThrow().status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void aStandaloneAbortTellsCodeDeployNothing() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        WorkflowInput input = WorkflowFixture.standaloneInput("orders-2026-11-23-001");
        fx.executions.start("orders-2026-11-23-001", input.toJson());
        DeploymentPlan plan = tasks.validateAndLock().run(input, WorkflowFixture.execution("orders-2026-11-23-001"));
        tasks.shiftTraffic().run(plan, plan.stages().get(0));

        DeploymentAbort.Result result = abort(tasks).abort("orders-2026-11-23-001", "oops", "ci", BUDGET);

        assertThat(result.outcome()).isEqualTo(DeploymentAbort.Outcome.ABORTED);
        assertThat(result.weights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(result.executionStopped()).isTrue();
        assertThat(fx.record("orders-2026-11-23-001").status()).isEqualTo(Status.ABORTED);
        assertThat(codeDeploy.statuses()).isEmpty();
        verify(fx.codeDeploy, never()).stopDeployment(any(), anyBoolean());
    }

    @Test
    void anAbortOfAnEndedDeploymentChangesNothingAndSaysSo() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        inFlight(tasks, 1);
        DeploymentAbort abort = abort(tasks);
        abort.abort(CODEDEPLOY_ID, "bad config", "alice", BUDGET);

        DeploymentAbort.Result again = abort.abort(CODEDEPLOY_ID, "again", "alice", BUDGET);

        assertThat(again.outcome()).isEqualTo(DeploymentAbort.Outcome.ALREADY_FINISHED);
        assertThat(again.status()).isEqualTo(Status.ABORTED);
        assertThat(again.weights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(again.executionStopped()).isFalse();
        assertThat(again.message()).contains("had already ended aborted");
        assertThat(fx.notifier.published()).hasSize(1);
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason()).contains("aborted by alice: bad config");
    }

    @Test
    void anUnknownDeploymentIsRefusedBeforeAnythingIsTouched() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        inFlight(tasks, 0);

        assertThatThrownBy(() -> abort(tasks).abort("d-NOSUCH000", "x", "alice", BUDGET))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("d-NOSUCH000")
                .hasMessageContaining("cutover history");
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(fx.executions.isRunning(EXECUTION)).isTrue();
    }

    private void assertAborted(DeploymentAbort.Result result) {
        assertThat(result.outcome()).isEqualTo(DeploymentAbort.Outcome.ABORTED);
        assertThat(result.status()).isEqualTo(Status.ABORTED);
        assertThat(result.weights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(result.executionStopped()).isTrue();
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.ABORTED);
        assertThat(record.outcomeReason()).contains("aborted by alice: bad config");
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(fx.notifier.published())
                .extracting(DeploymentNotification::outcome)
                .containsExactly(Status.ABORTED);
        assertThat(fx.executions.execution(EXECUTION).orElseThrow().status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(fx.executions.execution(EXECUTION).orElseThrow().error()).contains(DeploymentAbort.STOP_ERROR);
    }

    private DeploymentPlan inFlight(WorkflowTaskSet tasks, int last) {
        return fx.inFlight(tasks, last);
    }

    private DeploymentAbort abort(WorkflowTaskSet tasks) {
        return new DeploymentAbort(
                new SpecResolver(fx.specs),
                Optional.of(WorkflowFixture.PARAMETER),
                fx.ledger,
                fx.executions,
                WorkflowFixture.STATE_MACHINE,
                tasks.deploymentRollback());
    }
}
