package dev.cutover.core.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The races of issue 9 section 3, with the production tasks over the in-memory adapters, each interleaving driven
 * by a gate on one port call of one thread. Each asserts what a user sees at the end: listener weights, the ledger,
 * the lock, what CodeDeploy was told and what people were told.
 */
class FencingRaceTest {

    static final Duration BUDGET = Duration.ofMinutes(14);

    final WorkflowFixture fx = new WorkflowFixture();
    final CodeDeployHooks codeDeploy = new CodeDeployHooks();
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void aShiftThatResumesAfterTheAlarmRollbackNeitherTakesTheLockBackNorMovesTraffic() throws Exception {
        Gate gate = new Gate();
        WorkflowTaskSet tasks =
                fx.builder().specs(gate.on(fx.specs)).hookReporter(codeDeploy).build();
        DeploymentPlan plan = inFlightAtTen(tasks);

        // ShiftTraffic to 50%: it has checked the ledger (in progress) and pauses loading the spec
        Future<?> shift = background.submit(
                () -> tasks.shiftTraffic().run(plan, plan.stages().get(1)));
        gate.awaitPaused();
        // meanwhile the alarm path stops the execution (a running Lambda goes on) and rolls back
        alarm(tasks).onStateChange(alarmOn(), BUDGET);
        gate.open();

        assertThatThrownBy(() -> join(shift)).hasCauseInstanceOf(DeploymentFinishedException.class);
        assertRolledBack();
        assertThat(fx.router.requested(fx.routing())).doesNotContain(new Weights(50, 50));
    }

    @Test
    void aShiftWhoseWriteLandsAfterTheRollbackPutsTrafficBackOnBlue() throws Exception {
        Gate gate = new Gate();
        GatedRouter router = new GatedRouter(fx.router, gate);
        WorkflowTaskSet tasks =
                fx.builder().router(router).hookReporter(codeDeploy).build();
        DeploymentPlan plan = inFlightAtTen(tasks);

        // ShiftTraffic to 50%: its fence held when it checked; its write is in flight
        gate.armFor(50);
        Future<?> shift = background.submit(
                () -> tasks.shiftTraffic().run(plan, plan.stages().get(1)));
        gate.awaitPaused();
        alarm(tasks).onStateChange(alarmOn(), BUDGET);
        gate.open();

        assertThatThrownBy(() -> join(shift)).hasCauseInstanceOf(DeploymentFinishedException.class);
        assertRolledBack();
        assertThat(fx.router.requested(fx.routing())).contains(new Weights(50, 50)); // it landed, and was undone
    }

    @Test
    void aFinalizeDuringTheAlarmRollbackLosesAndTheRollbackEndsTheDeployment() throws Exception {
        Gate gate = new Gate();
        GatedRouter router = new GatedRouter(fx.router, gate);
        WorkflowTaskSet tasks =
                fx.builder().router(router).hookReporter(codeDeploy).build();
        DeploymentPlan plan = inFlight(tasks, 2);

        // the alarm path's rollback is under way: it pauses reading the listener
        gate.armForReads();
        Future<?> rollback = background.submit(() -> alarm(tasks).onStateChange(alarmOn(), BUDGET));
        gate.awaitPaused();
        // the execution's Finalize (a Lambda already running when the execution was stopped)
        Throwable finalizeError =
                catchThrowable(() -> tasks.finalizeDeployment().run(plan));
        gate.open();
        join(rollback);

        assertThat(finalizeError).isInstanceOf(DeploymentFinishedException.class);
        assertRolledBack();
    }

    @Test
    void aFinalizeToldAlreadyCompletedAsksCodeDeployAndRollsBackWhenTheHookWasFailed() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        DeploymentPlan plan = inFlight(tasks, 2);
        // BeforeAllowTraffic ran out of time and reported Failed while its workflow went on
        codeDeploy.report(WorkflowFixture.HOOK, HookStatus.FAILED);
        when(fx.codeDeploy.recordedHookStatus(CODEDEPLOY_ID, "BeforeAllowTraffic"))
                .thenReturn(Optional.of(HookStatus.FAILED));

