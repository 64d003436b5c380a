package dev.cutover.core.health;

import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.spec.HealthGates;

/**
 * When a metric gate's absolute threshold is green's fault. Green is judged against blue over the same window: a
 * threshold that blue breaches too, on the same machine and load, says the load or the machine is the bottleneck,
 * not that green is worse. So, for a gate with {@code maxIncreaseOverBlue}:
 *
 * <ul>
 *   <li>green above the threshold fails the threshold, unless blue is above it too and green is no more than
 *       {@code maxIncreaseOverBlue} worse than blue (a <em>shared breach</em>: excused, reason says so);</li>
 *   <li>the relative line (green worse than blue by more than {@code maxIncreaseOverBlue}) is unchanged, so a green
 *       that is slower or failing on its own is still caught, saturated machine or not.</li>
 * </ul>
 *
 * <p>A gate without {@code maxIncreaseOverBlue} has no margin to compare within: its threshold stays absolute. When
 * blue has no value (no requests), the threshold stays absolute too. Used by {@link EvidenceJudge}'s gates and by the
 * local runtime's alarms, so the bake verdict and the alarm path agree.
 */
public final class SharedBreach {

    private static final double TOLERANCE = 1e-9;

    private SharedBreach() {}

    /** Whether {@code value} is above {@code limit}, forgiving one part in a billion of floating-point rounding. */
    static boolean exceeds(double value, double limit) {
        return value - limit > TOLERANCE * Math.max(1.0, Math.abs(limit));
    }

    /**
     * Whether green's value breaches the gate's threshold in a way that is green's fault: above the threshold and not
     * a {@link #excused shared breach}.
     */
    public static boolean breachesThreshold(HealthGates.MetricGate gate, double green, Optional<Double> blue) {
        return exceeds(green, gate.threshold()) && !excused(gate, green, blue);
    }

    /**
     * Whether green above the threshold is excused: the gate has {@code maxIncreaseOverBlue}, blue is above the
     * threshold too over the same window, and green is within that margin of blue.
     */
    public static boolean excused(HealthGates.MetricGate gate, double green, Optional<Double> blue) {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(blue, "blue");
        if (gate.maxIncreaseOverBlue().isEmpty() || blue.isEmpty()) {
            return false;
        }
        return exceeds(green, gate.threshold())
                && exceeds(blue.get(), gate.threshold())
                && !exceeds(green - blue.get(), gate.maxIncreaseOverBlue().get());
    }
}
