package dev.cutover.core.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.spec.CutoverSpec;

/**
 * Judges green after a bake over the window {@code [bakeStart, now)}: the entry point the JudgeHealth task calls.
 * It gathers the {@link Evidence} from the ports with an {@link EvidenceGatherer} and hands it to the pure
 * {@link EvidenceJudge}, whose javadoc states the rules.
 */
public final class HealthJudge {

    private final EvidenceGatherer gatherer;
    private final Clock clock;

    public HealthJudge(AlarmStateReader alarms, TargetGroupMetrics metrics, Clock clock) {
        this.gatherer = new EvidenceGatherer(alarms, metrics);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Judges the window from {@code bakeStart} to the clock's now. */
    public HealthVerdict judge(CutoverSpec spec, Instant bakeStart) {
        return judge(spec, bakeStart, clock.instant());
    }

    /**
     * @throws IllegalArgumentException when {@code now} is not after {@code bakeStart}
     * @throws DependencyException      when the alarms cannot be read, or the metrics cannot be read and no alarm has
     *                                  already made green unhealthy (a
     *                                  {@link dev.cutover.core.error.TransientDependencyException} is worth retrying)
     */
    public HealthVerdict judge(CutoverSpec spec, Instant bakeStart, Instant now) {
        Evidence evidence = gatherer.gather(spec, bakeStart, now);
        return EvidenceJudge.judge(spec.health(), evidence);
    }
}
