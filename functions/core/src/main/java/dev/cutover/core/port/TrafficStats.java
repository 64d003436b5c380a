package dev.cutover.core.port;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one target group served over a window: the numbers a metric gate judges.
 *
 * @param requests             requests the target group answered
 * @param errors5xx            of those, answered with a 5xx status by a target
 * @param latencyPercentilesMs response time per requested percentile (e.g. {@code 99.0 -> 812.0}), in milliseconds;
 *                             a percentile without data is absent, never zero. Unmodifiable, sorted by percentile
 * @param latencySamples       latency values over the window for the statistical judge's rank test; empty when not
 *                             asked for ({@link TargetGroupMetrics#latencySamples}) or the source keeps none
 */
public record TrafficStats(
        long requests, long errors5xx, Map<Double, Double> latencyPercentilesMs, LatencySamples latencySamples) {

    private static final TrafficStats NONE = new TrafficStats(0, 0, Map.of());

    /**
     * @throws IllegalArgumentException when a count is negative, a percentile is outside (0, 100) or a latency is
     *                                  negative or not a number
     */
    public TrafficStats {
        if (requests < 0 || errors5xx < 0) {
            throw new IllegalArgumentException(
                    "traffic counts cannot be negative, got requests " + requests + ", 5xx " + errors5xx);
        }
        Objects.requireNonNull(latencyPercentilesMs, "latencyPercentilesMs");
        SortedMap<Double, Double> sorted = new TreeMap<>();
        latencyPercentilesMs.forEach((percentile, ms) -> {
            TargetGroupMetrics.checkPercentile(percentile);
            if (ms == null || !Double.isFinite(ms) || ms < 0) {
                throw new IllegalArgumentException(
                        "latency p" + percentile + " must be a finite number of" + " milliseconds >= 0, got " + ms);
            }
            sorted.put(percentile, ms);
        });
        latencyPercentilesMs = Collections.unmodifiableSortedMap(sorted);
        Objects.requireNonNull(latencySamples, "latencySamples");
    }

    /** Counts and percentiles without latency samples. */
    public TrafficStats(long requests, long errors5xx, Map<Double, Double> latencyPercentilesMs) {
        this(requests, errors5xx, latencyPercentilesMs, LatencySamples.none());
    }

    /** The same numbers with {@code samples} as the latency samples. */
    public TrafficStats withLatencySamples(LatencySamples samples) {
        return new TrafficStats(requests, errors5xx, latencyPercentilesMs, samples);
    }

    /** No requests at all. */
    public static TrafficStats none() {
        return NONE;
    }

    /**
     * The share of requests answered with a 5xx, 0..1; empty when there were no requests, where a rate means
     * nothing (and must not read as a perfect 0%).
     */
    public OptionalDouble errorRate() {
        return requests == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) errors5xx / requests);
    }

    /** The latency at {@code percentile} in milliseconds; empty when it was not asked for or had no data. */
    public OptionalDouble latencyMs(double percentile) {
        Double ms = latencyPercentilesMs.get(percentile);
        return ms == null ? OptionalDouble.empty() : OptionalDouble.of(ms);
    }
}