        assertThatThrownBy(() -> tasks.finalizeDeployment().run(plan))
                .isInstanceOf(DeploymentFinishedException.class)
                .hasMessageContaining("CodeDeploy recorded BeforeAllowTraffic as FAILED");

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(codeDeploy.statuses()).containsExactly(HookStatus.FAILED);
        verify(fx.codeDeploy).stopDeployment(CODEDEPLOY_ID, true);
        assertThat(fx.notifier.published())
                .extracting(DeploymentNotification::outcome)
                .containsExactly(Status.ROLLED_BACK);
    }

    @Test
    void aRepeatedFinalizeWhoseSucceededCodeDeployRecordedPromotes() {
        WorkflowTaskSet tasks = fx.builder().hookReporter(codeDeploy).build();
        DeploymentPlan plan = inFlight(tasks, 2);
        codeDeploy.report(WorkflowFixture.HOOK, HookStatus.SUCCEEDED); // the first try reported, then died
        when(fx.codeDeploy.recordedHookStatus(CODEDEPLOY_ID, "BeforeAllowTraffic"))
                .thenReturn(Optional.of(HookStatus.SUCCEEDED));

        tasks.finalizeDeployment().run(plan);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_GREEN);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.PROMOTED);
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(fx.notifier.published())
                .extracting(DeploymentNotification::outcome)
                .containsExactly(Status.PROMOTED);
    }

    /** Everything a user sees agrees that the deployment was rolled back by the alarm. */
    private void assertRolledBack() {
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(codeDeploy.statuses()).containsExactly(HookStatus.FAILED);
        assertThat(fx.notifier.published())
                .extracting(DeploymentNotification::outcome)
                .containsExactly(Status.ROLLED_BACK);
    }

    private DeploymentPlan inFlightAtTen(WorkflowTaskSet tasks) {
        return inFlight(tasks, 0);
    }

    private DeploymentPlan inFlight(WorkflowTaskSet tasks, int last) {
        return fx.inFlight(tasks, last);
    }

    private AlarmTrigger alarm(WorkflowTaskSet tasks) {
        return new AlarmTrigger(
                fx.specs,
                WorkflowFixture.PARAMETER,
                fx.ledger,
                fx.executions,
                WorkflowFixture.STATE_MACHINE,
                tasks.deploymentRollback());
    }

    private static AlarmStateChange alarmOn() {
        return new AlarmStateChange("orders-5xx", "ALARM", Optional.of("OK"), "Threshold Crossed");
    }

    private static Object join(Future<?> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Pauses the first matching call of one port on a thread other than the test's, until {@link #open}. Once
     * opened, every call goes through.
     */
    static final class Gate {
        private final Thread test = Thread.currentThread();
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile boolean used;
        private volatile Integer greenPercent;
        private volatile boolean reads;

        /** Pause a write of this green percent (for a {@link GatedRouter}). */
        void armFor(int green) {
            this.greenPercent = green;
        }

        /** Pause a read of the listener (for a {@link GatedRouter}). */
        void armForReads() {
            this.reads = true;
        }

        boolean matchesWrite(Weights weights) {
            Integer g = greenPercent;
            return g != null && weights.green() == g;
        }

        boolean matchesRead() {
            return reads;
        }

        void pauseHere() {
            if (Thread.currentThread() == test || used) {
                return;
            }
            used = true;
            paused.countDown();
            try {
                if (!opened.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitPaused() throws InterruptedException {
            assertThat(paused.await(30, TimeUnit.SECONDS))
                    .as("the gated call was reached")
                    .isTrue();
        }

        void open() {
            opened.countDown();
        }

        SpecRepository on(SpecRepository specs) {
            return reference -> {
                pauseHere();
                return specs.load(reference);
            };
        }
    }

    /** A router whose chosen call pauses at the gate, outside the real router's own lock. */
    static final class GatedRouter implements TrafficRouter {
        private final TrafficRouter router;
        private final Gate gate;

        GatedRouter(TrafficRouter router, Gate gate) {
            this.router = router;
            this.gate = gate;
        }

        @Override
        public Weights read(Routing routing) {
            if (gate.matchesRead()) {
                gate.pauseHere();
            }
            return router.read(routing);
        }

        @Override
        public void apply(Routing routing, Weights weights) {
            if (gate.matchesWrite(weights)) {
                gate.pauseHere();
            }
            router.apply(routing, weights);
        }
    }

    /**
     * CodeDeploy's side of the hook: the first status reported is the one it keeps; a later report is answered
     * "already completed", as PutLifecycleEventHookExecutionStatus does.
     */
    static final class CodeDeployHooks implements HookStatusReporter {
        private final List<HookStatus> kept = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public synchronized Outcome report(HookExecution execution, HookStatus status) {
            if (!kept.isEmpty()) {
                return Outcome.ALREADY_COMPLETED;
            }
            kept.add(status);
            return Outcome.REPORTED;
        }

        List<HookStatus> statuses() {
            return List.copyOf(kept);
        }
    }
}
