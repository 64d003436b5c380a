package dev.cutover.core.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.MetricsNotPublishedYetException;
import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;

/**
 * Judges green after a bake: the entry point the JudgeHealth task calls. It gathers the {@link Evidence} from the
 * ports with an {@link EvidenceGatherer} and hands it to the pure {@link EvidenceJudge}, whose javadoc states the
 * rules.
 *
 * <p>The metric gates are judged over whole, published periods only ({@link MetricWindow}): before the window's
 * last period is published, {@link #judge(CutoverSpec, Instant, Instant, Instant)} throws
 * {@link MetricsNotPublishedYetException}, which the state machine retries with backoff; it also does so while
 * neither target group has a single request in the window (CloudWatch publishes nothing for a period without
 * requests, so that is what a late datapoint looks like). Both waits end {@code health.metricsWaitSeconds} after
 * the bake: then the judge judges what it has, which is inconclusive without requests. An alarm in ALARM does not
 * wait for the metrics.
 */
public final class HealthJudge {

    private final EvidenceGatherer gatherer;
    private final TargetGroupMetrics metrics;
    private final Clock clock;

    public HealthJudge(AlarmStateReader alarms, TargetGroupMetrics metrics, Clock clock) {
        this.gatherer = new EvidenceGatherer(alarms, metrics);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Judges the window from {@code bakeStart} to the clock's now. */
    public HealthVerdict judge(CutoverSpec spec, Instant bakeStart) {
        return judge(spec, bakeStart, clock.instant());
    }

    /**
     * Judges the window {@code [bakeStart, now)} as it is, whatever the metrics' timing.
     *
     * @throws IllegalArgumentException when {@code now} is not after {@code bakeStart}
     * @throws DependencyException      when the alarms cannot be read, or the metrics cannot be read and no alarm has
     *                                  already made green unhealthy (a
     *                                  {@link dev.cutover.core.error.TransientDependencyException} is worth retrying)
     */
    public HealthVerdict judge(CutoverSpec spec, Instant bakeStart, Instant now) {
        Evidence evidence = gatherer.gather(spec, bakeStart, now);
        return EvidenceJudge.judge(spec.health(), evidence);
    }

    /**
     * Judges a stage whose bake ran from {@code bakeStart} to {@code bakeEnd}, its metric gates over the whole,
     * published periods of {@link MetricWindow#of}.
     *
     * @throws MetricsNotPublishedYetException when the window's metrics are not published yet and the spec's
     *                                         {@code health.metricsWaitSeconds} since {@code bakeEnd} have not passed
     * @throws DependencyException             as {@link #judge(CutoverSpec, Instant, Instant)}
     */
    public HealthVerdict judge(CutoverSpec spec, Instant bakeStart, Instant bakeEnd, Instant now) {
        Objects.requireNonNull(spec, "spec");
        HealthGates health = spec.health();
        // a source that says nothing of its timing (a stub) is read as it always was
        MetricTiming timing = Objects.requireNonNullElse(metrics.timing(), MetricTiming.IMMEDIATE);
        if (health.metricGates().isEmpty() || timing.immediate()) {
            // as before timing was modelled: the bake up to now, at least the last second
            return judge(spec, now.isAfter(bakeStart) ? bakeStart : now.minusSeconds(1), now);
        }
        MetricWindow window = MetricWindow.of(bakeStart, bakeEnd, timing);
        Instant waitLimit = bakeEnd.plus(health.metricsWait());
        boolean mayWait = now.isBefore(waitLimit);
        Evidence.Window evidenceWindow = new Evidence.Window(window.start(), window.end());
        if (now.isBefore(window.publishedAt())) {
            String reason = "the metrics of " + describe(window, timing) + " are published at " + window.publishedAt()
                    + " (window end + " + timing.publicationDelay().toSeconds() + " s publication delay), "
                    + Duration.between(now, window.publishedAt()).toSeconds() + " s from now";
            Optional<Evidence> condemned = gatherer.alarmsAlone(spec, evidenceWindow, reason);
            if (condemned.isPresent()) {
                return EvidenceJudge.judge(health, condemned.get());
            }
            if (mayWait) {
                throw new MetricsNotPublishedYetException(
                        reason + waitText(bakeEnd, health, waitLimit), window.publishedAt());
            }
            return new HealthVerdict(
                    HealthVerdict.Status.INCONCLUSIVE,
                    List.of(),
                    List.of(),
                    List.of(),
                    "INCONCLUSIVE: " + reason + ", after the wait limit " + waitLimit
                            + waitText(bakeEnd, health, waitLimit));
        }
        Evidence evidence = gatherer.gather(spec, window.start(), window.end());
        if (mayWait
                && evidence.traffic() instanceof Measured measured
                && measured.green().requests() == 0
                && measured.blue().requests() == 0) {
            Optional<Evidence> condemned = gatherer.alarmsAlone(spec, evidenceWindow, "no datapoints yet");
            if (condemned.isEmpty()) {
                throw new MetricsNotPublishedYetException(
                        "neither target group has a datapoint in " + describe(window, timing)
                                + " yet, although it should have been published at " + window.publishedAt()
                                + waitText(bakeEnd, health, waitLimit),
                        now);
            }
        }
        Instant lastPeriod = window.end().minus(timing.period());
        if (mayWait
                && lastPeriod.isAfter(window.start())
                && evidence.traffic() instanceof Measured
                && !gatherer.anyRequests(spec, lastPeriod, window.end())) {
            // the window is partly published: judging it now would leave out its newest minute, where a green
            // that degrades at the end of the bake shows. Alarms still condemn at once.
            Optional<Evidence> condemned = gatherer.alarmsAlone(spec, evidenceWindow, "last period not published yet");
            if (condemned.isEmpty()) {
                throw new MetricsNotPublishedYetException(
                        "the last period of " + describe(window, timing) + ", [" + lastPeriod + ", " + window.end()
                                + "), has no datapoint for either target group yet (published at "
                                + window.publishedAt() + " by the clock; CloudWatch can be later)"
                                + waitText(bakeEnd, health, waitLimit),
                        now);
            }
            return EvidenceJudge.judge(health, condemned.get());
        }
        return EvidenceJudge.judge(health, evidence);
    }

    private static String describe(MetricWindow window, MetricTiming timing) {
        long periods = window.seconds() / timing.period().toSeconds();
        return "[" + window.start() + ", " + window.end() + ") (" + periods + " period" + (periods == 1 ? "" : "s")
                + " of " + timing.period().toSeconds() + " s)";
    }

    private static String waitText(Instant bakeEnd, HealthGates health, Instant waitLimit) {
        return "; the judge waits at most until " + waitLimit + " (bake end " + bakeEnd
                + " + health.metricsWaitSeconds " + health.metricsWait().toSeconds() + " s)";
    }
}
