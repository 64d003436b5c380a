package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.health.Evidence.Window;
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
}
