package dev.cutover.core.workflow;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.FencingRaceTest.CodeDeployHooks;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollback puts traffic on blue before anything else changes (issue 13, target 4): every port call of the alarm
 * path, {@code cutover abort} and the workflow's Rollback task is recorded in order, and the first state-changing
 * one must be the write of 100% blue, preceded only by the reads that say which route and whose listener it is.
 * The races that writing before deciding opens are driven by a latch on the rollback's decision.
 */
class TrafficFirstTest {

    static final Duration BUDGET = Duration.ofMinutes(14);

    /** The port calls that change something; every other call is a read. */
    static final Set<String> WRITES = Set.of(
            "TrafficRouter.apply",
            "DeploymentLock.acquire",
            "DeploymentLock.renew",
            "DeploymentLock.decide",
            "DeploymentLock.release",
            "DeploymentLedger.start",
            "DeploymentLedger.stageReached",
            "DeploymentLedger.finish",
            "DeploymentLedger.rollBackInsideWindow",
            "DeploymentLedger.awaitApproval",
            "DeploymentLedger.clearApproval",
            "DeploymentLedger.openRollbackWindow",
            "DeploymentLedger.closeRollbackWindow",
            "WorkflowExecutions.start",
            "WorkflowExecutions.stop",
            "HookStatusReporter.report",
            "DeploymentControl.stopDeployment",
            "Notifier.publish");

