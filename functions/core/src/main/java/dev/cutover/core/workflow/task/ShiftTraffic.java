package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.LockLease;
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
     *                                       it back), or its lock is no longer its own to move forward with (a
     *                                       rollback decided, or the lock was released): traffic is not touched,
     *                                       or put back on blue when the fence was lost during the write
     * @throws DeploymentInProgressException when the lock has passed to another deployment: traffic is not touched
     * @throws TrafficShiftException         when the listener did not take the split
     */
    public ShiftOutcome run(DeploymentPlan plan, PlannedStage stage) {
        return run(plan, stage, Optional.empty());
    }

    /**
     * The shift after the stage's approval gate was answered: the ledger's pending approval of the stage is
     * cleared, and the stage's entry says who approved.
     *
     * @param approvedBy who approved, as {@code cutover approve} sent it; empty when unnamed or ungated
     * @throws DeploymentFinishedException as {@link #run(DeploymentPlan, PlannedStage)}
     */
    public ShiftOutcome run(DeploymentPlan plan, PlannedStage stage, Optional<String> approvedBy) {
        PlanChecks.requireStageOf(plan, stage);
        DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
        String refused = "shifting traffic to " + stage;
        if (record.status().isFinal()) {
            throw new DeploymentFinishedException(record, refused);
        }
        CutoverSpec spec = specs.specOf(plan);
        renewLock(plan, stage, refused);
        Weights weights;
        try {
            weights = shifter.shift(spec.routing(), Weights.ofGreenPercent(stage.percent()), () -> fenceLost(plan));
        } catch (TrafficShifter.FencedOut e) {
            throw refusal(plan, e.getMessage(), refused + (e.undone() ? " (the write that lost was undone)" : ""));
        }
        Instant at = clock.instant();
        String verdict = stage.approvalTimeoutSeconds().isEmpty()
                ? SHIFTED
                : SHIFTED + " (approved" + approvedBy.map(by -> " by " + by).orElse("") + ")";
        ledger.stageReached(
                plan.deploymentId(),
                new StageEntry(stage.index(), stage.percent(), weights.blue(), weights.green(), verdict, at));
        if (stage.approvalTimeoutSeconds().isPresent()) {
            ledger.clearApproval(plan.deploymentId(), stage.index());
        }
        return new ShiftOutcome(weights, at);
    }

    /**
     * Extends the lease for the bake time left plus the margin, with {@link DeploymentLock#renew}, which never
     * takes a lock back: a lock that was released (by a rollback), decided or taken over refuses the shift. A
     * renewal that fails for a fault of the lock store is logged and the shift goes on: the lease ValidateAndLock
     * took already covers the whole plan, and the fence is checked again around the write.
     */
    private void renewLock(DeploymentPlan plan, PlannedStage stage, String refused) {
        boolean renewed;
        try {
            renewed = lock.renew(
                    plan.service(),
                    plan.deploymentId(),
                    plan.timeLeftFrom(stage.index()).plus(ValidateAndLock.LOCK_MARGIN));
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not renew the lock of {} for deployment {} ({}); the lease ValidateAndLock took still "
                            + "covers the plan",
                    plan.service(),
                    plan.deploymentId(),
                    e.toString());
            return;
        }
        if (!renewed) {
            Optional<TrafficShifter.Lost> lost = fenceLost(plan);
            throw refusal(plan, lost.map(TrafficShifter.Lost::why).orElse("its lease could not be renewed"), refused);
        }
    }

    /** Where the deployment's fence stands: empty while its lease is live, its own and HELD. */
    private Optional<TrafficShifter.Lost> fenceLost(DeploymentPlan plan) {
        Optional<LockLease> holder = lock.holder(plan.service());
        if (holder.isEmpty()) {
            return Optional.of(
                    new TrafficShifter.Lost("the lock of " + plan.service() + " is free: released or expired", false));
        }
        LockLease lease = holder.get();
        if (!lease.isHeldBy(plan.deploymentId())) {
            return Optional.of(new TrafficShifter.Lost(
                    "deployment " + lease.deploymentId() + " holds the lock of " + plan.service(), true));
        }
        if (lease.phase() != LockLease.Phase.HELD) {
            return Optional.of(new TrafficShifter.Lost("its lock is " + lease.phase(), false));
        }
        return Optional.empty();
    }

    private RuntimeException refusal(DeploymentPlan plan, String why, String refused) {
        Optional<LockLease> holder = lock.holder(plan.service());
        if (holder.isPresent() && !holder.get().isHeldBy(plan.deploymentId())) {
            return new DeploymentInProgressException(plan.deploymentId(), holder.get());
        }
        DeploymentRecord now = PlanChecks.recordOf(ledger, plan);
        return now.status().isFinal()
                ? new DeploymentFinishedException(now, refused)
                : new DeploymentFinishedException(now, why, refused);
    }
}
