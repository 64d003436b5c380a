package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;

import static dev.cutover.testing.WorkflowFixture.HOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The ShiftTraffic state: weights set and read back, the lock renewed, a finished deployment left alone. */
class ShiftTrafficTest extends WorkflowTaskTest {

    @Test
    void aShiftRefusesOnceTheDeploymentWasRolledBack() {
        DeploymentPlan plan = planFromHook();
        shiftThrough(plan, 0);
        tasks.rollback().run(plan, "alarm orders-5xx in ALARM", BUDGET);

        assertThatThrownBy(() -> tasks.shiftTraffic().run(plan, plan.stages().get(1)))
                .isInstanceOf(DeploymentFinishedException.class)
                .hasMessageContaining("already ended: rolled back");
        assertThatThrownBy(() -> tasks.finalizeDeployment().run(plan)).isInstanceOf(DeploymentFinishedException.class);
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_BLUE);
        verify(fx.hooks, never()).report(HOOK, HookStatus.SUCCEEDED);
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
            public boolean renew(String service, String deploymentId, Duration ttl) {
                throw new DependencyException("DynamoDB UpdateItem: AccessDeniedException");
            }

            @Override
            public boolean decide(
                    String service, String deploymentId, dev.cutover.core.port.model.LockLease.Phase phase) {
                return fx.lock.decide(service, deploymentId, phase);
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
        tasks = fx.builder().lock(flaky).build();

        assertThat(tasks.shiftTraffic().run(plan, plan.stages().get(0)).weights())
                .isEqualTo(new Weights(90, 10));

        fx.clock.advance(Duration.ofHours(2));
        fx.lock.acquire("orders", "orders-next", Duration.ofHours(1));
        tasks = fx.tasks();
        assertThatThrownBy(() -> tasks.shiftTraffic().run(plan, plan.stages().get(1)))
                .isInstanceOf(DeploymentInProgressException.class)
                .hasMessageContaining("orders-next");
        assertThat(fx.traffic()).isEqualTo(new Weights(90, 10));
    }

    @Test
    void aStageNotInThePlanIsRefused() {
        DeploymentPlan plan = planFromHook();

        assertThatThrownBy(() -> tasks.shiftTraffic().run(plan, new PlannedStage(1, 60, 60)))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("stage:");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
    }

    @Test
    void aPlanTheLedgerNeverRecordedIsRefusedNamingTheDeploymentBeforeAnyShift() {
        DeploymentPlan planned = planFromHook();
        DeploymentPlan unknown = new DeploymentPlan(
                "d-NEVERPLANNED",
                planned.service(),
                planned.standalone(),
                planned.specVersion(),
                planned.spec(),
                planned.stages(),
                planned.lockToken(),
                planned.codeDeploy(),
                planned.roles(),
                planned.rollbackWindowSeconds(),
                planned.route());

        assertThatThrownBy(
                        () -> tasks.shiftTraffic().run(unknown, unknown.stages().get(0)))
                .isInstanceOf(dev.cutover.core.error.DeploymentNotFoundException.class)
                .hasMessageContaining("d-NEVERPLANNED")
                .hasMessageContaining("ValidateAndLock");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
    }
}
