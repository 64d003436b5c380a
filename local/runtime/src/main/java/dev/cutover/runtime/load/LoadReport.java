package dev.cutover.runtime.load;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LoadGenerator} has seen. Every request sent is eventually in {@link #completed()} exactly once, as ok
 * or failed: {@code sent == completed + inFlight()} at any moment, and {@code inFlight() == 0} once stopped.
 *
 * @param sent           requests sent
 * @param completed      of those, the ones finished (answered, or failed)
 * @param ok             answered with a status below 500
 * @param failed         answered with a 5xx, or failed without an answer (refused, reset, timed out)
 * @param late           sent more than the late threshold behind schedule (the concurrency cap was reached, or the
 *                       machine could not keep up): the offered rate was not met for these
 * @param byVersion      outcomes keyed by the {@code X-Cutover-Version} response header ({@code blue}, {@code green}),
 *                       or {@link #NO_VERSION} when the response had none or there was no response
 * @param byRelease      answered requests by the release that served them ({@code X-App-Version}: v1, v2, ...),
 *                       which, unlike the router's slot, follows the version across deployments; {@link
 *                       #NO_VERSION} for a response without one (a router error, no response)
 * @param failureReasons failed requests by reason: {@code HTTP 503} for a status, else the exception's class name
 *                       (e.g. {@code ConnectException}, {@code TimeoutException})
 * @param responseTime   from when each request was due to be sent until it finished: what a user would wait,
 *                       including any time it waited for a free concurrency slot (no coordinated omission)
 * @param serviceTime    from when each request was actually sent until it finished
 * @param elapsed        since the generator started (until it stopped, once stopped)
 */
public record LoadReport(
        long sent,
        long completed,
        long ok,
        long failed,
        long late,
        Map<String, VersionCounts> byVersion,
        Map<String, Long> byRelease,
        Map<String, Long> failureReasons,
        Latencies responseTime,
        Latencies serviceTime,
        Duration elapsed) {

    /** The {@link #byVersion()} key for requests no {@code X-Cutover-Version} header accounts for. */
    public static final String NO_VERSION = "none";

    public LoadReport {
        byVersion = Map.copyOf(Objects.requireNonNull(byVersion, "byVersion"));
        byRelease = Map.copyOf(Objects.requireNonNull(byRelease, "byRelease"));
        failureReasons = Map.copyOf(Objects.requireNonNull(failureReasons, "failureReasons"));
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(serviceTime, "serviceTime");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Requests sent and not yet finished. */
    public long inFlight() {
        return sent - completed;
    }

    /** Counts for one version ({@code blue}, {@code green} or {@link #NO_VERSION}); zeros if it answered nothing. */
    public VersionCounts version(String version) {
        return byVersion.getOrDefault(version, VersionCounts.NONE);
    }

    /** Requests sent per second of {@link #elapsed()}. */
    public double sendRate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : sent / seconds;
    }

    @Override
    public String toString() {
        return "sent " + sent + ", ok " + ok + ", failed " + failed + " " + failureReasons + ", late " + late
                + ", in flight " + inFlight() + ", by version " + byVersion + ", response time " + responseTime
                + ", " + String.format("%.1f", sendRate()) + "/s over " + elapsed.toMillis() + " ms";
    }
}