    final WorkflowFixture fx = new WorkflowFixture();
    final CodeDeployHooks codeDeploy = new CodeDeployHooks();
    final Calls calls = new Calls();
    final WorkflowTaskSet tasks = fx.builder()
            .specs(calls.wrap(SpecRepository.class, fx.specs))
            .router(calls.wrap(TrafficRouter.class, fx.router))
            .lock(calls.wrap(DeploymentLock.class, fx.lock))
            .ledger(calls.wrap(DeploymentLedger.class, fx.ledger))
            .notifier(calls.wrap(Notifier.class, fx.notifier))
            .hookReporter(calls.wrap(HookStatusReporter.class, codeDeploy))
            .deploymentControl(calls.wrap(DeploymentControl.class, fx.codeDeploy))
            .build();
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        calls.release();
        background.shutdownNow();
    }

    @Test
    void theAlarmPathWritesBlueBeforeItStopsTheExecutionOrTouchesTheLockLedgerCodeDeployOrPeople() {
        fx.inFlight(tasks, 1);
        calls.clear();

        alarmTrigger().onStateChange(alarmOn("orders-5xx"), BUDGET);

        assertThat(calls.firstWrite()).isEqualTo("TrafficRouter.apply(blue 100 / green 0)");
        assertThat(calls.readsBeforeFirstWrite())
                .as("only the reads that say which route and whose listener it is")
                .containsExactly("SpecRepository.load", "DeploymentLedger.findInFlight", "DeploymentLock.holder");
        assertThat(calls.writes())
                .as("then the decision, the execution, CodeDeploy, the ledger, the lock and people, in that order")
                .containsSubsequence(
                        "TrafficRouter.apply(blue 100 / green 0)",
                        "DeploymentLock.decide",
                        "WorkflowExecutions.stop",
                        "HookStatusReporter.report",
                        "DeploymentLedger.finish",
                        "DeploymentLock.release",
                        "Notifier.publish");
        assertRolledBack(Status.ROLLED_BACK);
        assertThat(fx.executions.executions().get(0).status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void anAbortWritesBlueBeforeItDecidesOrStopsAnything() {
        fx.inFlight(tasks, 1);
        calls.clear();

        abort().abort(CODEDEPLOY_ID, "bad config", "alice", BUDGET);

        assertThat(calls.firstWrite()).isEqualTo("TrafficRouter.apply(blue 100 / green 0)");
        assertThat(calls.writes())
                .containsSubsequence(
                        "TrafficRouter.apply(blue 100 / green 0)",
                        "DeploymentLock.decide",
                        "HookStatusReporter.report",
                        "DeploymentLedger.finish",
                        "WorkflowExecutions.stop");
        assertRolledBack(Status.ABORTED);
    }

    @Test
    void theWorkflowsRollbackTaskWritesBlueBeforeItDecides() {
        DeploymentPlan plan = fx.inFlight(tasks, 1);
        calls.clear();

        tasks.rollback().run(plan, "UNHEALTHY: 5xx-rate", BUDGET);

        assertThat(calls.firstWrite()).isEqualTo("TrafficRouter.apply(blue 100 / green 0)");
        assertThat(calls.readsBeforeFirstWrite()).containsExactly("SpecRepository.load", "DeploymentLock.holder");
        assertRolledBack(Status.ROLLED_BACK);
    }

    @Test
    void aShiftThatLandsBetweenTheFirstWriteAndTheDecisionIsUndoneByTheRollback() throws Exception {
        DeploymentPlan plan = fx.inFlight(tasks, 0);
        calls.pauseAt("DeploymentLock.decide");

        // the alarm path has written 100% blue and pauses before deciding the fence
        Future<?> alarm = background.submit(() -> alarmTrigger().onStateChange(alarmOn("orders-5xx"), BUDGET));
        calls.awaitPaused();
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        // a ShiftTraffic still running finds its fence HELD before and after its write of 50%: the write stands
        tasks.shiftTraffic().run(plan, plan.stages().get(1));
        assertThat(fx.traffic()).isEqualTo(new Weights(50, 50));
        calls.open();
        alarm.get(30, TimeUnit.SECONDS);

        assertRolledBack(Status.ROLLED_BACK);
        assertThat(fx.router.requested(fx.routing()))
                .as("blue first, the shift's 50%, blue again once decided")
                .containsSubsequence(Weights.ALL_BLUE, new Weights(50, 50), Weights.ALL_BLUE);
    }

    @Test
    void ofAnAlarmEventDeliveredTwiceAtOnceTheLaterTriggerLosesAndChangesNothing() throws Exception {
        fx.inFlight(tasks, 1);
        calls.pauseAt("DeploymentLock.decide");

        // one delivery (EventBridge delivers at least once) has written 100% blue and pauses before deciding
        Future<AlarmTrigger.Result> late =
                background.submit(() -> alarmTrigger().onStateChange(alarmOn("orders-5xx"), BUDGET));
        calls.awaitPaused();
        // the other delivery runs the whole rollback meanwhile
        AlarmTrigger.Result first = alarmTrigger().onStateChange(alarmOn("orders-5xx"), BUDGET);
        int writesBefore = calls.writes().size();
        calls.open();
        AlarmTrigger.Result second = late.get(30, TimeUnit.SECONDS);

        assertThat(first.rollback())
                .hasValueSatisfying(r -> assertThat(r.alreadyFinished()).isFalse());
        assertThat(second.rollback())
                .hasValueSatisfying(r -> assertThat(r.alreadyFinished()).isTrue());
        assertThat(calls.writes().subList(writesBefore, calls.writes().size()))
                .as("the late trigger's decision is refused, and it reports, records and tells nothing")
                .doesNotContain(
                        "HookStatusReporter.report",
                        "DeploymentLedger.finish",
                        "Notifier.publish",
                        "DeploymentControl.stopDeployment");
        assertRolledBack(Status.ROLLED_BACK);
    }

    private void assertRolledBack(Status status) {
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(status);
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(codeDeploy.statuses()).containsExactly(HookStatus.FAILED);
        assertThat(fx.notifier.published())
                .extracting(DeploymentNotification::outcome)
                .containsExactly(status);
    }

    private AlarmTrigger alarmTrigger() {
        return new AlarmTrigger(
                calls.wrap(SpecRepository.class, fx.specs),
                WorkflowFixture.PARAMETER,
                calls.wrap(DeploymentLedger.class, fx.ledger),
                calls.wrap(WorkflowExecutions.class, fx.executions),
                WorkflowFixture.STATE_MACHINE,
                tasks.deploymentRollback());
    }

    private DeploymentAbort abort() {
        return new DeploymentAbort(
                new SpecResolver(calls.wrap(SpecRepository.class, fx.specs)),
                Optional.of(WorkflowFixture.PARAMETER),
                calls.wrap(DeploymentLedger.class, fx.ledger),
                calls.wrap(WorkflowExecutions.class, fx.executions),
                WorkflowFixture.STATE_MACHINE,
                tasks.deploymentRollback());
    }

    private static AlarmStateChange alarmOn(String alarm) {
        return new AlarmStateChange(alarm, "ALARM", Optional.of("OK"), "Threshold Crossed");
    }

    /**
     * Every call of the wrapped ports, in order, as {@code Port.method} (the router's writes with their weights),
     * and a latch that pauses one method on a thread other than the test's until {@link #open}.
     */
    static final class Calls {
        private final Thread test = Thread.currentThread();
        private final List<String> log = new CopyOnWriteArrayList<>();
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile String pauseAt;

        <T> T wrap(Class<T> port, T target) {
            InvocationHandler handler = (proxy, method, args) -> {
                String name = port.getSimpleName() + "." + method.getName();
                if (method.getDeclaringClass() == Object.class) {
                    return invoke(method, target, args);
                }
                log.add(name.equals("TrafficRouter.apply") ? name + "(" + args[1] + ")" : name);
                if (name.equals(pauseAt) && Thread.currentThread() != test) {
                    pauseAt = null;
                    paused.countDown();
                    if (!opened.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the latch was never opened");
                    }
                }
                return invoke(method, target, args);
            };
            return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        void pauseAt(String call) {
            pauseAt = call;
        }

        void awaitPaused() throws InterruptedException {
            assertThat(paused.await(30, TimeUnit.SECONDS))
                    .as("the paused call was reached")
                    .isTrue();
        }

        void open() {
            opened.countDown();
        }

        void release() {
            opened.countDown();
        }

        void clear() {
            log.clear();
        }

        List<String> writes() {
            return log.stream().filter(Calls::isWrite).toList();
        }

        String firstWrite() {
            return writes().stream().findFirst().orElse("no write");
        }

        List<String> readsBeforeFirstWrite() {
            return log.stream().takeWhile(call -> !isWrite(call)).toList();
        }

        private static boolean isWrite(String call) {
            return WRITES.contains(call.contains("(") ? call.substring(0, call.indexOf('(')) : call);
        }

        @Override
        public String toString() {
            return Arrays.toString(log.toArray());
        }
    }
}
