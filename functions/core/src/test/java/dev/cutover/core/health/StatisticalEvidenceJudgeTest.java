package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.health.Evidence.Window;
import dev.cutover.core.port.LatencySamples;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.spec.HealthGates;

import static dev.cutover.core.health.HealthFixtures.errorRate;
import static dev.cutover.core.health.HealthFixtures.latency;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code health.judge: statistical} as the judge sees it: the statistical comparison of green's 5xx counts with
 * blue's leads the verdict, and the gates' thresholds stay the second line.
 */
class StatisticalEvidenceJudgeTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Window WINDOW = new Window(START, START.plus(Duration.ofMinutes(10)));
    private static final HealthGates.MetricGate FIVE_PERCENT = errorRate(0.05, null, 10);

    private static HealthGates gates(HealthGates.Judge judge, HealthGates.MetricGate... gates) {
        return new HealthGates(
                List.of(), List.of(gates), HealthGates.DEFAULT_METRICS_WAIT, judge, HealthGates.Statistical.DEFAULT);
    }

    private static Evidence traffic(long greenRequests, long greenErrors, long blueRequests, long blueErrors) {
        return new Evidence(
                WINDOW,
                Map.of(),
                new Measured(
                        new TrafficStats(greenRequests, greenErrors, Map.of(99.0, 200.0)),
                        new TrafficStats(blueRequests, blueErrors, Map.of(99.0, 190.0))));
    }

    @Test
    void aGreenClearlyWorseThanBlueButUnderTheThresholdFailsOnlyTheStatisticalJudge() {
        Evidence worse = traffic(5000, 60, 5000, 10);

        HealthVerdict byThreshold = EvidenceJudge.judge(gates(HealthGates.Judge.THRESHOLD, FIVE_PERCENT), worse);
        HealthVerdict byStatistics = EvidenceJudge.judge(gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT), worse);

        assertThat(byThreshold.status()).isEqualTo(Status.HEALTHY);
        assertThat(byThreshold.summary()).doesNotContain("statistical");
        assertThat(byStatistics.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(byStatistics.summary())
                .startsWith("UNHEALTHY: statistical 5xx-rate worse: blue 0.20% (10/5000) vs green 1.20% (60/5000)"
                        + " (+1.00 points), confidence 100.0% (needs 95.0%), requests green 5000, blue 5000");
    }

    @Test
    void sparseZeroErrorsOnBothSidesIsHealthyAndSaysWhy() {
        HealthVerdict verdict =
                EvidenceJudge.judge(gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT), traffic(800, 0, 900, 0));

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary())
                .startsWith("HEALTHY: statistical 5xx-rate no difference: blue 0.00% (0/900) vs green 0.00% (0/800)")
                .contains(" | 5xx-rate green 0.00% (0/800) within threshold 5.00%");
    }

    @Test
    void tooFewRequestsForTheStatisticalJudgeIsInconclusiveEvenWhenTheGatePasses() {
        HealthVerdict verdict =
                EvidenceJudge.judge(gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT), traffic(30, 0, 900, 0));

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(verdict.healthy()).isFalse();
        assertThat(verdict.summary())
                .startsWith("INCONCLUSIVE: statistical 5xx-rate inconclusive: too few requests (requests green 30,"
                        + " blue 900; needs 50 each)");
    }

    @Test
    void theThresholdStaysTheSecondLineWhenBothSidesAreEquallyBad() {
        HealthVerdict verdict =
                EvidenceJudge.judge(gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT), traffic(1000, 80, 1000, 80));

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary())
                .startsWith("UNHEALTHY: statistical 5xx-rate no difference")
                .contains("5xx-rate green 8.00% (80/1000) > threshold 5.00%");
    }

    @Test
    void saysLatencyIsLeftToTheThresholdsWhileTheMetricsGiveNoSamples() {
        HealthVerdict verdict = EvidenceJudge.judge(
                gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT, latency(99, 500, null, 10)),
                traffic(1000, 1, 1000, 1));

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary())
                .contains(
                        "statistical latency not judged: the metrics give percentiles, not samples (thresholds only)");
    }

    /** {@code count} latencies around {@code medianMs}, spread evenly over +-20% (no randomness: a fixed table). */
    private static LatencySamples spread(double medianMs, int count, LatencySamples.Basis basis) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(medianMs * (0.8 + 0.4 * i / (count - 1)));
        }
        return new LatencySamples(values, basis);
    }

    private static Evidence withSamples(LatencySamples green, LatencySamples blue) {
        return new Evidence(
                WINDOW,
                Map.of(),
                new Measured(
                        new TrafficStats(1000, 1, Map.of(99.0, 230.0)).withLatencySamples(green),
                        new TrafficStats(1000, 1, Map.of(99.0, 200.0)).withLatencySamples(blue)));
    }

    @Test
    void aGreenFifteenPercentSlowerThanBlueButUnderTheLatencyThresholdFailsTheStatisticalJudgeOnItsSamples() {
        Evidence slower = withSamples(
                spread(115, 400, LatencySamples.Basis.REQUESTS), spread(100, 400, LatencySamples.Basis.REQUESTS));
        HealthGates.MetricGate p99Under500 = latency(99, 500, null, 10);

        HealthVerdict byThreshold =
                EvidenceJudge.judge(gates(HealthGates.Judge.THRESHOLD, FIVE_PERCENT, p99Under500), slower);
        HealthVerdict byStatistics =
                EvidenceJudge.judge(gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT, p99Under500), slower);

        assertThat(byThreshold.status()).isEqualTo(Status.HEALTHY);
        assertThat(byStatistics.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(byStatistics.summary()).doesNotEndWith(" | ");
        assertThat(byStatistics.summary())
                .startsWith("UNHEALTHY: statistical latency worse: blue median 100.0 ms vs green 115.0 ms (+15.0%),"
                        + " green slower in ")
                .contains("samples green 400, blue 400")
                .doesNotContain("latency not judged");
    }

    @Test
    void aGreenLikeBlueOnItsSamplesPasses() {
        Evidence same = withSamples(
                spread(100, 400, LatencySamples.Basis.REQUESTS), spread(100, 400, LatencySamples.Basis.REQUESTS));

        HealthVerdict verdict = EvidenceJudge.judge(
                gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT, latency(99, 500, null, 10)), same);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary()).startsWith("HEALTHY: statistical latency no difference:");
    }

    @Test
    void perPeriodAveragesNeedOnlyTheFewPeriodsTheRankTestCanConcludeOnAndSayWhatTheyAre() {
        Evidence fivePeriods =
                withSamples(spread(150, 5, LatencySamples.Basis.PERIODS), spread(100, 5, LatencySamples.Basis.PERIODS));
        Evidence threePeriods =
                withSamples(spread(130, 3, LatencySamples.Basis.PERIODS), spread(100, 3, LatencySamples.Basis.PERIODS));
        HealthGates statistical = gates(HealthGates.Judge.STATISTICAL, FIVE_PERCENT);

        HealthVerdict five = EvidenceJudge.judge(statistical, fivePeriods);
        HealthVerdict three = EvidenceJudge.judge(statistical, threePeriods);

        assertThat(five.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(five.summary()).contains("1-minute averages green 5, blue 5");
        assertThat(three.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(three.summary())
                .startsWith("INCONCLUSIVE: statistical latency inconclusive: too few 1-minute averages"
                        + " (1-minute averages green 3, blue 3; needs 4 each)");
    }
}
