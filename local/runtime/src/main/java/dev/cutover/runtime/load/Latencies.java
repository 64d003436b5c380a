package dev.cutover.runtime.load;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * An immutable copy of the load generator's latencies, kept in an HdrHistogram (microseconds, 3 significant digits:
 * a percentile is within 0.1% of the true value), so p99 and p99.9 mean what they say even at thousands of requests
 * per second. Values above {@link #HIGHEST} are recorded as {@link #HIGHEST}.
 */
public final class Latencies {

    /** The largest latency told apart from larger ones; a longer wait is recorded as this. */
    public static final Duration HIGHEST = Duration.ofMinutes(10);

    private static final long HIGHEST_MICROS = HIGHEST.toNanos() / 1_000;

    /** No samples. */
    public static final Latencies EMPTY = new Latencies(newHistogram());

    private final Histogram histogram;

    private Latencies(Histogram histogram) {
        this.histogram = histogram;
    }

    /** A histogram this class can copy: microseconds from 1 to {@link #HIGHEST}, 3 significant digits. */
    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, 3);
    }

    /** Records {@code nanos} into {@code histogram} (at least 1 µs, at most {@link #HIGHEST}). */
    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** A copy of {@code histogram}'s samples as they are now. */
    static Latencies copyOf(Histogram histogram) {
        return new Latencies(histogram.copy());
    }

    /** How many latencies were recorded. */
    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * The latency at or below which {@code percent} of the samples fall: {@code percentile(99)} is p99;
     * {@link Duration#ZERO} when there are no samples.
     *
     * @throws IllegalArgumentException when {@code percent} is outside 0..100
     */
    public Duration percentile(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile must be 0..100, got " + percent);
        }
        return count() == 0 ? Duration.ZERO : micros(histogram.getValueAtPercentile(percent));
    }

    /** The largest latency recorded; {@link Duration#ZERO} when there are none. */
    public Duration max() {
        return count() == 0 ? Duration.ZERO : micros(histogram.getMaxValue());
    }

    /** The arithmetic mean; {@link Duration#ZERO} when there are no samples. */
    public Duration mean() {
        return count() == 0 ? Duration.ZERO : micros(Math.round(histogram.getMean()));
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
