package dev.cutover.core.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaturalRanking;

import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.port.model.JudgeFinding;
import dev.cutover.core.spec.HealthGates.Statistical;

/**
 * Compares green with blue per metric by statistical tests instead of fixed limits: a green clearly worse than blue
 * but still under a threshold fails, and a green whose few requests happened to be slow does not. A pure function,
 * like {@link EvidenceJudge}: no ports, no clock, no randomness.
 *
 * <ul>
 *   <li><b>Latency</b>: the Mann-Whitney U rank test (Commons Math) on per-request (or per-period) latency samples.
 *       The effect is the probability that a green sample is slower than a blue one (0.5: no difference, ties
 *       count half), with the medians for people; the confidence is 1 - the test's two-sided p-value.</li>
 *   <li><b>5xx errors</b>: Fisher's exact test on the 2x2 table of errors and successes (the hypergeometric
 *       distribution, Commons Math), which stays exact for sparse counts where a normal approximation breaks: zero
 *       errors on both sides is no difference, not a division by zero. The effect is green's rate minus blue's; the
 *       confidence is 1 - the one-sided p-value in the observed direction. Counts beyond an {@code int} use a
 *       two-proportion z-test with continuity correction, where the normal approximation is good.</li>
 *   <li>A metric is <b>UNHEALTHY</b> only when green is <em>worse</em> than blue with at least the required
 *       confidence; better or not-clearly-different is HEALTHY; fewer samples than {@code minSamples} on either
 *       side is INCONCLUSIVE, never HEALTHY.</li>
 * </ul>
 *
 * <p>Because only "worse" fails, a green identical to blue fails at most {@code 1 - confidence} of the time (about
 * half that for latency, whose test is two-sided). Swapping green and blue flips the direction and keeps the
 * effect's size and the confidence.
 */
public final class StatisticalJudge {

    private static final String MANN_WHITNEY = "mann-whitney-u";

    private StatisticalJudge() {}

    /** Which way green differs from blue, as observed. Only WORSE can fail. */
    public enum Direction {
        WORSE,
        SAME,
        BETTER
    }

    /**
     * Green's and blue's latency samples in milliseconds, one value per request or per period.
     *
     * @throws IllegalArgumentException when a sample is negative or not a finite number
     */
    public record LatencySamples(double[] greenMs, double[] blueMs) {

        public LatencySamples {
            greenMs = checked("green", greenMs);
            blueMs = checked("blue", blueMs);
        }

        @Override
        public double[] greenMs() {
            return greenMs.clone();
        }

        @Override
        public double[] blueMs() {
            return blueMs.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LatencySamples that
                    && Arrays.equals(greenMs, that.greenMs)
                    && Arrays.equals(blueMs, that.blueMs);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(greenMs) + Arrays.hashCode(blueMs);
        }

        @Override
        public String toString() {
            return "LatencySamples[green " + greenMs.length + ", blue " + blueMs.length + "]";
        }

        private static double[] checked(String side, double[] samples) {
            Objects.requireNonNull(samples, side);
            for (double ms : samples) {
                if (!Double.isFinite(ms) || ms < 0) {
                    throw new IllegalArgumentException(
                            side + " latency samples must be finite milliseconds >= 0, got " + ms);
                }
            }
            return samples.clone();
        }
    }

    /**
     * Requests and 5xx answers of each side.
     *
     * @throws IllegalArgumentException when a count is negative or errors exceed requests
     */
    public record ErrorCounts(long greenRequests, long greenErrors, long blueRequests, long blueErrors) {

        public ErrorCounts {
            if (greenRequests < 0 || greenErrors < 0 || blueRequests < 0 || blueErrors < 0) {
                throw new IllegalArgumentException("error counts cannot be negative");
            }
            if (greenErrors > greenRequests || blueErrors > blueRequests) {
                throw new IllegalArgumentException("errors cannot exceed requests, got green " + greenErrors + "/"
                        + greenRequests + ", blue " + blueErrors + "/" + blueRequests);
            }
        }

        /** The same table seen from the other side. */
        public ErrorCounts swapped() {
            return new ErrorCounts(blueRequests, blueErrors, greenRequests, greenErrors);
        }
    }

