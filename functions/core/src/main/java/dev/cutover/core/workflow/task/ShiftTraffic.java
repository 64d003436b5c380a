package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.traffic.TrafficShifter;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.core.workflow.SpecResolver;

/**
 * The ShiftTraffic state: moves production traffic to a stage's split, verifies it by reading back, renews the
 * lock for the rest of the plan and records the stage. Shifting again to the same split is harmless (weights are
 * set, not added to).
 */
public final class ShiftTraffic {

    /** The ledger's verdict for a stage whose shift is done and whose bake has not been judged yet. */
    public static final String SHIFTED = "shifted";

    private static final Logger LOG = LoggerFactory.getLogger(ShiftTraffic.class);

    private final SpecResolver specs;
    private final TrafficShifter shifter;
    private final DeploymentLock lock;
    private final DeploymentLedger ledger;
    private final Clock clock;

    public ShiftTraffic(
            SpecResolver specs, TrafficShifter shifter, DeploymentLock lock, DeploymentLedger ledger, Clock clock) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.shifter = Objects.requireNonNull(shifter, "shifter");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws DeploymentFinishedException   when the ledger says the deployment has ended (the alarm path rolled
     *                                       it back): traffic is not touched
     * @throws DeploymentInProgressException when the lock has passed to another deployment: traffic is not touched
     * @throws TrafficShiftException         when the listener did not take the split
     */
    public ShiftOutcome run(DeploymentPlan plan, PlannedStage stage) {
        PlanChecks.requireStageOf(plan, stage);
        DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
        if (record.status().isFinal()) {
            throw new DeploymentFinishedException(record, "shifting traffic to " + stage);
        }
        CutoverSpec spec = specs.specOf(plan);
        renewLock(plan, stage);
        Weights weights = shifter.shift(spec.routing(), Weights.ofGreenPercent(stage.percent()));
        Instant at = clock.instant();
        ledger.stageReached(
                plan.deploymentId(),
                new StageEntry(stage.index(), stage.percent(), weights.blue(), weights.green(), SHIFTED, at));
        return new ShiftOutcome(weights, at);
    }

    /**
     * Extends the lease for the bake time left plus the margin. The lease ValidateAndLock took already covers the
     * whole plan, so a renewal that fails for any reason but another deployment holding the lock is logged and the
     * shift goes on.
     */
    private void renewLock(DeploymentPlan plan, PlannedStage stage) {
        try {
            lock.acquire(
                    plan.service(),
                    plan.deploymentId(),
                    plan.bakeFrom(stage.index()).plus(ValidateAndLock.LOCK_MARGIN));
        } catch (DeploymentInProgressException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not renew the lock of {} for deployment {} ({}); the lease ValidateAndLock took still "
                            + "covers the plan",
                    plan.service(),
                    plan.deploymentId(),
                    e.toString());
        }
    }
}
