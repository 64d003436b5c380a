package dev.cutover.core.workflow;

import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.error.InvalidWorkflowInputException;

import static dev.cutover.core.workflow.WorkflowFixture.CODEDEPLOY_ID;
import static dev.cutover.core.workflow.WorkflowFixture.PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.error.SpecException;
import dev.cutover.testing.InMemoryTrafficRouter;
import dev.cutover.testing.InMemoryTrafficRouter.ApplyOutcome;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.model.Weights;

class DeploymentWorkflowTest {

    static final HookExecution HOOK = new HookExecution(CODEDEPLOY_ID, WorkflowFixture.HOOK_EXECUTION_ID);
    static final Duration BUDGET = Duration.ofMinutes(14);

    final WorkflowFixture fx = new WorkflowFixture();
    DeploymentWorkflow workflow = fx.workflow();

    DeploymentPlan planFromHook() {
        return workflow.validateAndLock(WorkflowFixture.codeDeployInput(), WorkflowFixture.execution(CODEDEPLOY_ID));
    }

    /** Shifts stages 0..last, as the Map state would. */
    void shiftThrough(DeploymentPlan plan, int last) {
        for (int i = 0; i <= last; i++) {
            workflow.shift(plan, plan.stages().get(i));
            fx.clock.advance(Duration.ofSeconds(plan.stages().get(i).bakeSeconds()));
        }
    }

    /** Shifts, bakes with healthy traffic and judges stages 0..last, as the Map state would. */
    void passThrough(DeploymentPlan plan, int last) {
        for (int i = 0; i <= last; i++) {
            PlannedStage stage = plan.stages().get(i);
            ShiftOutcome shifted = workflow.shift(plan, stage);
            fx.serve(200, 0, 200);
            fx.clock.advance(Duration.ofSeconds(stage.bakeSeconds()));
            workflow.judge(plan, stage, Optional.of(shifted));
        }
    }

    static void assertSumsTo100(Weights w) {
        assertThat(w.blue() + w.green()).isEqualTo(100);
    }

    // ---- promotion