    /**
     * The judgement of one metric.
     *
     * @param metric       {@code latency} or {@code 5xx-rate}
     * @param direction    which way green differs, as observed
     * @param effect       latency: P(green sample slower than blue's), 0..1, 0.5 = no difference; 5xx: green's
     *                     rate minus blue's, -1..1
     * @param confidence   how sure the test is that the difference is real, 0..1 (1 - p)
     * @param greenSamples green's sample count (latency values or requests)
     * @param blueSamples  blue's sample count
     * @param status       UNHEALTHY only for a confident WORSE; INCONCLUSIVE with too few samples
     * @param explanation  one line a person understands: metric, blue vs green, effect, confidence, samples
     * @param test         the test's name: {@code mann-whitney-u}, {@code fisher-exact} or {@code two-proportion-z}
     * @param blueValue    blue's median latency in ms or 5xx rate 0..1; empty without samples
     * @param greenValue   green's, in the same unit
     * @param needed       the confidence a WORSE finding needs to be UNHEALTHY
     */
    public record Finding(
            String metric,
            Direction direction,
            double effect,
            double confidence,
            long greenSamples,
            long blueSamples,
            Status status,
            String explanation,
            String test,
            OptionalDouble blueValue,
            OptionalDouble greenValue,
            double needed) {

        /** The finding as the ledger keeps it, next to the stage's verdict text. */
        public JudgeFinding toLedger() {
            return new JudgeFinding(
                    metric,
                    test,
                    blueValue,
                    greenValue,
                    effect,
                    confidence,
                    needed,
                    greenSamples,
                    blueSamples,
                    JudgeFinding.Direction.valueOf(direction.name()),
                    switch (status) {
                        case HEALTHY -> JudgeFinding.Outcome.PASS;
                        case UNHEALTHY -> JudgeFinding.Outcome.FAIL;
                        case INCONCLUSIVE -> JudgeFinding.Outcome.INCONCLUSIVE;
                    },
                    explanation);
        }

        public Finding {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(explanation, "explanation");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(blueValue, "blueValue");
            Objects.requireNonNull(greenValue, "greenValue");
        }
    }

    /** Judges the latency samples, one per request, needing {@code minSamples} on each side. */
    public static Finding latency(LatencySamples samples, Statistical settings) {
        Objects.requireNonNull(settings, "settings");
        return latency(samples, settings, "samples", settings.minSamples());
    }

    /**
     * Judges the latency samples a metrics source gave for green and blue. Per-request values need
     * {@code minSamples} on each side. Per-period values (CloudWatch's 1-minute averages) come one a minute, so a
     * bake never has fifty: they need only as many as let the rank test reach the required confidence at all
     * ({@link #periodsNeeded}), at most {@code minSamples}.
     */
    public static Finding latency(
            dev.cutover.core.port.LatencySamples green,
            dev.cutover.core.port.LatencySamples blue,
            Statistical settings) {
        Objects.requireNonNull(green, "green");
        Objects.requireNonNull(blue, "blue");
        Objects.requireNonNull(settings, "settings");
        boolean periods = green.basis() == dev.cutover.core.port.LatencySamples.Basis.PERIODS
                || blue.basis() == dev.cutover.core.port.LatencySamples.Basis.PERIODS;
        int minimum =
                periods ? Math.min(settings.minSamples(), periodsNeeded(settings.confidence())) : settings.minSamples();
        String unit = periods ? dev.cutover.core.port.LatencySamples.Basis.PERIODS.words() : "samples";
        return latency(new LatencySamples(green.toArray(), blue.toArray()), settings, unit, minimum);
    }

    /**
     * The fewest values per side with which the rank test can reach {@code confidence} at all: with {@code n}
     * values each, the most extreme outcome (every green value above every blue one) has the exact two-sided
     * p-value {@code 2 / C(2n, n)}; 4 for 95%, 5 for 99%.
     */
    static int periodsNeeded(double confidence) {
        int n = 2;
        // the tolerance keeps 1 - 0.9 (0.0999... in doubles) from asking for one period more than needed
        while (2 / binomial(2 * n, n) > 1 - confidence + 1e-12 && n < 1_000) {
            n++;
        }
        return n;
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }

