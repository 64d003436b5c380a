package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.health.Evidence.NotRead;
import dev.cutover.core.health.Evidence.Traffic;
import dev.cutover.core.health.Evidence.Unreadable;
import dev.cutover.core.health.Evidence.Window;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.GateResult;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.HealthGates;

import static dev.cutover.core.health.HealthFixtures.errorRate;
import static dev.cutover.core.health.HealthFixtures.latency;
import static dev.cutover.core.health.HealthFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The judging rules as a table: given the spec's gates and the evidence of a bake, then the verdict's status and
 * summary (and, where a row says so, more of the verdict). No ports, no mocks: the judge is a pure function.
 */
class EvidenceJudgeTest {

    private static final Instant BAKE_START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Window WINDOW = new Window(BAKE_START, BAKE_START.plus(Duration.ofMinutes(10)));
    private static final List<String> TWO_ALARMS = List.of("orders-5xx", "orders-latency");
    private static final Map<String, AlarmState> TWO_ALARMS_OK =
            Map.of("orders-5xx", AlarmState.OK, "orders-latency", AlarmState.OK);

    /** One row: given gates and evidence, then a status and a summary, and optionally more checks. */
    record Case(
            String name,
            HealthGates gates,
            Evidence evidence,
            Status status,
            String summary,
            Consumer<HealthVerdict> more) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> table() {
        return Stream.of(
                row(
                        "healthy when every gate passes and no alarm fires",
                        gates(TWO_ALARMS, errorRate(0.01, 0.005, 100), latency(99, 500, 50.0, 100)),
                        evidence(TWO_ALARMS_OK, measured(stats(2000, 2, 99, 198), stats(1650, 2, 99, 190))),
                        Status.HEALTHY,
                        "HEALTHY: 5xx-rate green 0.10% (2/2000) within threshold 1.00%, within max increase 0.50 pp"
                                + " over blue (-0.02 pp); blue 0.12% (2/1650)"
                                + " | latency p99 green 198.0 ms (2000 requests) within threshold 500.0 ms, within"
                                + " max increase 50.0 ms over blue (+8.0 ms); blue 190.0 ms (1650 requests)"
                                + " | 2 alarms not in ALARM",
                        v -> {
                            assertThat(v.healthy()).isTrue();
                            assertThat(HealthGateFailedException.requireHealthy(v))
                                    .isSameAs(v);
                            assertThat(v.alarmsInAlarm()).isEmpty();
                            assertThat(v.alarmsMissing()).isEmpty();
                            assertThat(v.gates())
                                    .containsExactly(
                                            new GateResult(
                                                    Metric.ERROR_RATE_5XX,
                                                    Optional.empty(),
                                                    Optional.of(2 / 2000.0),
                                                    Optional.of(2 / 1650.0),
                                                    2000,
                                                    1650,
                                                    0.01,
                                                    Optional.of(0.005),
                                                    Status.HEALTHY,
                                                    "5xx-rate green 0.10% (2/2000) within threshold 1.00%,"
                                                            + " within max increase 0.50 pp over blue (-0.02 pp);"
                                                            + " blue 0.12% (2/1650)"),
                                            new GateResult(
                                                    Metric.LATENCY,
                                                    Optional.of(99.0),
                                                    Optional.of(198.0),
                                                    Optional.of(190.0),
                                                    2000,
                                                    1650,
                                                    500,
                                                    Optional.of(50.0),
                                                    Status.HEALTHY,
                                                    "latency p99 green 198.0 ms (2000 requests) within threshold 500.0 ms,"
                                                            + " within max increase 50.0 ms over blue (+8.0 ms);"
                                                            + " blue 190.0 ms (1650 requests)"));
                        }),
                row(
                        "an error rate above the threshold is unhealthy and the summary carries the counts",
                        gates(List.of(), errorRate(0.01, null, 100)),
                        evidence(Map.of(), measured(stats(1602, 37), stats(1650, 2))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: 5xx-rate green 2.31% (37/1602) > threshold 1.00%; blue 0.12% (2/1650)",
                        v -> {
                            GateResult gate = v.gates().get(0);
                            assertThat(gate.greenValue()).contains(37 / 1602.0);
                            assertThat(gate.blueValue()).contains(2 / 1650.0);
                            assertThat(gate.greenRequests()).isEqualTo(1602);
                            assertThat(gate.blueRequests()).isEqualTo(1650);
                            assertThat(gate.threshold()).isEqualTo(0.01);
                            assertThat(gate.maxIncrease()).isEmpty();
                            assertThat(gate.percentile()).isEmpty();
                            assertThat(gate.status()).isEqualTo(Status.UNHEALTHY);
                        }),
                row(
                        "an error rate rising over blue by more than allowed is unhealthy even under the threshold",
                        gates(List.of(), errorRate(0.05, 0.01, 100)),
                        evidence(Map.of(), measured(stats(1000, 40), stats(1000, 10))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: 5xx-rate green 4.00% (40/1000) exceeds blue by 3.00 pp > max increase 1.00 pp;"
                                + " blue 1.00% (10/1000)"),
                row(
                        "over the threshold and over blue are both reported",
                        gates(List.of(), errorRate(0.05, 0.01, 100)),
                        evidence(Map.of(), measured(stats(1000, 120), stats(1000, 10))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: 5xx-rate green 12.00% (120/1000) > threshold 5.00%, exceeds blue by 11.00 pp"
                                + " > max increase 1.00 pp; blue 1.00% (10/1000)",
                        v -> assertThat(v.gates().get(0).reason())
                                .isEqualTo("5xx-rate green 12.00% (120/1000)"
                                        + " > threshold 5.00%, exceeds blue by 11.00 pp > max increase 1.00 pp;"
                                        + " blue 1.00% (10/1000)")),
                row(
                        "an error-rate increase within the allowance is healthy",
                        gates(List.of(), errorRate(0.05, 0.01, 100)),
                        evidence(Map.of(), measured(stats(1000, 15), stats(1000, 10))),
                        Status.HEALTHY,
                        "HEALTHY: 5xx-rate green 1.50% (15/1000) within threshold 5.00%, within max increase"
                                + " 1.00 pp over blue (+0.50 pp); blue 1.00% (10/1000)",
                        v -> assertThat(v.gates().get(0).reason())
                                .contains("within max increase 1.00 pp over blue (+0.50 pp)")),
                // in doubles 0.4 - 0.1 is 0.30000000000000004, above 0.3
                row(
                        "a value exactly at its limit passes despite floating-point rounding",
                        gates(List.of(), errorRate(0.4, 0.3, 100)),
                        evidence(Map.of(), measured(stats(1000, 400), stats(1000, 100))),
                        Status.HEALTHY,
                        "HEALTHY: 5xx-rate green 40.00% (400/1000) within threshold 40.00%, within max increase"
                                + " 30.00 pp over blue (+30.00 pp); blue 10.00% (100/1000)"),
                row(
                        "blue without requests is compared with the threshold only and the reason says so",
                        gates(List.of(), errorRate(0.01, 0.001, 100)),
                        evidence(Map.of(), measured(stats(1000, 5), TrafficStats.none())),
                        Status.HEALTHY,
                        "HEALTHY: 5xx-rate green 0.50% (5/1000) within threshold 1.00%; blue no requests;"
                                + " blue served no requests, so compared with the threshold only",
                        v -> {
                            GateResult gate = v.gates().get(0);
                            assertThat(gate.blueValue()).isEmpty();
                            assertThat(gate.blueRequests()).isZero();
                            assertThat(gate.reason())
                                    .isEqualTo("5xx-rate green 0.50% (5/1000) within threshold"
                                            + " 1.00%; blue no requests; blue served no requests, so compared with the"
                                            + " threshold only");
                        }),
                row(
                        "blue without requests does not save green from its threshold",
                        gates(List.of(), errorRate(0.01, 0.001, 100)),
                        evidence(Map.of(), measured(stats(1000, 50), TrafficStats.none())),
                        Status.UNHEALTHY,
                        "UNHEALTHY: 5xx-rate green 5.00% (50/1000) > threshold 1.00%; blue no requests;"
                                + " blue served no requests, so compared with the threshold only"),
                row(
                        "latency above the threshold is unhealthy",
                        gates(List.of(), latency(99, 500, null, 100)),
                        evidence(Map.of(), measured(stats(1000, 0, 99, 990), stats(1000, 0, 99, 247.5))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: latency p99 green 990.0 ms (1000 requests) > threshold 500.0 ms;"
                                + " blue 247.5 ms (1000 requests)",
                        v -> {
                            GateResult gate = v.gates().get(0);
                            assertThat(gate.percentile()).contains(99.0);
                            assertThat(gate.greenValue()).contains(990.0);
                            assertThat(gate.blueValue()).contains(247.5);
                        }),
                row(
                        "a latency threshold blue breaches too, green within the margin of blue, is excused (saturation)",
                        gates(List.of(), latency(99, 250, 150.0, 100)),
                        evidence(Map.of(), measured(stats(1000, 0, 99, 294), stats(9000, 0, 99, 281))),
                        Status.HEALTHY,
                        "HEALTHY: latency p99 green 294.0 ms (1000 requests) above threshold 250.0 ms like blue"
                                + " (281.0 ms): excused as a shared breach, within max increase 150.0 ms over blue"
                                + " (+13.0 ms); blue 281.0 ms (9000 requests)"),
                row(
                        "a shared breach is not excused when green is worse than blue by more than the margin",
                        gates(List.of(), latency(99, 250, 150.0, 100)),
                        evidence(Map.of(), measured(stats(1000, 0, 99, 694), stats(9000, 0, 99, 281))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: latency p99 green 694.0 ms (1000 requests) > threshold 250.0 ms, exceeds blue"
                                + " by 413.0 ms > max increase 150.0 ms; blue 281.0 ms (9000 requests)"),
                row(
                        "without a margin over blue a threshold stays absolute, however slow blue is",
                        gates(List.of(), latency(99, 250, null, 100)),
                        evidence(Map.of(), measured(stats(1000, 0, 99, 294), stats(9000, 0, 99, 281))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: latency p99 green 294.0 ms (1000 requests) > threshold 250.0 ms;"
                                + " blue 281.0 ms (9000 requests)"),
                row(
                        "a 5xx threshold blue breaches too is excused within the margin, as latency is",
                        gates(List.of(), errorRate(0.02, 0.01, 100)),
                        evidence(Map.of(), measured(stats(1000, 55), stats(9000, 450))),
                        Status.HEALTHY,
                        "HEALTHY: 5xx-rate green 5.50% (55/1000) above threshold 2.00% like blue (5.00%): excused as a"
                                + " shared breach, within max increase 1.00 pp over blue (+0.50 pp);"
                                + " blue 5.00% (450/9000)"),
                row(
                        "latency rising over blue by more than allowed is unhealthy",
                        gates(List.of(), latency(99.9, 2000, 200.0, 100)),
                        evidence(Map.of(), measured(stats(1000, 0, 99.9, 999), stats(1000, 0, 99.9, 249.75))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: latency p99.9 green 999.0 ms (1000 requests) exceeds blue by 749.3 ms"
                                + " > max increase 200.0 ms; blue 249.8 ms (1000 requests)",
                        v -> assertThat(v.gates().get(0).blueValue()).contains(249.75)),
                row(
                        "a missing latency value with enough requests is inconclusive",
                        gates(List.of(), latency(99, 500, 100.0, 100)),
                        evidence(Map.of(), measured(stats(1000, 0), stats(1000, 0))),
                        Status.INCONCLUSIVE,
                        "INCONCLUSIVE: latency p99 inconclusive: no p99 value for green although it served 1000"
                                + " requests; blue no p99 value (1000 requests)",
                        v -> assertThat(v.gates().get(0).greenValue()).isEmpty()),
                row(
                        "blue without a latency value is compared with the threshold only",
                        gates(List.of(), latency(99, 500, 10.0, 100)),
                        evidence(Map.of(), measured(stats(1000, 0, 99, 300), stats(800, 0))),
                        Status.HEALTHY,
                        "HEALTHY: latency p99 green 300.0 ms (1000 requests) within threshold 500.0 ms; blue no p99"
                                + " value (800 requests); blue has no p99 value, so compared with the threshold"
                                + " only"),
                row(
                        "too few green requests is inconclusive, never healthy, and fails closed",
                        gates(List.of(), errorRate(0.5, null, 100)),
                        evidence(Map.of(), measured(stats(12, 1), stats(1650, 2))),
                        Status.INCONCLUSIVE,
                        "INCONCLUSIVE: 5xx-rate inconclusive: green served 12 requests, fewer than minRequests 100;"
                                + " green 8.33% (1/12), blue 0.12% (2/1650)",
                        v -> {
                            GateResult gate = v.gates().get(0);
                            assertThat(gate.greenRequests()).isEqualTo(12);
                            assertThat(gate.greenValue()).contains(1 / 12.0);
                            HealthGateFailedException failure = catchThrowableOfType(
                                    HealthGateFailedException.class, () -> HealthGateFailedException.requireHealthy(v));
                            assertThat(failure).hasMessage(v.summary());
                            assertThat(failure.verdict()).isSameAs(v);
                        }),
                row(
                        "no green requests at all is inconclusive for every gate",
                        gates(List.of(), errorRate(0.01, null, 1), latency(99, 500, null, 1)),
                        evidence(Map.of(), measured(TrafficStats.none(), stats(500, 0, 99, 40))),
                        Status.INCONCLUSIVE,
                        "INCONCLUSIVE: 5xx-rate inconclusive: green served 0 requests, fewer than minRequests 1;"
                                + " blue 0.00% (0/500) | latency p99 inconclusive: green served 0 requests, fewer"
                                + " than minRequests 1; blue 40.0 ms (500 requests)",
                        v -> {
                            assertThat(v.gates())
                                    .extracting(GateResult::status)
                                    .containsExactly(Status.INCONCLUSIVE, Status.INCONCLUSIVE);
                            assertThat(v.gates())
                                    .extracting(GateResult::reason)
                                    .containsExactly(
                                            "5xx-rate inconclusive: green served 0 requests, fewer than minRequests 1;"
                                                    + " blue 0.00% (0/500)",
                                            "latency p99 inconclusive: green served 0 requests, fewer than minRequests 1;"
                                                    + " blue 40.0 ms (500 requests)");
                        }),
                row(
                        "an alarm in ALARM is unhealthy even when the gates pass",
                        gates(TWO_ALARMS, errorRate(0.01, null, 100)),
                        evidence(
                                Map.of("orders-5xx", AlarmState.ALARM, "orders-latency", AlarmState.OK),
                                measured(stats(1000, 0), stats(1000, 0))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: alarm orders-5xx in ALARM",
                        v -> {
                            assertThat(v.alarmsInAlarm()).containsExactly("orders-5xx");
                            assertThat(v.alarmsMissing()).isEmpty();
                            assertThat(v.gates()).extracting(GateResult::status).containsExactly(Status.HEALTHY);
                            assertThatThrownBy(() -> HealthGateFailedException.requireHealthy(v))
                                    .isInstanceOf(HealthGateFailedException.class)
                                    .hasMessage("UNHEALTHY: alarm orders-5xx in ALARM");
                        }),
                row(
                        "a missing alarm is unhealthy, and so is one the reader said nothing about",
                        gates(List.of("orders-5xx", "orders-typo", "orders-latency")),
                        evidence(Map.of("orders-5xx", AlarmState.OK, "orders-typo", AlarmState.MISSING), new NotRead()),
                        Status.UNHEALTHY,
                        "UNHEALTHY: alarm orders-typo does not exist (check health.alarms)"
                                + " | alarm orders-latency does not exist (check health.alarms)",
                        v -> assertThat(v.alarmsMissing()).containsExactly("orders-typo", "orders-latency")),
                row(
                        "INSUFFICIENT_DATA does not fail but is named",
                        gates(List.of("orders-5xx", "orders-new")),
                        evidence(
                                Map.of("orders-5xx", AlarmState.OK, "orders-new", AlarmState.INSUFFICIENT_DATA),
                                new NotRead()),
                        Status.HEALTHY,
                        "HEALTHY: 2 alarms not in ALARM (INSUFFICIENT_DATA, not counted as failing: orders-new)"),
                row(
                        "a repeated alarm name is judged once",
                        gates(List.of("orders-5xx", "orders-5xx")),
                        evidence(Map.of("orders-5xx", AlarmState.OK), new NotRead()),
                        Status.HEALTHY,
                        "HEALTHY: 1 alarm not in ALARM"),
                row(
                        "mixed gates list unhealthy before inconclusive and keep the spec's order",
                        gates(
                                List.of("orders-5xx"),
                                errorRate(0.01, null, 100), // healthy: 0/150
                                errorRate(0.01, null, 1000), // inconclusive: 150 < 1000
                                latency(99, 100, null, 100), // unhealthy: 149 > 100
                                latency(50, 100, 30.0, 100)), // unhealthy: 75 - 20 > 30
                        evidence(
                                Map.of("orders-5xx", AlarmState.OK),
                                measured(
                                        new TrafficStats(150, 0, Map.of(50.0, 75.0, 99.0, 149.0)),
                                        new TrafficStats(2000, 4, Map.of(50.0, 20.0, 99.0, 20.0)))),
                        Status.UNHEALTHY,
                        "UNHEALTHY: "
                                + "latency p99 green 149.0 ms (150 requests) > threshold 100.0 ms; blue 20.0 ms (2000"
                                + " requests) | latency p50 green 75.0 ms (150 requests) exceeds blue by 55.0 ms"
                                + " > max increase 30.0 ms; blue 20.0 ms (2000 requests)"
                                + " | 5xx-rate inconclusive: green served 150 requests, fewer than minRequests 1000;"
                                + " green 0.00% (0/150), blue 0.20% (4/2000)",
                        v -> assertThat(v.gates())
                                .extracting(GateResult::status)
                                .containsExactly(
                                        Status.HEALTHY, Status.INCONCLUSIVE, Status.UNHEALTHY, Status.UNHEALTHY)),
                row(
                        "healthy and inconclusive gates make an inconclusive verdict",
                        gates(List.of(), errorRate(0.01, null, 100), errorRate(0.01, null, 1000)),
                        evidence(Map.of(), measured(stats(150, 0), stats(2000, 0))),
                        Status.INCONCLUSIVE,
                        "INCONCLUSIVE: 5xx-rate inconclusive: green served 150 requests, fewer than minRequests"
                                + " 1000; green 0.00% (0/150), blue 0.00% (0/2000)"),
                row(
                        "an alarm already firing wins over unreadable metrics",
                        gates(List.of("orders-5xx"), errorRate(0.01, null, 100)),
                        evidence(
                                Map.of("orders-5xx", AlarmState.ALARM),
                                new Unreadable("CloudWatch GetMetricData failed: Throttling")),
                        Status.UNHEALTHY,
                        "UNHEALTHY: alarm orders-5xx in ALARM"
                                + " | metric gates not judged: CloudWatch GetMetricData failed: Throttling",
                        v -> assertThat(v.gates()).isEmpty()),
                row(
                        "nothing configured is healthy",
                        gates(List.of()),
                        evidence(Map.of(), new NotRead()),
                        Status.HEALTHY,
                        "HEALTHY: no alarms or metric gates configured"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void judgesTheEvidence(Case given) {
        HealthVerdict verdict = EvidenceJudge.judge(given.gates(), given.evidence());

        assertThat(verdict.status()).isEqualTo(given.status());
        assertThat(verdict.summary()).isEqualTo(given.summary());
        given.more().accept(verdict);
    }

    @Test
    void metricGatesWithoutTrafficEvidenceAreRefused() {
        HealthGates health = gates(List.of(), errorRate(0.01, null, 100));

        assertThatThrownBy(() -> EvidenceJudge.judge(health, evidence(Map.of(), new NotRead())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no traffic for the spec's metric gates");
    }

    @Test
    void percentileNamesDropTrailingZeros() {
        assertThat(EvidenceJudge.percentileName(99.0)).isEqualTo("p99");
        assertThat(EvidenceJudge.percentileName(99.9)).isEqualTo("p99.9");
        assertThat(EvidenceJudge.percentileName(50)).isEqualTo("p50");
    }

    private static Case row(String name, HealthGates gates, Evidence evidence, Status status, String summary) {
        return row(name, gates, evidence, status, summary, verdict -> {});
    }

    private static Case row(
            String name,
            HealthGates gates,
            Evidence evidence,
            Status status,
            String summary,
            Consumer<HealthVerdict> more) {
        return new Case(name, gates, evidence, status, summary, more);
    }

    private static HealthGates gates(List<String> alarms, HealthGates.MetricGate... gates) {
        return spec(alarms, gates).health();
    }

    private static Evidence evidence(Map<String, AlarmState> alarms, Traffic traffic) {
        return new Evidence(WINDOW, alarms, traffic);
    }

    private static Measured measured(TrafficStats green, TrafficStats blue) {
        return new Measured(green, blue);
    }

    private static TrafficStats stats(long requests, long errors) {
        return new TrafficStats(requests, errors, Map.of());
    }

    private static TrafficStats stats(long requests, long errors, double percentile, double latencyMs) {
        return new TrafficStats(requests, errors, Map.of(percentile, latencyMs));
    }
}
