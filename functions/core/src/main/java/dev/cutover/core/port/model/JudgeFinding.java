package dev.cutover.core.port.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric's finding by the statistical judge, as the ledger keeps it next to the stage's verdict text: what was
 * compared, how green differs from blue, and how sure the test is.
 *
 * @param metric           {@code latency} or {@code 5xx-rate}
 * @param test             the test that judged it: {@code mann-whitney-u} (latency) or {@code fisher-exact}
 *                         (5xx counts; a two-proportion z-test beyond an int's range)
 * @param blueValue        blue's value: the median latency in ms, or the 5xx rate as a fraction 0..1; empty when
 *                         blue had no samples
 * @param greenValue       green's value, in the same unit; empty when green had no samples
 * @param effect           latency: P(green sample slower than blue's), 0..1; 5xx: green's rate minus blue's
 * @param confidence       how sure the test is that the difference is real, 0..1
 * @param neededConfidence the confidence a WORSE finding needs to fail the stage
 * @param greenSamples     green's sample count (latency values or requests)
 * @param blueSamples      blue's sample count
 * @param direction        which way green differs, as observed
 * @param outcome          FAIL only for a confident WORSE; INCONCLUSIVE with too few samples
 * @param text             the one line a person reads, as it leads the verdict
 */
public record JudgeFinding(
        String metric,
        String test,
        OptionalDouble blueValue,
        OptionalDouble greenValue,
        double effect,
        double confidence,
        double neededConfidence,
        long greenSamples,
        long blueSamples,
        Direction direction,
        Outcome outcome,
        String text) {

    /** Which way green differs from blue. */
    public enum Direction {
        BETTER,
        SAME,
        WORSE
    }

    /** What the finding did to the stage. */
    public enum Outcome {
        PASS,
        FAIL,
        INCONCLUSIVE
    }

    public JudgeFinding {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(blueValue, "blueValue");
        Objects.requireNonNull(greenValue, "greenValue");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
        if (greenSamples < 0 || blueSamples < 0) {
            throw new IllegalArgumentException(
                    metric + ": sample counts cannot be negative, were " + greenSamples + " and " + blueSamples);
        }
    }
}