    private static Finding latency(LatencySamples samples, Statistical settings, String unit, int minimum) {
        Objects.requireNonNull(samples, "samples");
        double[] green = samples.greenMs;
        double[] blue = samples.blueMs;
        String counts = unit + " green " + green.length + ", blue " + blue.length;
        if (green.length < minimum || blue.length < minimum) {
            return new Finding(
                    "latency",
                    Direction.SAME,
                    0.5,
                    0,
                    green.length,
                    blue.length,
                    Status.INCONCLUSIVE,
                    "latency inconclusive: too few " + unit + " (" + counts + "; needs " + minimum + " each)"
                            + medians(green, blue),
                    MANN_WHITNEY,
                    medianOf(blue),
                    medianOf(green),
                    settings.confidence());
        }
        double superiority = probabilityGreenSlower(green, blue);
        double p = new MannWhitneyUTest().mannWhitneyUTest(green, blue);
        double confidence = clamp(1 - p);
        Direction direction =
                superiority > 0.5 ? Direction.WORSE : superiority < 0.5 ? Direction.BETTER : Direction.SAME;
        if (direction == Direction.SAME) {
            confidence = 0;
        }
        Status status = status(direction, confidence, settings);
        String line = "latency " + word(status, direction) + ":" + medians(green, blue)
                + ", green slower in " + pct(superiority) + " of pairs, confidence " + pct(confidence)
                + " (needs " + pct(settings.confidence()) + "), " + counts;
        return new Finding(
                "latency",
                direction,
                superiority,
                confidence,
                green.length,
                blue.length,
                status,
                line,
                MANN_WHITNEY,
                medianOf(blue),
                medianOf(green),
                settings.confidence());
    }

