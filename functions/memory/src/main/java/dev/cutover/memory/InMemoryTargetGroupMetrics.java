package dev.cutover.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.cutover.core.port.LatencySamples;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.MetricTiming;

/**
 * Target-group metrics kept in memory, for tests and the local runtime: whoever proxies a request
 * {@linkplain #record(String, Instant, int, double) records} it against the target group that served it.
 *
 * <p>Memory is bounded per target group, whatever the request rate:
 * <ul>
 *   <li>Request and 5xx counts live in one-second buckets, in a ring covering the last {@code retention}
 *       (default {@value #DEFAULT_RETENTION_SECONDS} s: about 0.5 MB per target group). Counts are exact.</li>
 *   <li>Latencies live in a ring of the newest {@code latencySamples} requests (default
 *       {@value #DEFAULT_LATENCY_SAMPLES}, about 2 MB per target group). Percentiles are exact (nearest rank) over
 *       the window's requests still in the ring; at rates where the ring no longer reaches back to the start of
 *       the window they are computed over the window's newest requests.</li>
 * </ul>
 *
 * <p>Time resolution is one second: a request counts in the window {@code [from, to)} when the second it was
 * recorded in lies between the second of {@code from} and the second of {@code to} rounded up, so a window on whole
 * seconds is exact. Requests recorded more than {@code retention} before the newest second already recorded are
 * dropped (and counted by {@link #droppedSamples()}); a window longer than {@code retention} is refused.
 *
 * <p>CloudWatch's timing can be modelled ({@link #InMemoryTargetGroupMetrics(Duration, int, MetricTiming, Clock)}):
 * requests then count in periods of {@link MetricTiming#period()} aligned to the epoch, and a period's requests are
 * only visible {@link MetricTiming#publicationDelay()} after the period ends, on the given clock, as CloudWatch
 * publishes them. Without it every request counts at once ({@link MetricTiming#IMMEDIATE}).
 *
 * <p>Thread-safe: each target group has its own lock, so recording for green never waits on blue.
 */
public final class InMemoryTargetGroupMetrics implements TargetGroupMetrics {

    public static final long DEFAULT_RETENTION_SECONDS = 6 * 3600;
    public static final int DEFAULT_LATENCY_SAMPLES = 1 << 17;

    private final MetricTiming timing;
    private final Clock clock;
    private final int retentionSeconds;
    private final int latencySamples;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    /** Six hours of counts and the newest {@value #DEFAULT_LATENCY_SAMPLES} latencies per target group. */
    public InMemoryTargetGroupMetrics() {
        this(Duration.ofSeconds(DEFAULT_RETENTION_SECONDS), DEFAULT_LATENCY_SAMPLES);
    }

    /**
     * @param retention      how far back counts are kept: the longest window {@link #stats} answers; whole
     *                       seconds, at least one
     * @param latencySamples how many of the newest latencies are kept per target group, at least one
     */
    public InMemoryTargetGroupMetrics(Duration retention, int latencySamples) {
        this(retention, latencySamples, MetricTiming.IMMEDIATE, Clock.systemUTC());
    }

