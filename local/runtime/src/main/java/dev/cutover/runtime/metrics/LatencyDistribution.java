package dev.cutover.runtime.metrics;

import java.time.Duration;

/**
 * An immutable copy of a {@link LatencyHistogram}: how many latencies were seen and how they were spread, with
 * percentile queries. Percentiles are bucket upper edges (at most 12.5% above the true value), capped at the
 * largest sample seen.
 */
public final class LatencyDistribution {

    /** No samples. */
    public static final LatencyDistribution EMPTY =
            new LatencyDistribution(new long[LatencyHistogram.BUCKETS], 0, 0, 0);

    private final long[] counts;
    private final long count;
    private final long sumMicros;
    private final long maxMicros;

    LatencyDistribution(long[] counts, long count, long sumMicros, long maxMicros) {
        this.counts = counts;
        this.count = count;
        this.sumMicros = sumMicros;
        this.maxMicros = maxMicros;
    }

    /** How many latencies were recorded. */
    public long count() {
        return count;
    }

    /**
     * The latency at or below which {@code percent} of the samples fall: {@code percentile(99)} is p99.
     * {@link Duration#ZERO} when there are no samples.
     *
     * @throws IllegalArgumentException when {@code percent} is outside 0..100
     */
    public Duration percentile(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile must be 0..100, got " + percent);
        }
        if (count == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return micros(Math.min(LatencyHistogram.upperEdge(i), maxMicros));
            }
        }
        return micros(maxMicros);
    }

    /** The largest latency recorded; {@link Duration#ZERO} when there are none. */
    public Duration max() {
        return micros(maxMicros);
    }

    /** The arithmetic mean; {@link Duration#ZERO} when there are no samples. */
    public Duration mean() {
        return count == 0 ? Duration.ZERO : micros(sumMicros / count);
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    @Override
    public String toString() {
        return "n=" + count + " p50=" + percentile(50).toMillis() + "ms p99="
                + percentile(99).toMillis() + "ms max=" + max().toMillis() + "ms";
    }
}
