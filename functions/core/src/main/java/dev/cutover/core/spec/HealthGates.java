package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.Metric;

/**
 * What judges green.
 *
 * @param alarms      CloudWatch alarm names; any of them in ALARM fails the gate
 * @param metricGates  comparisons of green against blue over the bake window
 * @param metricsWait  how long after a bake the judge may wait for the window's metrics to be published
 *                     ({@code health.metricsWaitSeconds}); past it, it judges what it has
 */
public record HealthGates(List<String> alarms, List<MetricGate> metricGates, Duration metricsWait) {

    /** {@code health.metricsWaitSeconds} when the spec does not say. */
    public static final Duration DEFAULT_METRICS_WAIT = Duration.ofSeconds(300);

    /** The largest {@code health.metricsWaitSeconds}: the JudgeHealth state's retries cover it. */
    public static final long MAX_METRICS_WAIT_SECONDS = 900;

    public HealthGates {
        alarms = List.copyOf(alarms);
        metricGates = List.copyOf(metricGates);
        Objects.requireNonNull(metricsWait, "metricsWait");
    }

    /** With the default metrics wait. */
    public HealthGates(List<String> alarms, List<MetricGate> metricGates) {
        this(alarms, metricGates, DEFAULT_METRICS_WAIT);
    }

    /**
     * One metric comparison.
     *
     * @param metric              5xx rate (fraction 0..1) or latency (milliseconds)
     * @param percentile          for latency: 0 < p < 100, e.g. 99.0 for p99; empty for 5xx rate
     * @param threshold           green fails when its value is above this
     * @param maxIncreaseOverBlue green fails when its value exceeds blue's by more than this, if set
     * @param minRequests         fewer green requests than this makes the verdict inconclusive, not healthy
     */
    public record MetricGate(
            Metric metric,
            Optional<Double> percentile,
            double threshold,
            Optional<Double> maxIncreaseOverBlue,
            long minRequests) {}
}