    @Test
    void aHookStartedDeploymentWalksTenFiftyHundredAndIsPromoted() {
        DeploymentPlan plan = planFromHook();

        assertThat(plan.deploymentId()).isEqualTo(CODEDEPLOY_ID);
        assertThat(plan.standalone()).isFalse();
        assertThat(plan.stages()).containsExactly(new PlannedStage(0, 10, 60), new PlannedStage(1, 50, 60),
                new PlannedStage(2, 100, 60));
        assertThat(plan.spec()).isEqualTo(new SpecReference.Parameter(PARAMETER + ":1"));
        assertThat(plan.lockToken()).isEqualTo(CODEDEPLOY_ID + "@2026-03-01T10:00:00Z");

        passThrough(plan, 2);
        Promotion promotion = workflow.finalizeDeployment(plan);

        assertThat(fx.router.history(fx.routing())).containsExactly(Weights.ALL_BLUE, new Weights(90, 10),
                new Weights(50, 50), Weights.ALL_GREEN);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.PROMOTED);
        assertThat(record.specVersion()).isEqualTo("1");
        assertThat(record.stagesReached()).extracting(StageEntry::index, StageEntry::percent, StageEntry::blueWeight,
                StageEntry::greenWeight).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 10, 90, 10),
                        org.assertj.core.groups.Tuple.tuple(0, 10, 90, 10),
                        org.assertj.core.groups.Tuple.tuple(1, 50, 50, 50),
                        org.assertj.core.groups.Tuple.tuple(1, 50, 50, 50),
                        org.assertj.core.groups.Tuple.tuple(2, 100, 0, 100),
                        org.assertj.core.groups.Tuple.tuple(2, 100, 0, 100));
        assertThat(record.stagesReached()).extracting(StageEntry::verdict)
                .filteredOn(v -> !v.equals("shifted")).hasSize(3)
                .allSatisfy(v -> assertThat(v).startsWith("HEALTHY").contains("200"));
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(fx.notifier.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.PROMOTED);
            assertThat(n.stageReached()).isEqualTo(100);
            assertThat(n.deploymentId()).isEqualTo(CODEDEPLOY_ID);
        });
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.SUCCEEDED);
        verify(fx.hooks, never()).report(any(), org.mockito.ArgumentMatchers.eq(HookStatus.FAILED));
        verifyNoInteractions(fx.codeDeploy);
        assertThat(promotion.codeDeploy()).isEqualTo("reported BeforeAllowTraffic Succeeded");
        assertThat(promotion.notified()).isTrue();
    }

    @Test
    void aRepeatedFinalizeReportsAgainHarmlesslyButPublishesOnce() {
        DeploymentPlan plan = planFromHook();
        passThrough(plan, 2);
        workflow.finalizeDeployment(plan);
        when(fx.hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.ALREADY_COMPLETED);

        Promotion again = workflow.finalizeDeployment(plan);

        assertThat(again.notified()).isFalse();
        assertThat(again.codeDeploy()).contains("already had a status");
        assertThat(fx.notifier.published()).hasSize(1);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.PROMOTED);
    }

    @Test
    void aStandaloneDeploymentRunsItsOwnChecksAndHasNoHookToReport() {
        when(fx.smoke.run(any(), any(), any())).thenReturn(List.of(CheckResult.pass("smoke:health", "200 in 12 ms",
                Duration.ofMillis(12))));
        DeploymentPlan plan = workflow.validateAndLock(WorkflowFixture.standaloneInput("orders-2026-03-01"),
                WorkflowFixture.execution("orders-2026-03-01"));

        assertThat(plan.standalone()).isTrue();
        assertThat(workflow.preTrafficChecks(plan, BUDGET)).extracting(CheckResult::name)
                .containsExactly("smoke:health", "alarms");
        verify(fx.smoke).run(org.mockito.ArgumentMatchers.eq(fx.routing().testUrl()), any(), any());
        passThrough(plan, 2);
        workflow.postTrafficChecks(plan, BUDGET);
        verify(fx.smoke).run(org.mockito.ArgumentMatchers.eq(fx.routing().productionUrl()), any(), any());
        Promotion promotion = workflow.finalizeDeployment(plan);

        assertThat(promotion.codeDeploy()).isEqualTo("no CodeDeploy hook (standalone)");
        assertThat(fx.record("orders-2026-03-01").status()).isEqualTo(Status.PROMOTED);
        verifyNoInteractions(fx.hooks, fx.codeDeploy);
    }

    @Test
    void failedPreTrafficChecksNameEveryFailure() {
        when(fx.smoke.run(any(), any(), any())).thenReturn(List.of(CheckResult.fail("smoke:health",
                "expected status 200, got 503", Duration.ofMillis(9))));
        when(fx.alarms.states(any())).thenReturn(Map.of("orders-5xx", AlarmState.ALARM));
        DeploymentPlan plan = workflow.validateAndLock(WorkflowFixture.standaloneInput("orders-1"),
                WorkflowFixture.execution("orders-1"));

        assertThatThrownBy(() -> workflow.preTrafficChecks(plan, BUDGET))
                .isInstanceOf(ChecksFailedException.class)
                .hasMessage("pre-traffic checks failed (2 of 2): smoke:health: expected status 200, got 503; "
                        + "alarms: 1 alarm in ALARM: orders-5xx");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
    }

    // ---- health

    @Test
    void anUnhealthyStageFailsWithTheNumbersAndTheLedgerKeepsThem() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = workflow.shift(plan, first);
        fx.serve(300, 12, 2700);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> workflow.judge(plan, first, Optional.of(shifted)))
                .isInstanceOfSatisfying(HealthGateFailedException.class, e -> {
                    assertThat(e.verdict().status()).isEqualTo(dev.cutover.core.port.model.HealthVerdict.Status.UNHEALTHY);
                    assertThat(e.verdict().gates().get(0).greenRequests()).isEqualTo(300);
                    assertThat(e.verdict().gates().get(0).greenValue()).contains(0.04);
                })
                .hasMessageContaining("12/300");
        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().verdict()).startsWith("UNHEALTHY")
                .contains("12/300");
    }

    @Test
    void tooFewRequestsIsInconclusiveAndFailsClosed() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = workflow.shift(plan, first);
        fx.serve(40, 0, 360);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> workflow.judge(plan, first, Optional.of(shifted)))
                .isInstanceOfSatisfying(HealthGateFailedException.class, e -> assertThat(e.verdict().status())
                        .isEqualTo(dev.cutover.core.port.model.HealthVerdict.Status.INCONCLUSIVE))
                .hasMessageContaining("40");
    }

    @Test
    void theBakeWindowStartsAtTheShiftSoEarlierTrafficDoesNotCount() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        fx.serve(500, 500, 0);
        fx.clock.advance(Duration.ofSeconds(5));
        ShiftOutcome shifted = workflow.shift(plan, first);
        fx.serve(200, 0, 1800);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThat(workflow.judge(plan, first, Optional.of(shifted)).healthy()).isTrue();
    }

    @Test
    void anAlarmInAlarmFailsTheStage() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = workflow.shift(plan, first);
        fx.serve(200, 0, 1800);
        fx.clock.advance(Duration.ofSeconds(60));
        when(fx.alarms.states(any())).thenReturn(Map.of("orders-5xx", AlarmState.ALARM));

        assertThatThrownBy(() -> workflow.judge(plan, first, Optional.of(shifted)))
                .isInstanceOf(HealthGateFailedException.class).hasMessageContaining("orders-5xx");
    }

    // ---- lock

    @Test
    void aSecondDeploymentOfTheServiceFailsFastNamingTheHolderAndTouchesNoTraffic() {
        planFromHook();

        assertThatThrownBy(() -> workflow.validateAndLock(WorkflowFixture.standaloneInput("orders-hotfix"),
                WorkflowFixture.execution("orders-hotfix")))
                .isInstanceOf(DeploymentInProgressException.class)
                .hasMessageContaining("locked by deployment " + CODEDEPLOY_ID)
                .satisfies(e -> assertThat(((DeploymentInProgressException) e).holderDeploymentId())
                        .isEqualTo(CODEDEPLOY_ID));
        assertThat(fx.router.requested(fx.routing())).isEmpty();
        assertThat(fx.ledger.find("orders-hotfix")).isEmpty();
        assertThat(fx.lock.holder("orders")).hasValueSatisfying(l -> assertThat(l.deploymentId())
                .isEqualTo(CODEDEPLOY_ID));
    }

    @Test
    void theLockLastsTheTotalBakePlusTheMarginAndLapsesForADeadExecution() {
        planFromHook();
        Duration lease = Duration.ofSeconds(180).plus(DeploymentWorkflow.LOCK_MARGIN);

        assertThat(fx.lock.holder("orders").orElseThrow().expiresAt())
                .isEqualTo(java.time.Instant.parse("2026-03-01T10:00:00Z").plus(lease));
        fx.clock.advance(lease);
        DeploymentPlan next = workflow.validateAndLock(WorkflowFixture.standaloneInput("orders-next"),
                WorkflowFixture.execution("orders-next"));
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo(next.deploymentId());
    }

    @Test
    void aRetriedValidateAndLockKeepsTheLockAndTheLedgerEntry() {
        DeploymentPlan first = planFromHook();
        fx.clock.advance(Duration.ofSeconds(5));
        DeploymentPlan again = planFromHook();

        assertThat(again).isEqualTo(first);
        assertThat(fx.ledger.all()).hasSize(1);
    }

    @Test
    void whenTheLedgerCannotBeOpenedTheLockIsGivenBack() {
        workflow = fx.builder().ledger(new FailingLedger(fx.ledger)).build();

        assertThatThrownBy(this::planFromHook).isInstanceOf(TransientDependencyException.class);
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    @Test
    void aFinishedDeploymentCannotRunAgainUnderTheSameId() {
        DeploymentPlan plan = planFromHook();
        workflow.rollBack(plan, "HealthGateFailedException: 5xx", BUDGET);

        assertThatThrownBy(this::planFromHook).isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("deploymentId: deployment d-ABCDEF123 already ran and rolled back");
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    // ---- rollback

    /** -1: right after ValidateAndLock; k: after stage k's shift (k = 2 is 100% green, before its judging). */
    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 2})
    void aRollbackFromAnyStageEndsAtAllBlue(int lastShifted) {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, lastShifted);

        RollbackOutcome outcome = workflow.rollBack(plan, "HealthGateFailedException: p99 820 ms > 500 ms", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(outcome.weights()).contains(Weights.ALL_BLUE);
        fx.router.history(fx.routing()).forEach(DeploymentWorkflowTest::assertSumsTo100);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason()).contains("HealthGateFailedException: p99 820 ms > 500 ms");
        assertThat(record.lastStage()).hasValueSatisfying(e -> {
            assertThat(e.index()).isEqualTo(3);
            assertThat(e.blueWeight()).isEqualTo(100);
            assertThat(e.verdict()).startsWith("rolled back: ");
        });
        assertThat(fx.lock.holder("orders")).isEmpty();
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        verify(fx.hooks, never()).report(HOOK, HookStatus.SUCCEEDED);
        verifyNoInteractions(fx.codeDeploy);
        int reached = lastShifted < 0 ? DeploymentNotification.NO_STAGE : plan.stages().get(lastShifted).percent();
        assertThat(fx.notifier.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.ROLLED_BACK);
            assertThat(n.stageReached()).isEqualTo(reached);
            assertThat(n.reason()).contains("p99 820 ms");
        });
    }

    @Test
    void aRollbackAfterAPartialShiftEndsAtAllBlue() {
        fx.router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new InMemoryTrafficRouter.Faults() {
            @Override
            public ApplyOutcome onApply(Routing routing, Weights current, Weights requested) {
                return requested.green() == 50
                        ? ApplyOutcome.failsLeaving(new Weights(30, 70), new DependencyException("ModifyListener "
                                + "failed half way"))
                        : ApplyOutcome.takes(requested);
            }
        });
        workflow = fx.workflow();
        DeploymentPlan plan = planFromHook();
        workflow.shift(plan, plan.stages().get(0));

        assertThatThrownBy(() -> workflow.shift(plan, plan.stages().get(1))).isInstanceOf(DependencyException.class);
        assertThat(fx.traffic()).isEqualTo(new Weights(30, 70));

        workflow.rollBack(plan, "DependencyException: ModifyListener failed half way", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.notifier.published()).singleElement()
                .satisfies(n -> assertThat(n.stageReached()).isEqualTo(10));
    }

    @Test
    void rollingBackTwiceConvergesOnceAndReportsAndPublishesOnce() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        RollbackOutcome first = workflow.rollBack(plan, "first", BUDGET);
        RollbackOutcome second = workflow.rollBack(plan, "second", BUDGET);

        assertThat(first.alreadyFinished()).isFalse();
        assertThat(second.alreadyFinished()).isTrue();
        assertThat(second.weights()).contains(Weights.ALL_BLUE);
        assertThat(second.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        assertThat(fx.notifier.published()).hasSize(1);
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason()).contains("first");
        assertThat(fx.router.requested(fx.routing())).filteredOn(Weights.ALL_BLUE::equals).hasSize(1);
    }

    @Test
    void whenTheRollbackShiftFailsMidwayItTriesAgainAndStillEndsAtAllBlue() {
        AtomicInteger blueAttempts = new AtomicInteger();
        fx.router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new InMemoryTrafficRouter.Faults() {
            @Override
            public ApplyOutcome onApply(Routing routing, Weights current, Weights requested) {
                if (requested.equals(Weights.ALL_BLUE) && blueAttempts.incrementAndGet() == 1) {
                    return ApplyOutcome.failsLeaving(new Weights(60, 40),
                            new TransientDependencyException("ModifyListener throttled", null));
                }
                return ApplyOutcome.takes(requested);
            }
        });
        workflow = fx.workflow();
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        RollbackOutcome outcome = workflow.rollBack(plan, "HealthGateFailedException: 5xx 4% > 1%", BUDGET);

        assertThat(blueAttempts).hasValue(2);
        assertThat(outcome.weights()).contains(Weights.ALL_BLUE);
        assertThat(fx.router.history(fx.routing())).containsExactly(Weights.ALL_BLUE, new Weights(90, 10),
                new Weights(50, 50), new Weights(60, 40), Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
    }

    @Test
    void whenTrafficCannotBePutBackCodeDeployIsStillToldTheLedgerSaysFailedAndTheLockIsKept() {
        fx.router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new InMemoryTrafficRouter.Faults() {
            @Override
            public ApplyOutcome onApply(Routing routing, Weights current, Weights requested) {
                return requested.equals(Weights.ALL_BLUE)
                        ? ApplyOutcome.failsLeaving(new Weights(70, 30), new DependencyException("AccessDenied"))
                        : ApplyOutcome.takes(requested);
            }
        });
        workflow = fx.workflow();
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        assertThatThrownBy(() -> workflow.rollBack(plan, "HealthGateFailedException: 5xx", BUDGET))
                .isInstanceOf(TrafficShiftException.class)
                .hasMessageContaining("blue 70 / green 30");

        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.FAILED);
        assertThat(record.lastStage().orElseThrow().greenWeight()).isEqualTo(30);
        assertThat(fx.lock.holder("orders")).isPresent();
        assertThat(fx.notifier.published()).singleElement()
                .satisfies(n -> assertThat(n.outcome()).isEqualTo(Status.FAILED));
    }

    @Test
    void aGradualRollbackStepsBackThenEndsAtAllBlue() {
        WorkflowFixture gradual = new WorkflowFixture("{\"mode\": \"gradual\", \"steps\": [25, 0], "
                + "\"stepWaitSeconds\": 30}");
        workflow = gradual.workflow();
        DeploymentPlan plan = workflow.validateAndLock(WorkflowFixture.codeDeployInput(),
                WorkflowFixture.execution(CODEDEPLOY_ID));
        workflow.shift(plan, plan.stages().get(1));

        workflow.rollBack(plan, "alarm", BUDGET);

        assertThat(gradual.router.history(gradual.routing())).containsExactly(Weights.ALL_BLUE, new Weights(50, 50),
                new Weights(75, 25), Weights.ALL_BLUE);
        assertThat(gradual.sleeps).contains(Duration.ofSeconds(30));
    }

    @Test
    void aGradualRollbackThatWouldOutlastTheTaskGoesStraightToBlue() {
        WorkflowFixture gradual = new WorkflowFixture("{\"mode\": \"gradual\", \"steps\": [25, 0], "
                + "\"stepWaitSeconds\": 600}");
        workflow = gradual.workflow();
        DeploymentPlan plan = workflow.validateAndLock(WorkflowFixture.codeDeployInput(),
                WorkflowFixture.execution(CODEDEPLOY_ID));
        workflow.shift(plan, plan.stages().get(1));

        workflow.rollBack(plan, "alarm", Duration.ofMinutes(5));

        assertThat(gradual.router.history(gradual.routing())).containsExactly(Weights.ALL_BLUE, new Weights(50, 50),
                Weights.ALL_BLUE);
    }

    @Test
    void whenCodeDeployHadAlreadyAllowedTrafficTheDeploymentIsStopped() {
        WorkflowInput input = new WorkflowInput("orders", Optional.empty(), new SpecReference.Parameter(PARAMETER),
                Optional.of(WorkflowFixture.hook(LifecycleHook.AFTER_ALLOW_TRAFFIC)));
        DeploymentPlan plan = workflow.validateAndLock(input, WorkflowFixture.execution(CODEDEPLOY_ID));
        shiftThrough(plan, 0);

        RollbackOutcome outcome = workflow.rollBack(plan, "alarm orders-5xx in ALARM", BUDGET);

        verify(fx.codeDeploy, times(1)).stopDeployment(CODEDEPLOY_ID, true);
        verify(fx.hooks, never()).report(any(), any());
        assertThat(outcome.codeDeploy()).startsWith("stopped CodeDeploy deployment d-ABCDEF123 with auto-rollback");
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void whenTheHookHadAlreadyBeenAnsweredTheDeploymentIsStopped() {
        DeploymentPlan plan = planFromHook();
        when(fx.hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.ALREADY_COMPLETED);

        workflow.rollBack(plan, "alarm", BUDGET);

        verify(fx.hooks).report(HOOK, HookStatus.FAILED);
        verify(fx.codeDeploy).stopDeployment(CODEDEPLOY_ID, true);
    }

    @Test
    void aStandaloneRollbackTellsNoCodeDeploy() {
        DeploymentPlan plan = workflow.validateAndLock(WorkflowFixture.standaloneInput("orders-7"),
                WorkflowFixture.execution("orders-7"));
        shiftThrough(plan, 1);

        workflow.rollBack(plan, "ChecksFailedException: post-traffic", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verifyNoInteractions(fx.hooks, fx.codeDeploy);
    }

    @Test
    void aRollbackLeavesTrafficAloneWhenAnotherDeploymentHasTakenTheLockOver() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 0);
        fx.clock.advance(Duration.ofHours(2));
        fx.lock.acquire("orders", "orders-next", Duration.ofHours(1));

        RollbackOutcome outcome = workflow.rollBack(plan, "late", BUDGET);

        assertThat(outcome.weights()).isEmpty();
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo("orders-next");
        verify(fx.hooks).report(HOOK, HookStatus.FAILED);
    }

    @Test
    void aShiftRefusesOnceTheDeploymentWasRolledBack() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 0);
        workflow.rollBack(plan, "alarm orders-5xx in ALARM", BUDGET);

        assertThatThrownBy(() -> workflow.shift(plan, plan.stages().get(1)))
                .isInstanceOf(DeploymentFinishedException.class)
                .hasMessageContaining("already ended: rolled back");
        assertThatThrownBy(() -> workflow.finalizeDeployment(plan)).isInstanceOf(DeploymentFinishedException.class);
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verify(fx.hooks, never()).report(HOOK, HookStatus.SUCCEEDED);
    }

    @Test
    void aRejectedExecutionReportsTheHookFailedAndTouchesNothingElse() {
        planFromHook();
        CodeDeployHook other = new CodeDeployHook("d-XYZXYZ123", "other-hook", LifecycleHook.BEFORE_ALLOW_TRAFFIC);

        RollbackOutcome outcome = workflow.rejected(Optional.of("orders"), Optional.of("d-XYZXYZ123"),
                Optional.of(other), "DeploymentInProgressException: service orders is locked by deployment "
                        + CODEDEPLOY_ID);

        verify(fx.hooks).report(other.execution(), HookStatus.FAILED);
        assertThat(outcome.weights()).isEmpty();
        assertThat(fx.router.requested(fx.routing())).isEmpty();
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo(CODEDEPLOY_ID);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(fx.notifier.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.FAILED);
            assertThat(n.deploymentId()).isEqualTo("d-XYZXYZ123");
        });
    }

    @Test
    void aRejectedSecondExecutionOfARunningDeploymentLeavesThatDeploymentAlone() {
        DeploymentPlan running = planFromHook();
        shiftThrough(running, 0);

        workflow.rejected(Optional.of("orders"), Optional.of(CODEDEPLOY_ID), Optional.empty(),
                "InvalidWorkflowInputException: deploymentId: must run in the execution named d-ABCDEF123");

        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo(CODEDEPLOY_ID);
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
    }

    // ---- validation

    @Test
    void anInvalidInlineSpecIsRefusedWithSpecPrefixedPaths() {
        var doc = Payload.tree(Map.of("version", 1, "service", "orders", "shifting", Map.of("stages",
                List.of(Map.of("percent", 50, "bakeSeconds", 60), Map.of("percent", 20, "bakeSeconds", 60)))));
        WorkflowInput input = new WorkflowInput("orders", Optional.of("orders-1"), new SpecReference.Inline(doc),
                Optional.empty());

        assertThatThrownBy(() -> workflow.validateAndLock(input, WorkflowFixture.execution("orders-1")))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.source()).isEqualTo("input.spec");
                    assertThat(e.errors()).extracting(dev.cutover.core.error.FieldError::path)
                            .contains("spec.routing", "spec.shifting.stages[1].percent");
                });
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    @Test
    void theServiceMustBeTheSpecsAndTheExecutionMustBeNamedAfterTheDeployment() {
        WorkflowInput input = new WorkflowInput("payments", Optional.of("pay/1"),
                new SpecReference.Parameter(PARAMETER), Optional.empty());

        assertThatThrownBy(() -> workflow.validateAndLock(input, WorkflowFixture.execution("random-name")))
                .isInstanceOfSatisfying(InvalidWorkflowInputException.class, e -> assertThat(e.errors())
                        .extracting(dev.cutover.core.error.FieldError::path).containsExactly("service", "deploymentId"))
                .hasMessageContaining("\"payments\" does not match \"orders\"")
                .hasMessageContaining("must run in the execution named \"pay_1-");
    }

    @Test
    void aSpecNamingAnotherListenerThanTheStacksIsRefused() {
        workflow = fx.builder().scope(new RoutingScope(Optional.of(WorkflowFixture.LISTENER.replace("fedcba", "abcdef")),
                        Optional.of(""), java.util.Set.of(WorkflowFixture.BLUE_TG, WorkflowFixture.GREEN_TG)))
                .build();

        assertThatThrownBy(this::planFromHook).isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("routing.productionListenerArn: spec /cutover/orders/spec:1 names "
                        + WorkflowFixture.LISTENER + ", but this stack may only shift");
    }

    @Test
    void aShiftRefusesWhenAnotherDeploymentTookTheLockOverButNotWhenTheRenewalMerelyFails() {
        DeploymentPlan plan = planFromHook();
        dev.cutover.core.port.DeploymentLock flaky = new dev.cutover.core.port.DeploymentLock() {
            @Override
            public dev.cutover.core.port.model.LockLease acquire(String service, String deploymentId, Duration ttl) {
                throw new DependencyException("DynamoDB PutItem: AccessDeniedException");
            }

            @Override
            public void release(String service, String deploymentId) {
                fx.lock.release(service, deploymentId);
            }

            @Override
            public Optional<dev.cutover.core.port.model.LockLease> holder(String service) {
                return fx.lock.holder(service);
            }
        };
        workflow = fx.builder().lock(flaky).build();

        assertThat(workflow.shift(plan, plan.stages().get(0)).weights()).isEqualTo(new Weights(90, 10));

        fx.clock.advance(Duration.ofHours(2));
        fx.lock.acquire("orders", "orders-next", Duration.ofHours(1));
        workflow = fx.workflow();
        assertThatThrownBy(() -> workflow.shift(plan, plan.stages().get(1)))
                .isInstanceOf(DeploymentInProgressException.class).hasMessageContaining("orders-next");
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
    }

    @Test
    void aStageNotInThePlanIsRefused() {
        DeploymentPlan plan = planFromHook();

        assertThatThrownBy(() -> workflow.shift(plan, new PlannedStage(1, 60, 60)))
                .isInstanceOf(InvalidWorkflowInputException.class).hasMessageContaining("stage:");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
    }

    /** A ledger whose start fails as DynamoDB throttling would. */
    static final class FailingLedger implements dev.cutover.core.port.DeploymentLedger {
        private final dev.cutover.core.port.DeploymentLedger delegate;

        FailingLedger(dev.cutover.core.port.DeploymentLedger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void start(DeploymentRecord record) {
            throw new TransientDependencyException("DynamoDB PutItem throttled", null);
        }

        @Override
        public void stageReached(String deploymentId, StageEntry entry) {
            delegate.stageReached(deploymentId, entry);
        }

        @Override
        public void finish(String deploymentId, Status status, String reason, java.time.Instant at) {
            delegate.finish(deploymentId, status, reason, at);
        }

        @Override
        public Optional<DeploymentRecord> find(String deploymentId) {
            return delegate.find(deploymentId);
        }

        @Override
        public Optional<DeploymentRecord> findInFlight(String service) {
            return delegate.findInFlight(service);
        }
    }
}
