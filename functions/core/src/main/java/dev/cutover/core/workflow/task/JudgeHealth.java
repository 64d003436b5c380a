package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.core.workflow.SpecResolver;

import static dev.cutover.core.workflow.Reporting.MAX_VERDICT_LENGTH;
import static dev.cutover.core.workflow.Reporting.cut;

/**
 * The JudgeHealth state: judges green after a stage's bake, by the spec's alarms and metric gates over the window
 * from the shift to now ({@link HealthJudge}), and, with {@code health.judge: statistical}, by the statistical
 * comparison of green with blue before the gates' thresholds ({@link dev.cutover.core.health.EvidenceJudge} chooses). The verdict, with its numbers, is recorded in the ledger whatever it
 * is; anything but HEALTHY (an inconclusive verdict included: too few requests) then fails the stage.
 *
 * <p>Metric gates are judged over whole, published metric periods: while they are not published the task throws
 * {@link dev.cutover.core.error.MetricsNotPublishedYetException} and records nothing; the state machine retries
 * it with backoff (see {@link HealthJudge#judge(CutoverSpec, Instant, Instant, Instant)}).
 */
public final class JudgeHealth {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeHealth.class);

    private final SpecResolver specs;
    private final HealthJudge judge;
    private final DeploymentLedger ledger;
    private final Clock clock;

    public JudgeHealth(SpecResolver specs, HealthJudge judge, DeploymentLedger ledger, Clock clock) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param shifted what ShiftTraffic returned; the bake window starts at its {@code shiftedAt} (without it, one
     *                bake time before now)
     * @return the healthy verdict
     * @throws HealthGateFailedException   when green is unhealthy or the verdict inconclusive; the message has the
     *                                     numbers
     * @throws DeploymentFinishedException when the ledger says the deployment already ended
     * @throws dev.cutover.core.error.MetricsNotPublishedYetException when the window's metrics are not published yet
     */
    public HealthVerdict run(DeploymentPlan plan, PlannedStage stage, Optional<ShiftOutcome> shifted) {
        PlanChecks.requireStageOf(plan, stage);
        DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
        if (record.status().isFinal()) {
            throw new DeploymentFinishedException(record, "judging " + stage);
        }
        CutoverSpec spec = specs.specOf(plan);
        Instant now = clock.instant();
        Instant bakeStart = shifted.map(ShiftOutcome::shiftedAt).orElse(now.minus(stage.bake()));
        // from the shift, the bake's end does not move when the state is retried while the metrics are not
        // published yet; without the shift there is no fixed window to wait for, so it is judged as it is
        Optional<Instant> bakeEnd = shifted.map(s -> s.shiftedAt().plus(stage.bake()));
        if (!now.isAfter(bakeStart)) {
            // a stage without bake is judged at once; the judge needs a window, however short
            bakeStart = now.minusSeconds(1);
        }
        HealthVerdict verdict = bakeEnd.isPresent()
                ? judge.judge(spec, shifted.get().shiftedAt(), bakeEnd.get(), now)
                : judge.judge(spec, bakeStart, now);
        Weights weights = shifted.map(ShiftOutcome::weights).orElse(Weights.ofGreenPercent(stage.percent()));
        ledger.stageReached(
                plan.deploymentId(),
                new StageEntry(
                        stage.index(),
                        stage.percent(),
                        weights.blue(),
                        weights.green(),
                        cut(verdict.summary(), MAX_VERDICT_LENGTH),
                        now));
        LOG.info(
                "{} of deployment {} judged over {} s: {}",
                stage,
                plan.deploymentId(),
                Duration.between(bakeStart, now).toSeconds(),
                verdict.summary());
        return HealthGateFailedException.requireHealthy(verdict);
    }
}
