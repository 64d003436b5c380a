package dev.cutover.runtime.metrics;

import java.time.Duration;

import org.HdrHistogram.Histogram;

/**
 * An immutable copy of a {@link LatencyHistogram}: how many latencies were seen and how they were spread, with
 * percentile queries. Percentiles are HdrHistogram's, within 0.1% of the true value, capped at the largest sample
 * seen.
 */
public final class LatencyDistribution {

    /** No samples. */
    public static final LatencyDistribution EMPTY = new LatencyDistribution(LatencyHistogram.newHistogram(), 0, 0);

    private final Histogram histogram;
    private final long sumMicros;
    private final long maxMicros;

    /** @param histogram a copy no one else holds */
    LatencyDistribution(Histogram histogram, long sumMicros, long maxMicros) {
        this.histogram = histogram;
        this.sumMicros = sumMicros;
        this.maxMicros = maxMicros;
    }

    /** How many latencies were recorded. */
    public long count() {
        return histogram.getTotalCount();
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
        if (count() == 0) {
            return Duration.ZERO;
        }
        // HdrHistogram answers the highest value equivalent to the sample's (within the precision): cap at the max
        return micros(Math.min(histogram.getValueAtPercentile(percent), maxMicros));
    }

    /** The largest latency recorded; {@link Duration#ZERO} when there are none. */
    public Duration max() {
        return micros(maxMicros);
    }

    /** The arithmetic mean; {@link Duration#ZERO} when there are no samples. */
    public Duration mean() {
        return count() == 0 ? Duration.ZERO : micros(sumMicros / count());
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    @Override
    public String toString() {
        return "n=" + count() + " p50=" + percentile(50).toMillis() + "ms p99="
                + percentile(99).toMillis() + "ms max=" + max().toMillis() + "ms";
    }
}