    /** Judges the 5xx counts. */
    public static Finding errors(ErrorCounts counts, Statistical settings) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(settings, "settings");
        long gn = counts.greenRequests();
        long ge = counts.greenErrors();
        long bn = counts.blueRequests();
        long be = counts.blueErrors();
        String rates = " blue " + rate(be, bn) + " vs green " + rate(ge, gn);
        String samples = "requests green " + gn + ", blue " + bn;
        if (gn < settings.minSamples() || bn < settings.minSamples()) {
            return new Finding(
                    "5xx-rate",
                    Direction.SAME,
                    0,
                    0,
                    gn,
                    bn,
                    Status.INCONCLUSIVE,
                    "5xx-rate inconclusive: too few requests (" + samples + "; needs " + settings.minSamples()
                            + " each);" + rates,
                    errorTest(counts),
                    rateOf(be, bn),
                    rateOf(ge, gn),
                    settings.confidence());
        }
        double difference = (double) ge / gn - (double) be / bn;
        // IEEE division is correctly rounded, so equal rates (1/3, 2/6) give equal doubles: SAME, not noise
        int sign = Double.compare((double) ge / gn, (double) be / bn);
        Direction direction = sign > 0 ? Direction.WORSE : sign < 0 ? Direction.BETTER : Direction.SAME;
        double confidence = direction == Direction.SAME ? 0 : clamp(1 - oneSidedP(counts, direction));
        Status status = status(direction, confidence, settings);
        String line = "5xx-rate " + word(status, direction) + ":" + rates + " ("
                + String.format(Locale.ROOT, "%+.2f", difference * 100) + " points), confidence " + pct(confidence)
                + " (needs " + pct(settings.confidence()) + "), " + samples;
        return new Finding(
                "5xx-rate",
                direction,
                difference,
                confidence,
                gn,
                bn,
                status,
                line,
                errorTest(counts),
                rateOf(be, bn),
                rateOf(ge, gn),
                settings.confidence());
    }

    /**
     * Judges every metric there are samples for: UNHEALTHY if any is, else INCONCLUSIVE if any is, else HEALTHY.
     * The findings are in the order latency, 5xx.
     */
    public static List<Finding> judge(Optional<LatencySamples> latency, ErrorCounts errors, Statistical settings) {
        List<Finding> findings = new ArrayList<>();
        latency.ifPresent(samples -> findings.add(latency(samples, settings)));
        findings.add(errors(errors, settings));
        return List.copyOf(findings);
    }

    /** The worst status of the findings: UNHEALTHY over INCONCLUSIVE over HEALTHY. */
    public static Status overall(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.status() == Status.UNHEALTHY)) {
            return Status.UNHEALTHY;
        }
        if (findings.stream().anyMatch(f -> f.status() == Status.INCONCLUSIVE)) {
            return Status.INCONCLUSIVE;
        }
        return Status.HEALTHY;
    }

    /** P(green > blue) + P(green = blue) / 2 over all pairs, from the rank sum (ties averaged). */
    static double probabilityGreenSlower(double[] green, double[] blue) {
        double[] all = new double[green.length + blue.length];
        System.arraycopy(green, 0, all, 0, green.length);
        System.arraycopy(blue, 0, all, green.length, blue.length);
        double[] ranks = new NaturalRanking().rank(all);
        double rankSum = 0;
        for (int i = 0; i < green.length; i++) {
            rankSum += ranks[i];
        }
        double n1 = green.length;
        double u = rankSum - n1 * (n1 + 1) / 2;
        return u / (n1 * blue.length);
    }

    /** The p-value of a difference at least this large in the observed direction. */
    private static double oneSidedP(ErrorCounts counts, Direction direction) {
        long population = counts.greenRequests() + counts.blueRequests();
        long errors = counts.greenErrors() + counts.blueErrors();
        if (population <= Integer.MAX_VALUE) {
            // Fisher's exact test: green's error count given the table's margins is hypergeometric
            HypergeometricDistribution green =
                    new HypergeometricDistribution(null, (int) population, (int) errors, (int) counts.greenRequests());
            int observed = (int) counts.greenErrors();
            return direction == Direction.WORSE
                    ? green.upperCumulativeProbability(observed)
                    : green.cumulativeProbability(observed);
        }
        return zTestP(counts, direction);
    }

    /** Two-proportion z-test with Yates' continuity correction, one-sided in the observed direction. */
    private static double zTestP(ErrorCounts counts, Direction direction) {
        double n1 = counts.greenRequests();
        double n2 = counts.blueRequests();
        double pooled = (counts.greenErrors() + counts.blueErrors()) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double diff = Math.abs(counts.greenErrors() / n1 - counts.blueErrors() / n2);
        double corrected = Math.max(0, diff - 0.5 * (1 / n1 + 1 / n2));
        if (se == 0) {
            return 1;
        }
        return 1 - new NormalDistribution(null, 0, 1).cumulativeProbability(corrected / se);
    }

    private static Status status(Direction direction, double confidence, Statistical settings) {
        return direction == Direction.WORSE && confidence >= settings.confidence() ? Status.UNHEALTHY : Status.HEALTHY;
    }

    private static String word(Status status, Direction direction) {
        if (status == Status.UNHEALTHY) {
            return "worse";
        }
        return switch (direction) {
            case WORSE -> "not clearly worse";
            case BETTER -> "better or same";
            case SAME -> "no difference";
        };
    }

    private static String medians(double[] green, double[] blue) {
        return " blue median " + medianText(blue) + " vs green " + medianText(green)
                + (green.length > 0 && blue.length > 0 && median(blue) > 0
                        ? " (" + String.format(Locale.ROOT, "%+.1f%%", (median(green) / median(blue) - 1) * 100) + ")"
                        : "");
    }

    private static OptionalDouble medianOf(double[] samples) {
        return samples.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(samples));
    }

    private static OptionalDouble rateOf(long errors, long requests) {
        return requests == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) errors / requests);
    }

    /** Which test {@link #oneSidedP} uses for these counts. */
    private static String errorTest(ErrorCounts counts) {
        return counts.greenRequests() + counts.blueRequests() <= Integer.MAX_VALUE
                ? "fisher-exact"
                : "two-proportion-z";
    }

    private static String medianText(double[] samples) {
        return samples.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f ms", median(samples));
    }

    /** The middle value, or the mean of the two middle ones (what a person expects a median to be). */
    private static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String rate(long errors, long requests) {
        return requests == 0
                ? "n/a (0 requests)"
                : String.format(Locale.ROOT, "%.2f%% (%d/%d)", 100.0 * errors / requests, errors, requests);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
