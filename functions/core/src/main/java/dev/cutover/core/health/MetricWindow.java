package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.cutover.core.port.model.MetricTiming;

/**
 * The window of whole metric periods the judge reads after a bake, and when its numbers are published. A pure
 * computation over the metrics source's {@link MetricTiming} (period {@code P}, publication delay {@code D}):
 *
 * <ul>
 *   <li>{@code start} = the shift rounded up to a period boundary, so no period mixes traffic from before the
 *       shift;</li>
 *   <li>{@code end} = the bake's end rounded down to a period boundary, but at least {@code start + P}: a bake
 *       shorter than that is extended to one whole period;</li>
 *   <li>{@code publishedAt} = {@code end + D}: before then the last period may still be missing.</li>
 * </ul>
 *
 * <p>So a stage whose bake is {@code B} is judged at the latest {@code max(B, 2P) + D} after its shift: with
 * CloudWatch's 60 s and 120 s, a 0 s bake is judged after at most 240 s, a 300 s bake after at most 420 s. A source
 * with {@link MetricTiming#immediate() immediate} timing is read over the bake as it is, {@code [shift, bake end)}.
 *
 * @param start       inclusive
 * @param end         exclusive, after {@code start}
 * @param publishedAt when the last period's numbers are readable
 */
public record MetricWindow(Instant start, Instant end, Instant publishedAt) {

    public MetricWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a metric window ends after it starts, got " + start + " to " + end);
        }
    }

    /**
     * @param bakeStart when green took its share (the shift)
     * @param bakeEnd   when the bake ended; not before {@code bakeStart}
     */
    public static MetricWindow of(Instant bakeStart, Instant bakeEnd, MetricTiming timing) {
        Objects.requireNonNull(bakeStart, "bakeStart");
        Objects.requireNonNull(bakeEnd, "bakeEnd");
        Objects.requireNonNull(timing, "timing");
        if (timing.immediate()) {
            Instant end = bakeEnd.isAfter(bakeStart) ? bakeEnd : bakeStart.plusSeconds(1);
            return new MetricWindow(bakeStart, end, end);
        }
        long period = timing.period().toSeconds();
        Instant start = ceil(bakeStart, period);
        Instant end = floor(bakeEnd, period);
        if (end.isBefore(start.plusSeconds(period))) {
            end = start.plusSeconds(period);
        }
        return new MetricWindow(start, end, end.plus(timing.publicationDelay()));
    }

    /** The window's length in seconds. */
    public long seconds() {
        return Duration.between(start, end).toSeconds();
    }

    private static Instant ceil(Instant t, long period) {
        long s = t.getEpochSecond();
        long floor = Math.floorDiv(s, period) * period;
        return Instant.ofEpochSecond(floor == s && t.getNano() == 0 ? s : floor + period);
    }

    private static Instant floor(Instant t, long period) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), period) * period);
    }
}