    /**
     * @param timing when a request becomes visible: in the period it falls in, once the period ended and the
     *               publication delay passed on {@code clock}
     * @param clock  the time publication is judged by
     */
    public InMemoryTargetGroupMetrics(Duration retention, int latencySamples, MetricTiming timing, Clock clock) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retention, "retention");
        if (retention.toSeconds() < 1 || retention.toSeconds() > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException(
                    "retention must be between 1 second and " + Integer.MAX_VALUE / 8 + " seconds, got " + retention);
        }
        if (latencySamples < 1) {
            throw new IllegalArgumentException("latencySamples must be at least 1, got " + latencySamples);
        }
        this.retentionSeconds = (int) retention.toSeconds();
        this.latencySamples = latencySamples;
    }

    /**
     * Records one request served by a target group.
     *
     * @param targetGroupArn the target group that served it
     * @param at             when it was served
     * @param status         the HTTP status answered, 100..599; 500..599 count as 5xx
     * @param latencyMs      response time in milliseconds, finite and not negative
     * @throws IllegalArgumentException when the status or latency is out of range
     */
    public void record(String targetGroupArn, Instant at, int status, double latencyMs) {
        Objects.requireNonNull(targetGroupArn, "targetGroupArn");
        Objects.requireNonNull(at, "at");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
        }
        if (!Double.isFinite(latencyMs) || latencyMs < 0) {
            throw new IllegalArgumentException(
                    "latency must be a finite number of milliseconds >= 0, got " + latencyMs);
        }
        series.computeIfAbsent(targetGroupArn, tg -> new Series(retentionSeconds, latencySamples))
                .record(at.getEpochSecond(), status >= 500, latencyMs);
    }

    /** The load balancer ARN is not needed here: a target group's requests are recorded against it alone. */
    @Override
    public TrafficStats stats(
            String targetGroupArn, String loadBalancerArn, Instant from, Instant to, Set<Double> percentiles) {
        TargetGroupMetrics.checkArguments(targetGroupArn, from, to, percentiles);
        long fromSecond = from.getEpochSecond();
        long toSecond = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        if (toSecond - fromSecond > retentionSeconds) {
            throw new IllegalArgumentException("window " + from + " to " + to + " is longer than the "
                    + retentionSeconds + " s these in-memory metrics keep");
        }
        if (!timing.immediate()) {
            // only whole periods whose publication delay has passed are visible, as on CloudWatch
            toSecond = Math.min(toSecond, publishedBefore(clock.instant()));
            if (toSecond <= fromSecond) {
                return TrafficStats.none();
            }
        }
        Series s = series.get(targetGroupArn);
        return s == null ? TrafficStats.none() : s.stats(fromSecond, toSecond, percentiles);
    }

    /**
     * The window's latencies still in the ring, one per request, oldest first; at most
     * {@link LatencySamples#MAX_VALUES}, evenly spaced over the window's requests when it has more. The same window
     * and publication rules as {@link #stats}.
     */
    @Override
    public LatencySamples latencySamples(String targetGroupArn, String loadBalancerArn, Instant from, Instant to) {
        TargetGroupMetrics.checkArguments(targetGroupArn, from, to, Set.of());
        long fromSecond = from.getEpochSecond();
        long toSecond = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        if (!timing.immediate()) {
            toSecond = Math.min(toSecond, publishedBefore(clock.instant()));
        }
        Series s = series.get(targetGroupArn);
        return s == null || toSecond <= fromSecond ? LatencySamples.none() : s.samples(fromSecond, toSecond);
    }

    @Override
    public MetricTiming timing() {
        return timing;
    }

    /** The end (epoch second, exclusive) of the last period published at {@code now}. */
    long publishedBefore(Instant now) {
        long period = timing.period().toSeconds();
        return Math.floorDiv(now.getEpochSecond() - timing.publicationDelay().toSeconds(), period) * period;
    }

    /** Requests recorded too late to count, because their second had left the retention window. */
    public long droppedSamples() {
        return series.values().stream().mapToLong(Series::dropped).sum();
    }

    /**
     * The nearest-rank percentile of {@code sorted}: the smallest value with at least {@code percentile}% of the
     * values at or below it. {@code sorted} must be ascending and not empty.
     */
    static double nearestRank(double[] sorted, double percentile) {
        // exact decimal arithmetic: in doubles 99.9% of 1000 comes out just above 999 and would pick rank 1000
        int rank = BigDecimal.valueOf(percentile)
                .multiply(BigDecimal.valueOf(sorted.length))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
                .intValueExact();
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    /** One target group's buckets and latency ring, guarded by its own monitor. */
    private static final class Series {

        private final long[] second;
        private final long[] requests;
        private final long[] errors;
        private final long[] latencySecond;
        private final double[] latency;
        private int nextLatency;
        private int latencyCount;
        private long newestSecond = Long.MIN_VALUE;
        private long dropped;

        Series(int slots, int latencySamples) {
            second = new long[slots];
            Arrays.fill(second, Long.MIN_VALUE);
            requests = new long[slots];
            errors = new long[slots];
            latencySecond = new long[latencySamples];
            latency = new double[latencySamples];
        }

        synchronized void record(long epochSecond, boolean error, double latencyMs) {
            if (newestSecond != Long.MIN_VALUE && epochSecond <= newestSecond - second.length) {
                dropped++;
                return;
            }
            newestSecond = Math.max(newestSecond, epochSecond);
            int slot = (int) Math.floorMod(epochSecond, (long) second.length);
            if (second[slot] != epochSecond) {
                second[slot] = epochSecond;
                requests[slot] = 0;
                errors[slot] = 0;
            }
            requests[slot]++;
            if (error) {
                errors[slot]++;
            }
            latencySecond[nextLatency] = epochSecond;
            latency[nextLatency] = latencyMs;
            nextLatency = (nextLatency + 1) % latency.length;
            latencyCount = Math.min(latencyCount + 1, latency.length);
        }

        synchronized TrafficStats stats(long fromSecond, long toSecond, Set<Double> percentiles) {
            long total = 0;
            long total5xx = 0;
            for (long s = fromSecond; s < toSecond; s++) {
                int slot = (int) Math.floorMod(s, (long) second.length);
                if (second[slot] == s) {
                    total += requests[slot];
                    total5xx += errors[slot];
                }
            }
            Map<Double, Double> latencies = new HashMap<>();
            if (total > 0 && !percentiles.isEmpty()) {
                double[] window = new double[latencyCount];
                int n = 0;
                for (int i = 0; i < latencyCount; i++) {
                    if (latencySecond[i] >= fromSecond && latencySecond[i] < toSecond) {
                        window[n++] = latency[i];
                    }
                }
                if (n > 0) {
                    double[] sorted = Arrays.copyOf(window, n);
                    Arrays.sort(sorted);
                    for (double p : percentiles) {
                        latencies.put(p, nearestRank(sorted, p));
                    }
                }
            }
            return new TrafficStats(total, total5xx, latencies);
        }

        synchronized LatencySamples samples(long fromSecond, long toSecond) {
            double[] window = new double[latencyCount];
            int n = 0;
            // oldest first: the ring's next slot holds its oldest value once it is full
            int oldest = latencyCount < latency.length ? 0 : nextLatency;
            for (int k = 0; k < latencyCount; k++) {
                int i = (oldest + k) % latency.length;
                if (latencySecond[i] >= fromSecond && latencySecond[i] < toSecond) {
                    window[n++] = latency[i];
                }
            }
            return LatencySamples.evenlyChosen(window, n, LatencySamples.Basis.REQUESTS);
        }

        synchronized long dropped() {
            return dropped;
        }
    }
}
