package dev.cutover.runtime.metrics;

import java.util.Arrays;

/**
 * Latencies counted in log-spaced buckets, so percentiles can be read back without keeping every sample. Values
 * are kept in microseconds: below 16 µs each value has its own bucket; above, every power of two is split into 8
 * buckets, so a reported percentile is at most 12.5% above the true value (and never above the largest sample).
 * Values beyond 2^36 µs (about 19 hours) share the last bucket.
 *
 * <p>Not thread-safe: callers that record from several threads hold their own lock. {@link #distribution()} takes an
 * immutable copy to hand out.
 */
public final class LatencyHistogram {

    private static final int LINEAR = 16;
    private static final int SUB_BUCKETS = 8;
    private static final int SUB_BITS = 3;
    private static final int FIRST_EXPONENT = 4;
    private static final int LAST_EXPONENT = 35;
    static final int BUCKETS = LINEAR + (LAST_EXPONENT - FIRST_EXPONENT + 1) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long sumMicros;
    private long maxMicros;

    /** Counts one latency; negative values count as zero. */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts[index(micros)]++;
        count++;
        sumMicros += micros;
        maxMicros = Math.max(maxMicros, micros);
    }

    /** Adds every sample of {@code other} to this histogram. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sumMicros += other.sumMicros;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    /** Forgets every sample. */
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        sumMicros = 0;
        maxMicros = 0;
    }

    public long count() {
        return count;
    }

    /** An immutable copy of what has been recorded so far. */
    public LatencyDistribution distribution() {
        return new LatencyDistribution(counts.clone(), count, sumMicros, maxMicros);
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > LAST_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
        return LINEAR + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + sub;
    }

    /** The largest value, in microseconds, that falls into bucket {@code index}. */
    static long upperEdge(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = FIRST_EXPONENT + (index - LINEAR) / SUB_BUCKETS;
        int sub = (index - LINEAR) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BITS);
        return (SUB_BUCKETS + sub) * width + width - 1;
    }
}
