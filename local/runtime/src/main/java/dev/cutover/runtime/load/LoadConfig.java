package dev.cutover.runtime.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link LoadGenerator} sends: GET {@code target} at {@code ratePerSecond}, with at most {@code concurrency}
 * requests outstanding. Start from {@link #of} and change what differs with the {@code with...} methods.
 *
 * @param target         the URI every request GETs
 * @param ratePerSecond  the open-loop send rate; sends are scheduled at fixed intervals from the start
 * @param concurrency    most requests outstanding at once (and connections opened); a send due while all are busy
 *                       waits, and is counted late
 * @param duration       stop sending after this long; empty for until {@link LoadGenerator#stop()}
 * @param maxRequests    stop sending after this many; 0 for no limit
 * @param requestTimeout a request without a complete response after this long fails with a TimeoutException
 * @param lateThreshold  a send this much behind its schedule is counted late
 */
public record LoadConfig(
        URI target,
        double ratePerSecond,
        int concurrency,
        Optional<Duration> duration,
        long maxRequests,
        Duration requestTimeout,
        Duration lateThreshold) {

    public LoadConfig {
        Objects.requireNonNull(target, "target");
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("load target must be an http URI with a host, got " + target);
        }
        if (!(ratePerSecond > 0 && ratePerSecond <= 1_000_000)) {
            throw new IllegalArgumentException(
                    "load rate must be above 0 and at most 1000000 per second, got " + ratePerSecond);
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("load concurrency must be 1..10000, got " + concurrency);
        }
        Objects.requireNonNull(duration, "duration");
        duration.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("load duration must be positive, got " + d);
            }
        });
        if (maxRequests < 0) {
            throw new IllegalArgumentException("load maxRequests must be 0 (no limit) or more, got " + maxRequests);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("load requestTimeout must be positive, got " + requestTimeout);
        }
        Objects.requireNonNull(lateThreshold, "lateThreshold");
    }

    /** Runs until stopped; 10 s request timeout; a send more than 10 ms behind schedule counts late. */
    public static LoadConfig of(URI target, double ratePerSecond, int concurrency) {
        return new LoadConfig(
                target, ratePerSecond, concurrency, Optional.empty(), 0, Duration.ofSeconds(10), Duration.ofMillis(10));
    }

    public LoadConfig withDuration(Duration newDuration) {
        return new LoadConfig(
                target,
                ratePerSecond,
                concurrency,
                Optional.of(newDuration),
                maxRequests,
                requestTimeout,
                lateThreshold);
    }

    public LoadConfig withMaxRequests(long max) {
        return new LoadConfig(target, ratePerSecond, concurrency, duration, max, requestTimeout, lateThreshold);
    }

    public LoadConfig withRequestTimeout(Duration timeout) {
        return new LoadConfig(target, ratePerSecond, concurrency, duration, maxRequests, timeout, lateThreshold);
    }

    public LoadConfig withLateThreshold(Duration threshold) {
        return new LoadConfig(target, ratePerSecond, concurrency, duration, maxRequests, requestTimeout, threshold);
    }
}
