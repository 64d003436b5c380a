package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.testing.MutableClock;

import static dev.cutover.core.health.HealthFixtures.BLUE;
import static dev.cutover.core.health.HealthFixtures.GREEN;
import static dev.cutover.core.health.HealthFixtures.LOAD_BALANCER;
import static dev.cutover.core.health.HealthFixtures.errorRate;
import static dev.cutover.core.health.HealthFixtures.latency;
import static dev.cutover.core.health.HealthFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entry point the JudgeHealth task calls, end to end over fake ports: the gatherer and the judge composed. The
 * rules themselves are tabled in {@link EvidenceJudgeTest}, the reading in {@link EvidenceGathererTest}.
 */
class HealthJudgeTest {

    private static final Instant BAKE_START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = BAKE_START.plus(Duration.ofMinutes(10));

    /** Every alarm asked for is OK unless {@link #alarmStates} says otherwise. */
    private final Map<String, AlarmState> alarmStates = new LinkedHashMap<>();

    private final AlarmStateReader alarms = names -> {
        Map<String, AlarmState> states = new LinkedHashMap<>();
        names.forEach(n -> states.put(n, alarmStates.getOrDefault(n, AlarmState.OK)));
        return states;
    };
    private final InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics();
    private final MutableClock clock = new MutableClock(NOW);
    private final HealthJudge judge = new HealthJudge(alarms, metrics, clock);

    @Test
    void judgesTheTrafficTheTargetGroupsServed() {
        serve(GREEN, 2000, 2, i -> 100 + i % 100);
        serve(BLUE, 1650, 2, i -> 190);

        HealthVerdict verdict = judge.judge(
                spec(List.of("orders-5xx", "orders-latency"), errorRate(0.01, 0.005, 100), latency(99, 500, 50.0, 100)),
                BAKE_START,
                NOW);

        assertThat(verdict.status()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary())
                .isEqualTo("HEALTHY: 5xx-rate green 0.10% (2/2000) within threshold 1.00%,"
                        + " within max increase 0.50 pp over blue (-0.02 pp); blue 0.12% (2/1650)"
                        + " | latency p99 green 198.0 ms (2000 requests) within threshold 500.0 ms, within max increase"
                        + " 50.0 ms over blue (+8.0 ms); blue 190.0 ms (1650 requests) | 2 alarms not in ALARM");
    }

    @Test
    void withoutNowItJudgesUpToTheClocksNow() {
        List<String> calls = new ArrayList<>();
        TargetGroupMetrics recording = (tg, lb, from, to, percentiles) -> {
            calls.add(tg + " " + lb + " " + from + " " + to + " " + percentiles);
            return new TrafficStats(1000, 0, Map.of(50.0, 10.0, 99.0, 20.0));
        };
        clock.advance(Duration.ofSeconds(30));

        new HealthJudge(alarms, recording, clock)
                .judge(
                        spec(List.of(), latency(99, 100, null, 1), latency(50, 100, null, 1), latency(99, 50, null, 1)),
                        BAKE_START);

        Instant now = NOW.plusSeconds(30);
        assertThat(calls)
                .containsExactly(
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
        alarmStates.put("orders-5xx", AlarmState.ALARM);
        TargetGroupMetrics broken = (tg, lb, from, to, p) -> {
            throw new TransientDependencyException("CloudWatch GetMetricData failed: Throttling", null);
        };

        HealthVerdict verdict = new HealthJudge(alarms, broken, clock)
                .judge(spec(List.of("orders-5xx"), errorRate(0.01, null, 100)), BAKE_START, NOW);

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.gates()).isEmpty();
        assertThat(verdict.summary())
                .isEqualTo("UNHEALTHY: alarm orders-5xx in ALARM"
                        + " | metric gates not judged: CloudWatch GetMetricData failed: Throttling");
    }

    /** Records {@code n} requests spread over the first minutes of the bake; the first {@code errors} are 503s. */
    private void serve(String targetGroup, int n, int errors, IntToDoubleFunction latencyMs) {
        for (int i = 0; i < n; i++) {
            metrics.record(
                    targetGroup, BAKE_START.plusMillis(100L * i), i < errors ? 503 : 200, latencyMs.applyAsDouble(i));
        }
    }
}
