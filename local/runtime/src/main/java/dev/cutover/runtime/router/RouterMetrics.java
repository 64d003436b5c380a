package dev.cutover.runtime.router;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.runtime.metrics.LatencyHistogram;

/**
 * Per-version request counts, 5xx counts and latency histograms, kept both since start and in one-second slots
 * for a retention period, so that alarms can be evaluated over any sliding window up to that period. Thread-safe;
 * each version has its own lock so blue and green do not contend.
 *
 * <p>A window of {@code n} seconds covers the current (partial) second and the {@code n - 1} whole seconds before
 * it, by the clock given to the constructor.
 */
public final class RouterMetrics {

    private final Clock clock;
    private final int retentionSeconds;
    private final Map<Version, VersionMetrics> versions = new EnumMap<>(Version.class);

    /**
     * @param retention how far back windowed snapshots can reach; at least one second
     */
    public RouterMetrics(Clock clock, Duration retention) {
        this.clock = Objects.requireNonNull(clock, "clock");
        long seconds = Objects.requireNonNull(retention, "retention").toSeconds();
        if (seconds < 1 || seconds > 24 * 3600) {
            throw new IllegalArgumentException("metrics retention must be between 1 s and 24 h, got " + retention);
        }
        this.retentionSeconds = (int) seconds;
        for (Version version : Version.values()) {
            versions.put(version, new VersionMetrics(retentionSeconds));
        }
    }

    /** Counts one finished request against its version, in the slot of its {@link RequestRecord#at()}. */
    public void record(RequestRecord record) {
        versions.get(record.version())
                .record(record.status(), record.latency().toNanos(), record.at().getEpochSecond());
    }

    /** Everything {@code version} served since this object was made. */
    public MetricsSnapshot snapshot(Version version) {
        return versions.get(Objects.requireNonNull(version, "version")).cumulative(version);
    }

    /**
     * What {@code version} served in the last {@code window}, rounded up to whole seconds.
     *
     * @throws IllegalArgumentException when the window is not positive or is longer than the retention period
     */
    public MetricsSnapshot snapshot(Version version, Duration window) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("metrics window must be positive, got " + window);
        }
        long seconds = (window.toNanos() + 999_999_999L) / 1_000_000_000L;
        if (seconds > retentionSeconds) {
            throw new IllegalArgumentException(
                    "metrics window " + window + " is longer than the retention of " + retentionSeconds + " s");
        }
        long now = clock.instant().getEpochSecond();
        return versions.get(version).windowed(version, window, now - seconds + 1, now);
    }

    private static final class VersionMetrics {
        private final long[] slotSecond;
        private final long[] slotRequests;
        private final long[] slotServerErrors;
        private final long[] slotClientErrors;
        private final LatencyHistogram[] slotLatency;
        private long requests;
        private long serverErrors;
        private long clientErrors;
        private final LatencyHistogram latency = new LatencyHistogram();

        VersionMetrics(int slots) {
            slotSecond = new long[slots];
            Arrays.fill(slotSecond, Long.MIN_VALUE);
            slotRequests = new long[slots];
            slotServerErrors = new long[slots];
            slotClientErrors = new long[slots];
            slotLatency = new LatencyHistogram[slots];
        }

        synchronized void record(int status, long latencyNanos, long epochSecond) {
            boolean serverError = status >= 500 && status <= 599;
            boolean clientError = status >= 400 && status <= 499;
            requests++;
            serverErrors += serverError ? 1 : 0;
            clientErrors += clientError ? 1 : 0;
            latency.recordNanos(latencyNanos);

            int slot = (int) Math.floorMod(epochSecond, (long) slotSecond.length);
            if (slotSecond[slot] > epochSecond) {
                // a straggler older than the retention period: it still counts since start, but its slot is gone
                return;
            }
            if (slotSecond[slot] != epochSecond) {
                slotSecond[slot] = epochSecond;
                slotRequests[slot] = 0;
                slotServerErrors[slot] = 0;
                slotClientErrors[slot] = 0;
                if (slotLatency[slot] == null) {
                    slotLatency[slot] = new LatencyHistogram();
                } else {
                    slotLatency[slot].reset();
                }
            }
            slotRequests[slot]++;
            slotServerErrors[slot] += serverError ? 1 : 0;
            slotClientErrors[slot] += clientError ? 1 : 0;
            slotLatency[slot].recordNanos(latencyNanos);
        }

        synchronized MetricsSnapshot cumulative(Version version) {
            return new MetricsSnapshot(
                    version, Optional.empty(), requests, serverErrors, clientErrors, latency.distribution());
        }

        synchronized MetricsSnapshot windowed(Version version, Duration window, long fromSecond, long toSecond) {
            long windowRequests = 0;
            long windowServerErrors = 0;
            long windowClientErrors = 0;
            LatencyHistogram windowLatency = new LatencyHistogram();
            for (int slot = 0; slot < slotSecond.length; slot++) {
                long second = slotSecond[slot];
                if (second >= fromSecond && second <= toSecond) {
                    windowRequests += slotRequests[slot];
                    windowServerErrors += slotServerErrors[slot];
                    windowClientErrors += slotClientErrors[slot];
                    windowLatency.add(slotLatency[slot]);
                }
            }
            return new MetricsSnapshot(
                    version,
                    Optional.of(window),
                    windowRequests,
                    windowServerErrors,
                    windowClientErrors,
                    windowLatency.distribution());
        }
    }
}
