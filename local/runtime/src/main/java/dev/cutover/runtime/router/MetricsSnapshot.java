package dev.cutover.runtime.router;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.runtime.metrics.LatencyDistribution;

/**
 * What one upstream served, either since the router started or over a sliding window ending now.
 *
 * @param version      the upstream
 * @param window       the sliding window, or empty for everything since the router started
 * @param requests     requests finished (both listeners)
 * @param serverErrors of those, the ones answered with a 5xx status (including the router's own 502/504)
 * @param clientErrors of those, the ones answered with a 4xx status (including {@link RequestRecord#CLIENT_CLOSED})
 * @param latency      their latencies as seen by the router
 */
public record MetricsSnapshot(
        Version version,
        Optional<Duration> window,
        long requests,
        long serverErrors,
        long clientErrors,
        LatencyDistribution latency) {

    public MetricsSnapshot {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(latency, "latency");
    }

    /** Fraction of requests answered with a 5xx, 0..1; 0 when there were no requests. */
    public double serverErrorRate() {
        return requests == 0 ? 0 : (double) serverErrors / requests;
    }

    /** Shorthand for {@code latency().percentile(percent)}. */
    public Duration latencyPercentile(double percent) {
        return latency.percentile(percent);
    }
}
