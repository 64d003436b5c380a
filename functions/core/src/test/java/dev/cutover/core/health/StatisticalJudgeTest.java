package dev.cutover.core.health;

import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.health.StatisticalJudge.Direction;
import dev.cutover.core.health.StatisticalJudge.ErrorCounts;
import dev.cutover.core.health.StatisticalJudge.Finding;
import dev.cutover.core.health.StatisticalJudge.LatencySamples;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.spec.HealthGates.Statistical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The statistical judge as tables of synthetic samples whose answer is known: a clear regression fails, no
 * difference passes, sparse zero-error counts do not break it, too few samples is inconclusive. Each row also pins
 * the one-line explanation a person reads.
 */
class StatisticalJudgeTest {

    private static final Statistical SETTINGS = new Statistical(0.95, 50);

    /** {@code n} log-normal-ish latencies around {@code medianMs}, reproducible from {@code seed}. */
    static double[] latencies(int n, double medianMs, long seed) {
        Random random = new Random(seed);
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            samples[i] = medianMs * Math.exp(0.25 * random.nextGaussian());
        }
        return samples;
    }

    record LatencyCase(String name, double[] green, double[] blue, Status status, Direction direction, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LatencyCase> latencyCases() {
        return Stream.of(
                new LatencyCase(
                        "green 15% slower than blue, 400 samples each: worse",
                        latencies(400, 230, 1),
                        latencies(400, 200, 2),
                        Status.UNHEALTHY,
                        Direction.WORSE,
                        "latency worse: blue median "),
                new LatencyCase(
                        "same distribution, different draws: not failed",
                        latencies(400, 200, 3),
                        latencies(400, 200, 4),
                        Status.HEALTHY,
                        null,
                        "latency "),
                new LatencyCase(
                        "green 15% faster: better, never a failure",
                        latencies(400, 170, 5),
                        latencies(400, 200, 6),
                        Status.HEALTHY,
                        Direction.BETTER,
                        "latency better or same: blue median "),
                new LatencyCase(
                        "green's 10 samples are slow: too few to judge",
                        latencies(10, 900, 7),
                        latencies(400, 200, 8),
                        Status.INCONCLUSIVE,
                        Direction.SAME,
                        "latency inconclusive: too few samples (samples green 10, blue 400; needs 50 each)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("latencyCases")
    void judgesLatencyByRank(LatencyCase row) {
        Finding finding = StatisticalJudge.latency(new LatencySamples(row.green(), row.blue()), SETTINGS);

        assertThat(finding.status()).isEqualTo(row.status());
        if (row.direction() != null) {
            assertThat(finding.direction()).isEqualTo(row.direction());
        }
        assertThat(finding.explanation()).startsWith(row.line()).doesNotContain("\n");
        assertThat(finding.greenSamples()).isEqualTo(row.green().length);
    }

    @Test
    void aRegressionExplainsItselfInOneLineWithEveryNumber() {
        double[] blue = new double[100];
        double[] green = new double[100];
        for (int i = 0; i < 100; i++) {
            blue[i] = 200 + i;
            green[i] = 230 + i;
        }

        Finding finding = StatisticalJudge.latency(new LatencySamples(green, blue), SETTINGS);

        assertThat(finding.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(finding.explanation())
                .isEqualTo("latency worse: blue median 249.5 ms vs green 279.5 ms (+12.0%), green slower in 75.5% of"
                        + " pairs, confidence 100.0% (needs 95.0%), samples green 100, blue 100");
        assertThat(finding.effect()).isEqualTo(0.755);
    }

    @Test
    void aGreenIdenticalToBlueHasNoDifferenceAtAll() {
        double[] same = latencies(200, 200, 9);

        Finding finding = StatisticalJudge.latency(new LatencySamples(same, same.clone()), SETTINGS);

        assertThat(finding.status()).isEqualTo(Status.HEALTHY);
        assertThat(finding.direction()).isEqualTo(Direction.SAME);
        assertThat(finding.confidence()).isZero();
        assertThat(finding.effect()).isEqualTo(0.5);
    }

    record ErrorCase(String name, ErrorCounts counts, Status status, Direction direction, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errorCases() {
        return Stream.of(
                new ErrorCase(
                        "zero errors on both sides: no difference, not a division by zero",
                        new ErrorCounts(1000, 0, 1000, 0),
                        Status.HEALTHY,
                        Direction.SAME,
                        "5xx-rate no difference: blue 0.00% (0/1000) vs green 0.00% (0/1000) (+0.00 points),"
                                + " confidence 0.0% (needs 95.0%), requests green 1000, blue 1000"),
                new ErrorCase(
                        "3 green errors against none: sparse, not yet convincing (Fisher p = 0.125)",
                        new ErrorCounts(1000, 3, 1000, 0),
                        Status.HEALTHY,
                        Direction.WORSE,
                        "5xx-rate not clearly worse: blue 0.00% (0/1000) vs green 0.30% (3/1000) (+0.30 points),"
                                + " confidence 87.5% (needs 95.0%), requests green 1000, blue 1000"),
                new ErrorCase(
                        "8 green errors against none: sparse but clear",
                        new ErrorCounts(1000, 8, 1000, 0),
                        Status.UNHEALTHY,
                        Direction.WORSE,
                        "5xx-rate worse: blue 0.00% (0/1000) vs green 0.80% (8/1000) (+0.80 points),"
                                + " confidence 99.6% (needs 95.0%), requests green 1000, blue 1000"),
                new ErrorCase(
                        "green has fewer errors: better, never a failure",
                        new ErrorCounts(1000, 0, 1000, 30),
                        Status.HEALTHY,
                        Direction.BETTER,
                        "5xx-rate better or same: blue 3.00% (30/1000) vs green 0.00% (0/1000) (-3.00 points),"
                                + " confidence 100.0% (needs 95.0%), requests green 1000, blue 1000"),
                new ErrorCase(
                        "a clear regression at scale: 2.3% against 1.0%",
                        new ErrorCounts(20_000, 460, 20_000, 200),
                        Status.UNHEALTHY,
                        Direction.WORSE,
                        "5xx-rate worse: blue 1.00% (200/20000) vs green 2.30% (460/20000) (+1.30 points),"
                                + " confidence 100.0% (needs 95.0%), requests green 20000, blue 20000"),
                new ErrorCase(
                        "green served 20 requests, all failed: too few to judge",
                        new ErrorCounts(20, 20, 1000, 0),
                        Status.INCONCLUSIVE,
                        Direction.SAME,
                        "5xx-rate inconclusive: too few requests (requests green 20, blue 1000; needs 50 each);"
                                + " blue 0.00% (0/1000) vs green 100.00% (20/20)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void judgesErrorCountsExactlyEvenWhenSparse(ErrorCase row) {
        Finding finding = StatisticalJudge.errors(row.counts(), SETTINGS);

        assertThat(finding.status()).isEqualTo(row.status());
        assertThat(finding.direction()).isEqualTo(row.direction());
        assertThat(finding.explanation()).isEqualTo(row.line());
    }

    @Test
    void countsBeyondAnIntUseTheContinuityCorrectedZTest() {
        long big = 3_000_000_000L;

        Finding same = StatisticalJudge.errors(new ErrorCounts(big, 3_000, big, 3_000), SETTINGS);
        Finding worse = StatisticalJudge.errors(new ErrorCounts(big, 4_000, big, 3_000), SETTINGS);

        assertThat(same.status()).isEqualTo(Status.HEALTHY);
        assertThat(worse.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(worse.confidence()).isGreaterThan(0.999);
    }

    @Test
    void theOverallStatusIsTheWorstFinding() {
        Optional<LatencySamples> slow =
                Optional.of(new LatencySamples(latencies(400, 260, 10), latencies(400, 200, 11)));
        Optional<LatencySamples> tooFew = Optional.of(new LatencySamples(latencies(5, 200, 12), latencies(5, 200, 13)));
        ErrorCounts clean = new ErrorCounts(1000, 0, 1000, 0);

        assertThat(StatisticalJudge.overall(StatisticalJudge.judge(slow, clean, SETTINGS)))
                .isEqualTo(Status.UNHEALTHY);
        assertThat(StatisticalJudge.overall(StatisticalJudge.judge(tooFew, clean, SETTINGS)))
                .isEqualTo(Status.INCONCLUSIVE);
        assertThat(StatisticalJudge.overall(StatisticalJudge.judge(Optional.empty(), clean, SETTINGS)))
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void rejectsInputsThatAreNotSamples() {
        assertThatThrownBy(() -> new LatencySamples(new double[] {Double.NaN}, new double[0]))
                .hasMessageContaining("green latency samples must be finite");
        assertThatThrownBy(() -> new ErrorCounts(10, 11, 10, 0)).hasMessageContaining("errors cannot exceed");
        assertThatThrownBy(() -> new Statistical(0.4, 50)).hasMessageContaining("confidence");
        assertThatThrownBy(() -> new Statistical(0.95, 1)).hasMessageContaining("minSamples");
    }

    @Test
    void perPeriodSamplesNeedAsManyPeriodsAsLetTheRankTestReachTheConfidenceAtAll() {
        // the most extreme outcome with n each has the exact two-sided p 2 / C(2n, n): 0.1, 0.029, 0.0079
        assertThat(StatisticalJudge.periodsNeeded(0.95)).isEqualTo(4);
        assertThat(StatisticalJudge.periodsNeeded(0.99)).isEqualTo(5);
        assertThat(StatisticalJudge.periodsNeeded(0.9)).isEqualTo(3);
    }
}
