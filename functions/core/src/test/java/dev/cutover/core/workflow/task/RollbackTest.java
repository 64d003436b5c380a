package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.ProductionRoute;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.RollbackOutcome;
import dev.cutover.core.workflow.SpecReference;
import dev.cutover.core.workflow.WorkflowInput;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.memory.InMemoryTrafficRouter.ApplyOutcome;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static dev.cutover.testing.WorkflowFixture.HOOK;
import static dev.cutover.testing.WorkflowFixture.PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The Rollback state and the five steps of {@link dev.cutover.core.workflow.DeploymentRollback}: traffic, CodeDeploy,
 * ledger, lock, people.
 */
class RollbackTest extends WorkflowTaskTest {

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 2})
    void aRollbackFromAnyStageEndsAtAllBlue(int lastShifted) {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, lastShifted);

        RollbackOutcome outcome = tasks.rollback().run(plan, "HealthGateFailedException: p99 820 ms > 500 ms", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(outcome.weights()).contains(Weights.ALL_BLUE);
        fx.router.history(fx.routing()).forEach(WorkflowTaskTest::assertSumsTo100);
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
        // asked only which group is blue (GetDeploymentTarget), never stopped
        verify(fx.codeDeploy, never()).stopDeployment(any(), org.mockito.ArgumentMatchers.anyBoolean());
        int reached = lastShifted < 0
                ? DeploymentNotification.NO_STAGE
                : plan.stages().get(lastShifted).percent();
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
                        ? ApplyOutcome.failsLeaving(
                                new Weights(30, 70), new DependencyException("ModifyListener " + "failed half way"))
                        : ApplyOutcome.takes(requested);
            }
        });
        tasks = fx.tasks();
        DeploymentPlan plan = planFromHook();
        tasks.shiftTraffic().run(plan, plan.stages().get(0));

        assertThatThrownBy(() -> tasks.shiftTraffic().run(plan, plan.stages().get(1)))
                .isInstanceOf(DependencyException.class);
        assertThat(fx.traffic()).isEqualTo(new Weights(30, 70));

        tasks.rollback().run(plan, "DependencyException: ModifyListener failed half way", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.stageReached()).isEqualTo(10));
    }

    @Test
    void theRollbackIsAlsoPublishedToTheTopicTheSpecNames() {
        specNamingTheTeamsTopic();
        DeploymentPlan plan = planFromHook();
        tasks.shiftTraffic().run(plan, plan.stages().get(0));

        tasks.rollback().run(plan, "health gate failed", BUDGET);

        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.notifier.specTopics()).singleElement().asString().startsWith(TEAM_TOPIC + ": ");
    }

    @Test
    void rollingBackTwiceConvergesOnceAndReportsAndPublishesOnce() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        RollbackOutcome first = tasks.rollback().run(plan, "first", BUDGET);
        RollbackOutcome second = tasks.rollback().run(plan, "second", BUDGET);

        assertThat(first.alreadyFinished()).isFalse();
        assertThat(second.alreadyFinished()).isTrue();
        assertThat(second.weights()).contains(Weights.ALL_BLUE);
        assertThat(second.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        assertThat(fx.notifier.published()).hasSize(1);
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason()).contains("first");
        assertThat(fx.router.requested(fx.routing()))
                .filteredOn(Weights.ALL_BLUE::equals)
                .hasSize(1);
    }

    @Test
    void whenTheRollbackShiftFailsMidwayItTriesAgainAndStillEndsAtAllBlue() {
        AtomicInteger blueAttempts = new AtomicInteger();
        fx.router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new InMemoryTrafficRouter.Faults() {
            @Override
            public ApplyOutcome onApply(Routing routing, Weights current, Weights requested) {
                if (requested.equals(Weights.ALL_BLUE) && blueAttempts.incrementAndGet() == 1) {
                    return ApplyOutcome.failsLeaving(
                            new Weights(60, 40), new TransientDependencyException("ModifyListener throttled", null));
                }
                return ApplyOutcome.takes(requested);
            }
        });
        tasks = fx.tasks();
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        RollbackOutcome outcome = tasks.rollback().run(plan, "HealthGateFailedException: 5xx 4% > 1%", BUDGET);

        assertThat(blueAttempts).hasValue(2);
        assertThat(outcome.weights()).contains(Weights.ALL_BLUE);
        assertThat(fx.router.history(fx.routing()))
                .containsExactly(
                        Weights.ALL_BLUE,
                        new Weights(90, 10),
                        new Weights(50, 50),
                        new Weights(60, 40),
                        Weights.ALL_BLUE);
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
        tasks = fx.tasks();
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        assertThatThrownBy(() -> tasks.rollback().run(plan, "HealthGateFailedException: 5xx", BUDGET))
                .isInstanceOf(TrafficShiftException.class)
                .hasMessageContaining("blue 70 / green 30");

        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.FAILED);
        assertThat(record.lastStage().orElseThrow().greenWeight()).isEqualTo(30);
        assertThat(fx.lock.holder("orders")).isPresent();
        assertThat(fx.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.outcome()).isEqualTo(Status.FAILED));
    }

    /** The plan as ValidateAndLock made it, but its pinned spec parameter deleted since (every version at once). */
    static DeploymentPlan withSpecDeleted(DeploymentPlan plan, boolean routeRecorded) {
        return new DeploymentPlan(
                plan.deploymentId(),
                plan.service(),
                plan.standalone(),
                plan.specVersion(),
                new SpecReference.Parameter("/cutover/deleted:1"),
                plan.stages(),
                plan.lockToken(),
                plan.codeDeploy(),
                plan.roles(),
                plan.rollbackWindowSeconds(),
                routeRecorded ? plan.route() : Optional.empty());
    }

    @Test
    void whenTheSpecCannotBeReadTheRollbackPutsTrafficBackOnBlueThroughThePlansRoute() {
        DeploymentPlan planned = planFromHook();
        assertThat(planned.route()).as("ValidateAndLock records the route").isPresent();
        shiftThrough(planned, 1);
        DeploymentPlan plan = withSpecDeleted(planned, true);

        RollbackOutcome outcome = tasks.rollback().run(plan, "SpecException: parameter not found", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(outcome.weights()).contains(Weights.ALL_BLUE);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason())
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("parameter not found")
                        .contains("the spec could not be read")
                        .contains("traffic put back on blue at once"));
        assertThat(fx.lock.holder("orders")).isEmpty();
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        assertThat(fx.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.outcome()).isEqualTo(Status.ROLLED_BACK));
    }

    @Test
    void aRollbackOfDnsRecordsSaysThatClientsMayKeepResolvingGreenForTheirTtl() {
        DeploymentPlan planned = planFromHook();
        shiftThrough(planned, 1);
        DnsRecords records = new DnsRecords(
                "Z0123456789ABCDEFGHIJ",
                "orders.example.com",
                DnsRecords.Type.CNAME,
                Optional.of(Duration.ofSeconds(30)),
                List.of("orders-a", "orders-b"));
        DeploymentPlan deleted = withSpecDeleted(planned, true);
        DeploymentPlan plan = deleted.withRoute(new ProductionRoute(
                planned.route().orElseThrow().listenerArn(), Optional.empty(), Optional.of(records)));

        tasks.rollback().run(plan, "HealthGateFailedException: 5xx 4.0% > 1.0%", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        String note = "clients may keep resolving green for up to 30 s after the rollback";
        assertThat(fx.record(CODEDEPLOY_ID).outcomeReason())
                .hasValueSatisfying(r -> assertThat(r).contains(note));
        assertThat(fx.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("5xx 4.0%").contains(note));
    }

    @Test
    void aLoadBalancerRollbackSaysNothingAboutDnsCaching() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 1);

        tasks.rollback().run(plan, "HealthGateFailedException: 5xx 4.0% > 1.0%", BUDGET);

        assertThat(fx.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.reason()).doesNotContain("resolving"));
    }

    @Test
    void aPlanWithoutARouteWhoseSpecCannotBeReadLeavesTrafficAndKeepsTheLockButTellsCodeDeploy() {
        DeploymentPlan planned = planFromHook();
        shiftThrough(planned, 1);
        Weights split = fx.traffic();
        DeploymentPlan plan = withSpecDeleted(planned, false);

        assertThatThrownBy(() -> tasks.rollback().run(plan, "SpecException: parameter not found", BUDGET))
                .hasMessageContaining("/cutover/deleted");

        assertThat(fx.traffic()).isEqualTo(split);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.FAILED);
        assertThat(fx.lock.holder("orders")).isPresent();
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
    }

    @Test
    void aGradualRollbackStepsBackThenEndsAtAllBlue() {
        WorkflowFixture gradual =
                new WorkflowFixture("{\"mode\": \"gradual\", \"steps\": [25, 0], " + "\"stepWaitSeconds\": 30}");
        tasks = gradual.tasks();
        DeploymentPlan plan = tasks.validateAndLock()
                .run(WorkflowFixture.codeDeployInput(), WorkflowFixture.execution(CODEDEPLOY_ID));
        tasks.shiftTraffic().run(plan, plan.stages().get(1));

        tasks.rollback().run(plan, "alarm", BUDGET);

        assertThat(gradual.router.history(gradual.routing()))
                .containsExactly(Weights.ALL_BLUE, new Weights(50, 50), new Weights(75, 25), Weights.ALL_BLUE);
        assertThat(gradual.sleeps).contains(Duration.ofSeconds(30));
    }

    @Test
    void aGradualRollbackThatWouldOutlastTheTaskGoesStraightToBlue() {
        WorkflowFixture gradual =
                new WorkflowFixture("{\"mode\": \"gradual\", \"steps\": [25, 0], " + "\"stepWaitSeconds\": 600}");
        tasks = gradual.tasks();
        DeploymentPlan plan = tasks.validateAndLock()
                .run(WorkflowFixture.codeDeployInput(), WorkflowFixture.execution(CODEDEPLOY_ID));
        tasks.shiftTraffic().run(plan, plan.stages().get(1));

        tasks.rollback().run(plan, "alarm", Duration.ofMinutes(5));

        assertThat(gradual.router.history(gradual.routing()))
                .containsExactly(Weights.ALL_BLUE, new Weights(50, 50), Weights.ALL_BLUE);
    }

    @Test
    void whenCodeDeployHadAlreadyAllowedTrafficTheDeploymentIsStopped() {
        WorkflowInput input = new WorkflowInput(
                "orders",
                Optional.empty(),
                new SpecReference.Parameter(PARAMETER),
                Optional.of(WorkflowFixture.hook(LifecycleHook.AFTER_ALLOW_TRAFFIC)));
        DeploymentPlan plan = tasks.validateAndLock().run(input, WorkflowFixture.execution(CODEDEPLOY_ID));
        shiftThrough(plan, 0);

        RollbackOutcome outcome = tasks.rollback().run(plan, "alarm orders-5xx in ALARM", BUDGET);

        verify(fx.codeDeploy, times(1)).stopDeployment(CODEDEPLOY_ID, true);
        verify(fx.hooks, never()).report(any(), any());
        assertThat(outcome.codeDeploy()).startsWith("stopped CodeDeploy deployment d-ABCDEF123 with auto-rollback");
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void whenTheHookHadAlreadyBeenAnsweredTheDeploymentIsStopped() {
        DeploymentPlan plan = planFromHook();
        when(fx.hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.ALREADY_COMPLETED);

        tasks.rollback().run(plan, "alarm", BUDGET);

        verify(fx.hooks).report(HOOK, HookStatus.FAILED);
        verify(fx.codeDeploy).stopDeployment(CODEDEPLOY_ID, true);
    }

    @Test
    void aStandaloneRollbackTellsNoCodeDeploy() {
        DeploymentPlan plan = tasks.validateAndLock()
                .run(WorkflowFixture.standaloneInput("orders-7"), WorkflowFixture.execution("orders-7"));
        shiftThrough(plan, 1);

        tasks.rollback().run(plan, "ChecksFailedException: post-traffic", BUDGET);

        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verifyNoInteractions(fx.hooks, fx.codeDeploy);
    }

    @Test
    void aRollbackLeavesTrafficAloneWhenAnotherDeploymentHasTakenTheLockOver() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 0);
        fx.clock.advance(Duration.ofHours(2));
        fx.lock.acquire("orders", "orders-next", Duration.ofHours(1));

        RollbackOutcome outcome = tasks.rollback().run(plan, "late", BUDGET);

        assertThat(outcome.weights()).isEmpty();
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo("orders-next");
        verify(fx.hooks).report(HOOK, HookStatus.FAILED);
    }

    @Test
    void aRejectedExecutionReportsTheHookFailedAndTouchesNothingElse() {
        planFromHook();
        CodeDeployHook other = new CodeDeployHook("d-XYZXYZ123", "other-hook", LifecycleHook.BEFORE_ALLOW_TRAFFIC);

        RollbackOutcome outcome = tasks.rollback()
                .rejected(
                        Optional.of("orders"),
                        Optional.of("d-XYZXYZ123"),
                        Optional.of(other),
                        "DeploymentInProgressException: service orders is locked by deployment " + CODEDEPLOY_ID);

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

        tasks.rollback()
                .rejected(
                        Optional.of("orders"),
                        Optional.of(CODEDEPLOY_ID),
                        Optional.empty(),
                        "InvalidWorkflowInputException: deploymentId: must run in the execution named d-ABCDEF123");

        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo(CODEDEPLOY_ID);
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
    }
}
