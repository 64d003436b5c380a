package dev.cutover.runtime.metrics;

import org.HdrHistogram.Histogram;

/**
 * Latencies recorded in an HdrHistogram ({@code org.hdrhistogram:HdrHistogram}), so percentiles can be read back
 * without keeping every sample and histograms of separate seconds merge exactly. Values are kept in microseconds
 * with 3 significant digits: a reported percentile is within 0.1% of the true value (and never above the largest
 * sample, which is kept exactly, as is the sum for the mean). Values beyond 2^36 µs (about 19 hours) count as that.
 *
 * <p>Not thread-safe: callers that record from several threads hold their own lock. {@link #distribution()} takes an
 * immutable copy to hand out.
 */
public final class LatencyHistogram {

    /** Significant decimal digits kept: percentiles within 0.1%. */
    static final int SIGNIFICANT_DIGITS = 3;

    /** The largest value tracked, in microseconds. */
    static final long HIGHEST_MICROS = 1L << 36;

    private final Histogram histogram = newHistogram();
    private long sumMicros;
    private long maxMicros;

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** Counts one latency; negative values count as zero. */
    public void recordNanos(long nanos) {
        long micros = Math.min(Math.max(0, nanos / 1_000), HIGHEST_MICROS);
        histogram.recordValue(micros);
        sumMicros += micros;
        maxMicros = Math.max(maxMicros, micros);
    }

    /** Adds every sample of {@code other} to this histogram. */
    public void add(LatencyHistogram other) {
        histogram.add(other.histogram);
        sumMicros += other.sumMicros;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    /** Forgets every sample. */
    public void reset() {
        histogram.reset();
        sumMicros = 0;
        maxMicros = 0;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** An immutable copy of what has been recorded so far. */
    public LatencyDistribution distribution() {
        return new LatencyDistribution(histogram.copy(), sumMicros, maxMicros);
    }
}
