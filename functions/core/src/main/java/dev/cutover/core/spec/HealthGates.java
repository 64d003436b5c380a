package dev.cutover.core.spec;

import java.util.List;
import java.util.Optional;

import dev.cutover.core.port.model.Metric;

/**
 * What judges green.
 *
 * @param alarms      CloudWatch alarm names; any of them in ALARM fails the gate
 * @param metricGates comparisons of green against blue over the bake window
 */
public record HealthGates(List<String> alarms, List<MetricGate> metricGates) {

    public HealthGates {
        alarms = List.copyOf(alarms);
        metricGates = List.copyOf(metricGates);
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
