package dev.cutover.core.health;

import dev.cutover.testing.InMemoryTargetGroupMetrics;
import dev.cutover.core.port.model.GateResult;
import dev.cutover.core.port.model.HealthVerdict;

import dev.cutover.testing.MutableClock;
import static dev.cutover.core.health.HealthFixtures.BLUE;
import static dev.cutover.core.health.HealthFixtures.GREEN;
import static dev.cutover.core.health.HealthFixtures.LOAD_BALANCER;
import static dev.cutover.core.health.HealthFixtures.errorRate;
import static dev.cutover.core.health.HealthFixtures.latency;
import static dev.cutover.core.health.HealthFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.error.HealthGateFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthJudgeTest {

    private static final Instant BAKE_START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = BAKE_START.plus(Duration.ofMinutes(10));

    private final AlarmStateReader alarms = mock(AlarmStateReader.class);
    private final InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics();
    private final MutableClock clock = new MutableClock(NOW);
    private final HealthJudge judge = new HealthJudge(alarms, metrics, clock);

    @BeforeEach
    void alarmsAreOkUnlessATestSaysOtherwise() {
        when(alarms.states(anyList())).thenAnswer(call -> {
            Map<String, AlarmState> states = new LinkedHashMap<>();
            List<String> names = call.getArgument(0);
            names.forEach(n -> states.put(n, AlarmState.OK));
            return states;
        });
    }

    @Test
    void healthyWhenEveryGatePassesAndNoAlarmFires() {
        serve(GREEN, 2000, 2, i -> 100 + i % 100);
        serve(BLUE, 1650, 2, i -> 190);
        CutoverSpec spec = spec(List.of("orders-5xx", "orders-latency"),
                errorRate(0.01, 0.005, 100), latency(99, 500, 50.0, 100));

        HealthVerdict verdict = judge.judge(spec, BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.healthy()).isTrue();
        assertThat(HealthGateFailedException.requireHealthy(verdict)).isSameAs(verdict);
        assertThat(verdict.alarmsInAlarm()).isEmpty();
        assertThat(verdict.alarmsMissing()).isEmpty();
        assertThat(verdict.gates()).containsExactly(
                new GateResult(Metric.ERROR_RATE_5XX, Optional.empty(), Optional.of(2 / 2000.0),
                        Optional.of(2 / 1650.0), 2000, 1650, 0.01, Optional.of(0.005), Status.HEALTHY,
                        "5xx-rate green 0.10% (2/2000) within threshold 1.00%, within max increase 0.50 pp over blue"
                                + " (-0.02 pp); blue 0.12% (2/1650)"),
                new GateResult(Metric.LATENCY, Optional.of(99.0), Optional.of(198.0), Optional.of(190.0), 2000, 1650,
                        500, Optional.of(50.0), Status.HEALTHY,
                        "latency p99 green 198.0 ms (2000 requests) within threshold 500.0 ms, within max increase"
                                + " 50.0 ms over blue (+8.0 ms); blue 190.0 ms (1650 requests)"));
        assertThat(verdict.summary()).isEqualTo("HEALTHY: " + verdict.gates().get(0).reason() + " | "
                + verdict.gates().get(1).reason() + " | 2 alarms not in ALARM");
    }

    @Test
    void errorRateAboveThresholdIsUnhealthyAndTheSummaryCarriesTheCounts() {
        serve(GREEN, 1602, 37, i -> 50);
        serve(BLUE, 1650, 2, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.01, null, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary())
                .isEqualTo("UNHEALTHY: 5xx-rate green 2.31% (37/1602) > threshold 1.00%; blue 0.12% (2/1650)");
        GateResult gate = verdict.gates().get(0);
        assertThat(gate.greenValue()).contains(37 / 1602.0);
        assertThat(gate.blueValue()).contains(2 / 1650.0);
        assertThat(gate.greenRequests()).isEqualTo(1602);
        assertThat(gate.blueRequests()).isEqualTo(1650);
        assertThat(gate.threshold()).isEqualTo(0.01);
        assertThat(gate.maxIncrease()).isEmpty();
        assertThat(gate.percentile()).isEmpty();
        assertThat(gate.status()).isEqualTo(Status.UNHEALTHY);
    }

    @Test
    void errorRateRisingOverBlueByMoreThanAllowedIsUnhealthyEvenUnderTheThreshold() {
        serve(GREEN, 1000, 40, i -> 50);
        serve(BLUE, 1000, 10, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.05, 0.01, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: 5xx-rate green 4.00% (40/1000) exceeds blue by"
                + " 3.00 pp > max increase 1.00 pp; blue 1.00% (10/1000)");
    }

    @Test
    void overThresholdAndOverBlueAreBothReported() {
        serve(GREEN, 1000, 120, i -> 50);
        serve(BLUE, 1000, 10, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.05, 0.01, 100)), BAKE_START, NOW);

        assertThat(verdict.gates().get(0).reason()).isEqualTo("5xx-rate green 12.00% (120/1000) > threshold 5.00%,"
                + " exceeds blue by 11.00 pp > max increase 1.00 pp; blue 1.00% (10/1000)");
    }

    @Test
    void errorRateIncreaseWithinTheAllowanceIsHealthy() {
        serve(GREEN, 1000, 15, i -> 50);
        serve(BLUE, 1000, 10, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.05, 0.01, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.gates().get(0).reason()).contains("within max increase 1.00 pp over blue (+0.50 pp)");
    }

    @Test
    void aValueExactlyAtItsLimitPassesDespiteFloatingPointRounding() {
        // in doubles 0.4 - 0.1 is 0.30000000000000004, above 0.3
        serve(GREEN, 1000, 400, i -> 50);
        serve(BLUE, 1000, 100, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.4, 0.3, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void blueWithoutRequestsIsComparedWithTheThresholdOnlyAndTheReasonSaysSo() {
        serve(GREEN, 1000, 5, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.01, 0.001, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        GateResult gate = verdict.gates().get(0);
        assertThat(gate.blueValue()).isEmpty();
        assertThat(gate.blueRequests()).isZero();
        assertThat(gate.reason()).isEqualTo("5xx-rate green 0.50% (5/1000) within threshold 1.00%; blue no requests;"
                + " blue served no requests, so compared with the threshold only");
    }

    @Test
    void blueWithoutRequestsDoesNotSaveGreenFromItsThreshold() {
        serve(GREEN, 1000, 50, i -> 50);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.01, 0.001, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: 5xx-rate green 5.00% (50/1000) > threshold 1.00%;"
                + " blue no requests; blue served no requests, so compared with the threshold only");
    }

    @Test
    void latencyAboveThresholdIsUnhealthy() {
        serve(GREEN, 1000, 0, i -> i + 1);          // 1..1000 ms: p99 by nearest rank is 990
        serve(BLUE, 1000, 0, i -> (i + 1) / 4.0);   // 0.25..250 ms: p99 is 247.5

        HealthVerdict verdict = judge.judge(spec(List.of(), latency(99, 500, null, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: latency p99 green 990.0 ms (1000 requests)"
                + " > threshold 500.0 ms; blue 247.5 ms (1000 requests)");
        GateResult gate = verdict.gates().get(0);
        assertThat(gate.percentile()).contains(99.0);
        assertThat(gate.greenValue()).contains(990.0);
        assertThat(gate.blueValue()).contains(247.5);
    }

    @Test
    void latencyRisingOverBlueByMoreThanAllowedIsUnhealthy() {
        serve(GREEN, 1000, 0, i -> i + 1);
        serve(BLUE, 1000, 0, i -> (i + 1) / 4.0);

        HealthVerdict verdict = judge.judge(spec(List.of(), latency(99.9, 2000, 200.0, 100)), BAKE_START, NOW);

        // p99.9 of 1000 values is the 999th: 999 ms for green, 249.75 ms for blue
        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: latency p99.9 green 999.0 ms (1000 requests)"
                + " exceeds blue by 749.3 ms > max increase 200.0 ms; blue 249.8 ms (1000 requests)");
        assertThat(verdict.gates().get(0).blueValue()).contains(249.75);
    }

    @Test
    void missingLatencyValueWithEnoughRequestsIsInconclusive() {
        TargetGroupMetrics noLatency = (tg, lb, from, to, p) -> new TrafficStats(1000, 0, Map.of());
        HealthJudge judgeWithoutLatency = new HealthJudge(alarms, noLatency, clock);

        HealthVerdict verdict = judgeWithoutLatency.judge(spec(List.of(), latency(99, 500, 100.0, 100)),
                BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(verdict.summary()).isEqualTo("INCONCLUSIVE: latency p99 inconclusive: no p99 value for green"
                + " although it served 1000 requests; blue no p99 value (1000 requests)");
        assertThat(verdict.gates().get(0).greenValue()).isEmpty();
    }

    @Test
    void blueWithoutALatencyValueIsComparedWithTheThresholdOnly() {
        TargetGroupMetrics blueWithoutLatency = (tg, lb, from, to, p) -> tg.equals(GREEN)
                ? new TrafficStats(1000, 0, Map.of(99.0, 300.0))
                : new TrafficStats(800, 0, Map.of());

        HealthVerdict verdict = new HealthJudge(alarms, blueWithoutLatency, clock)
                .judge(spec(List.of(), latency(99, 500, 10.0, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.gates().get(0).reason()).isEqualTo("latency p99 green 300.0 ms (1000 requests) within"
                + " threshold 500.0 ms; blue no p99 value (800 requests); blue has no p99 value, so compared with the"
                + " threshold only");
    }

    @Test
    void tooFewGreenRequestsIsInconclusiveNeverHealthyAndFailsClosed() {
        serve(GREEN, 12, 1, i -> 40);
        serve(BLUE, 1650, 2, i -> 40);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.5, null, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(verdict.summary()).isEqualTo("INCONCLUSIVE: 5xx-rate inconclusive: green served 12 requests,"
                + " fewer than minRequests 100; green 8.33% (1/12), blue 0.12% (2/1650)");
        GateResult gate = verdict.gates().get(0);
        assertThat(gate.greenRequests()).isEqualTo(12);
        assertThat(gate.greenValue()).contains(1 / 12.0);
        HealthGateFailedException failure = catchThrowableOfType(HealthGateFailedException.class,
                () -> HealthGateFailedException.requireHealthy(verdict));
        assertThat(failure).hasMessage(verdict.summary());
        assertThat(failure.verdict()).isSameAs(verdict);
    }

    @Test
    void noGreenRequestsAtAllIsInconclusiveForEveryGate() {
        serve(BLUE, 500, 0, i -> 40);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.01, null, 1), latency(99, 500, null, 1)),
                BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(verdict.gates()).extracting(GateResult::status)
                .containsExactly(Status.INCONCLUSIVE, Status.INCONCLUSIVE);
        assertThat(verdict.gates()).extracting(GateResult::reason).containsExactly(
                "5xx-rate inconclusive: green served 0 requests, fewer than minRequests 1; blue 0.00% (0/500)",
                "latency p99 inconclusive: green served 0 requests, fewer than minRequests 1;"
                        + " blue 40.0 ms (500 requests)");
    }

    @Test
    void anAlarmInAlarmIsUnhealthyEvenWhenTheGatesPass() {
        serve(GREEN, 1000, 0, i -> 40);
        serve(BLUE, 1000, 0, i -> 40);
        when(alarms.states(List.of("orders-5xx", "orders-latency")))
                .thenReturn(Map.of("orders-5xx", AlarmState.ALARM, "orders-latency", AlarmState.OK));

        HealthVerdict verdict = judge.judge(spec(List.of("orders-5xx", "orders-latency"), errorRate(0.01, null, 100)),
                BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.alarmsInAlarm()).containsExactly("orders-5xx");
        assertThat(verdict.alarmsMissing()).isEmpty();
        assertThat(verdict.gates()).extracting(GateResult::status).containsExactly(Status.HEALTHY);
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: alarm orders-5xx in ALARM");
        assertThatThrownBy(() -> HealthGateFailedException.requireHealthy(verdict)).isInstanceOf(HealthGateFailedException.class)
                .hasMessage("UNHEALTHY: alarm orders-5xx in ALARM");
    }

    @Test
    void aMissingAlarmIsUnhealthyAndSoIsOneTheReaderSaysNothingAbout() {
        when(alarms.states(List.of("orders-5xx", "orders-typo", "orders-latency")))
                .thenReturn(Map.of("orders-5xx", AlarmState.OK, "orders-typo", AlarmState.MISSING));

        HealthVerdict verdict = judge.judge(spec(List.of("orders-5xx", "orders-typo", "orders-latency")),
                BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.alarmsMissing()).containsExactly("orders-typo", "orders-latency");
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: alarm orders-typo does not exist (check health.alarms)"
                + " | alarm orders-latency does not exist (check health.alarms)");
    }

    @Test
    void insufficientDataDoesNotFailButIsNamed() {
        when(alarms.states(List.of("orders-5xx", "orders-new")))
                .thenReturn(Map.of("orders-5xx", AlarmState.OK, "orders-new", AlarmState.INSUFFICIENT_DATA));

        HealthVerdict verdict = judge.judge(spec(List.of("orders-5xx", "orders-new")), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary()).isEqualTo(
                "HEALTHY: 2 alarms not in ALARM (INSUFFICIENT_DATA, not counted as failing: orders-new)");
    }

    @Test
    void mixedGatesListUnhealthyBeforeInconclusiveAndKeepTheSpecsOrder() {
        serve(GREEN, 150, 0, i -> i + 1);           // p50 = 75, p99 = 149
        serve(BLUE, 2000, 4, i -> 20);

        HealthVerdict verdict = judge.judge(spec(List.of("orders-5xx"),
                errorRate(0.01, null, 100),         // healthy: 0/150
                errorRate(0.01, null, 1000),        // inconclusive: 150 < 1000
                latency(99, 100, null, 100),        // unhealthy: 149 > 100
                latency(50, 100, 30.0, 100)),       // unhealthy: 75 - 20 > 30
                BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.gates()).extracting(GateResult::status).containsExactly(
                Status.HEALTHY, Status.INCONCLUSIVE, Status.UNHEALTHY, Status.UNHEALTHY);
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: "
                + "latency p99 green 149.0 ms (150 requests) > threshold 100.0 ms; blue 20.0 ms (2000 requests)"
                + " | latency p50 green 75.0 ms (150 requests) exceeds blue by 55.0 ms > max increase 30.0 ms;"
                + " blue 20.0 ms (2000 requests)"
                + " | 5xx-rate inconclusive: green served 150 requests, fewer than minRequests 1000;"
                + " green 0.00% (0/150), blue 0.20% (4/2000)");
    }

    @Test
    void healthyAndInconclusiveGatesMakeAnInconclusiveVerdict() {
        serve(GREEN, 150, 0, i -> 10);
        serve(BLUE, 2000, 0, i -> 10);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.01, null, 100), errorRate(0.01, null, 1000)),
                BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(verdict.summary()).startsWith("INCONCLUSIVE: 5xx-rate inconclusive: green served 150 requests");
    }

    @Test
    void readsGreenAndBlueOverTheBakeWindowWithEveryPercentileOnce() {
        List<String> calls = new ArrayList<>();
        TargetGroupMetrics recording = (tg, lb, from, to, percentiles) -> {
            calls.add(tg + " " + lb + " " + from + " " + to + " " + percentiles);
            return new TrafficStats(1000, 0, Map.of(50.0, 10.0, 99.0, 20.0));
        };
        clock.advance(Duration.ofSeconds(30));

        new HealthJudge(alarms, recording, clock).judge(spec(List.of(),
                latency(99, 100, null, 1), latency(50, 100, null, 1), latency(99, 50, null, 1)), BAKE_START);

        Instant now = NOW.plusSeconds(30);
        assertThat(calls).containsExactly(
                GREEN + " " + LOAD_BALANCER + " " + BAKE_START + " " + now + " [50.0, 99.0]",
                BLUE + " " + LOAD_BALANCER + " " + BAKE_START + " " + now + " [50.0, 99.0]");
    }

    @Test
    void onlyRequestsInsideTheBakeWindowCount() {
        serve(GREEN, 1000, 0, i -> 10);
        // before the bake (the previous stage) and after "now": neither belongs to this judgement
        metrics.record(GREEN, BAKE_START.minusSeconds(1), 503, 10);
        metrics.record(GREEN, NOW, 503, 10);

        HealthVerdict verdict = judge.judge(spec(List.of(), errorRate(0.0001, null, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.gates().get(0).greenRequests()).isEqualTo(1000);
    }

    @Test
    void anAlarmAlreadyFiringWinsOverUnreadableMetrics() {
        when(alarms.states(List.of("orders-5xx"))).thenReturn(Map.of("orders-5xx", AlarmState.ALARM));
        TargetGroupMetrics broken = (tg, lb, from, to, p) -> {
            throw new TransientDependencyException("CloudWatch GetMetricData failed: Throttling", null);
        };

        HealthVerdict verdict = new HealthJudge(alarms, broken, clock)
                .judge(spec(List.of("orders-5xx"), errorRate(0.01, null, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.gates()).isEmpty();
        assertThat(verdict.summary()).isEqualTo("UNHEALTHY: alarm orders-5xx in ALARM"
                + " | metric gates not judged: CloudWatch GetMetricData failed: Throttling");
    }

    @Test
    void unreadableMetricsPropagateWhenNothingElseHasFailed() {
        TargetGroupMetrics broken = (tg, lb, from, to, p) -> {
            throw new TransientDependencyException("CloudWatch GetMetricData failed: Throttling", null);
        };

        assertThatThrownBy(() -> new HealthJudge(alarms, broken, clock)
                .judge(spec(List.of("orders-5xx"), errorRate(0.01, null, 100)), BAKE_START, NOW))
                .isInstanceOf(TransientDependencyException.class);
    }

    @Test
    void unreadableAlarmsPropagate() {
        when(alarms.states(List.of("orders-5xx"))).thenThrow(new DependencyException("DescribeAlarms denied"));

        assertThatThrownBy(() -> judge.judge(spec(List.of("orders-5xx")), BAKE_START, NOW))
                .isInstanceOf(DependencyException.class).hasMessage("DescribeAlarms denied");
    }

    @Test
    void nothingConfiguredIsHealthyWithoutAskingAnyone() {
        AlarmStateReader untouched = mock(AlarmStateReader.class);
        TargetGroupMetrics unused = mock(TargetGroupMetrics.class);

        HealthVerdict verdict = new HealthJudge(untouched, unused, clock).judge(spec(List.of()), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary()).isEqualTo("HEALTHY: no alarms or metric gates configured");
        verifyNoInteractions(untouched, unused);
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> judge.judge(spec(List.of()), NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bake window must end after it starts");
    }

    @Test
    void percentileNamesDropTrailingZeros() {
        assertThat(HealthJudge.percentileName(99.0)).isEqualTo("p99");
        assertThat(HealthJudge.percentileName(99.9)).isEqualTo("p99.9");
        assertThat(HealthJudge.percentileName(50)).isEqualTo("p50");
    }

    /** Records {@code n} requests spread over the first minutes of the bake; the first {@code errors} are 503s. */
    private void serve(String targetGroup, int n, int errors, IntToDoubleFunction latencyMs) {
        for (int i = 0; i < n; i++) {
            metrics.record(targetGroup, BAKE_START.plusMillis(100L * i), i < errors ? 503 : 200,
                    latencyMs.applyAsDouble(i));
        }
    }
}
