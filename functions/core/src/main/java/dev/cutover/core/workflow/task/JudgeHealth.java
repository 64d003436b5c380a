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
import dev.cutover.core.spec.HealthGates;
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
 * is; anything but HEALTHY (an inconclusive verdict included: too few requests) then fails the stage, except that
 * the statistical judge extends an inconclusive stage's bake up to {@code health.statistical.maxExtensions} times
 * first ({@link #run(DeploymentPlan, PlannedStage, Optional, int)}).
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
     * What one judgement decided: the verdict, and, when the statistical judge found it inconclusive with bake
     * extensions left, how long the workflow waits (the ExtendBake state) before judging again.
     *
     * @param verdict    the verdict, HEALTHY, or INCONCLUSIVE when {@code extendBy} is present
     * @param extensions the bake extensions this stage has had, this one included
     * @param extendBy   how long to extend the bake by; empty when the stage is decided
     */
    public record Judgement(HealthVerdict verdict, int extensions, Optional<Duration> extendBy) {

        public Judgement {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(extendBy, "extendBy");
        }
    }

    /**
     * Judges the stage once, with no bake extension: anything but HEALTHY fails it.
     *
     * @param shifted what ShiftTraffic returned; the bake window starts at its {@code shiftedAt} (without it, one
     *                bake time before now)
     * @return the healthy verdict
     * @throws HealthGateFailedException   when green is unhealthy or the verdict inconclusive; the message has the
     *                                     numbers
     * @throws DeploymentFinishedException when the ledger says the deployment already ended
     * @throws dev.cutover.core.error.MetricsNotPublishedYetException when the window's metrics are not published yet
     */
    public HealthVerdict run(DeploymentPlan plan, PlannedStage stage, Optional<ShiftOutcome> shifted) {
        return HealthGateFailedException.requireHealthy(
                judge(plan, stage, shifted, 0, false).verdict());
    }

    /**
     * Judges the stage after its bake and the {@code extensionsSoFar} extensions it already had. With
     * {@code health.judge: statistical} an INCONCLUSIVE verdict (too few samples) is neither healthy nor a rollback
     * while {@code health.statistical.maxExtensions} is not reached: the judgement asks for another
     * {@code extendSeconds} of bake, and the next one covers the window from the shift to the extended end. Past
     * the last extension it fails closed.
     *
     * @throws HealthGateFailedException   when green is unhealthy, or inconclusive with no extension left
     * @throws DeploymentFinishedException when the ledger says the deployment already ended
     * @throws dev.cutover.core.error.MetricsNotPublishedYetException when the window's metrics are not published yet
     * @throws IllegalArgumentException    when {@code extensionsSoFar} is negative
     */
    public Judgement run(DeploymentPlan plan, PlannedStage stage, Optional<ShiftOutcome> shifted, int extensionsSoFar) {
        return judge(plan, stage, shifted, extensionsSoFar, true);
    }

    private Judgement judge(
            DeploymentPlan plan,
            PlannedStage stage,
            Optional<ShiftOutcome> shifted,
            int extensionsSoFar,
            boolean mayExtend) {
        if (extensionsSoFar < 0) {
            throw new IllegalArgumentException("bake extensions so far cannot be negative, got " + extensionsSoFar);
        }
        PlanChecks.requireStageOf(plan, stage);
        DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
        if (record.status().isFinal()) {
            throw new DeploymentFinishedException(record, "judging " + stage);
        }
        CutoverSpec spec = specs.specOf(plan);
        HealthGates.Statistical statistical = spec.health().statistical();
        Duration extended = statistical.extendBy().multipliedBy(extensionsSoFar);
        Duration bake = stage.bake().plus(extended);
        Instant now = clock.instant();
        Instant bakeStart = shifted.map(ShiftOutcome::shiftedAt).orElse(now.minus(bake));
        // from the shift, the bake's end does not move when the state is retried while the metrics are not
        // published yet; without the shift there is no fixed window to wait for, so it is judged as it is
        Optional<Instant> bakeEnd = shifted.map(s -> s.shiftedAt().plus(bake));
        if (!now.isAfter(bakeStart)) {
            // a stage without bake is judged at once; the judge needs a window, however short
            bakeStart = now.minusSeconds(1);
        }
        HealthVerdict verdict = bakeEnd.isPresent()
                ? judge.judge(spec, shifted.get().shiftedAt(), bakeEnd.get(), now)
                : judge.judge(spec, bakeStart, now);
        boolean extend = mayExtend
                && verdict.status() == HealthVerdict.Status.INCONCLUSIVE
                && spec.health().judge() == HealthGates.Judge.STATISTICAL
                && extensionsSoFar < statistical.maxExtensions();
        if (extend) {
            verdict = withSummary(
                    verdict,
                    verdict.summary() + " | bake extended by "
                            + statistical.extendBy().toSeconds() + " s (" + (extensionsSoFar + 1) + " of "
                            + statistical.maxExtensions() + ")");
        } else if (verdict.status() == HealthVerdict.Status.INCONCLUSIVE && extensionsSoFar > 0) {
            verdict = withSummary(
                    verdict,
                    verdict.summary() + " | still inconclusive after " + extensionsSoFar + " bake extension"
                            + (extensionsSoFar == 1 ? "" : "s") + " of "
                            + statistical.extendBy().toSeconds()
                            + " s: fails closed");
        }
        Weights weights = shifted.map(ShiftOutcome::weights).orElse(Weights.ofGreenPercent(stage.percent()));
        ledger.stageReached(
                plan.deploymentId(),
                new StageEntry(
                        stage.index(),
                        stage.percent(),
                        weights.blue(),
                        weights.green(),
                        cut(verdict.summary(), MAX_VERDICT_LENGTH),
                        now,
                        verdict.findings()));
        LOG.info(
                "{} of deployment {} judged over {} s: {}",
                stage,
                plan.deploymentId(),
                Duration.between(bakeStart, now).toSeconds(),
                verdict.summary());
        if (extend) {
            return new Judgement(verdict, extensionsSoFar + 1, Optional.of(statistical.extendBy()));
        }
        return new Judgement(HealthGateFailedException.requireHealthy(verdict), extensionsSoFar, Optional.empty());
    }

    private static HealthVerdict withSummary(HealthVerdict verdict, String summary) {
        return new HealthVerdict(
                verdict.status(),
                verdict.gates(),
                verdict.alarmsInAlarm(),
                verdict.alarmsMissing(),
                summary,
                verdict.findings());
    }
}
