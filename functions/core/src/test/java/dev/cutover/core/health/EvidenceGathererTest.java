package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.health.Evidence.NotRead;
import dev.cutover.core.health.Evidence.Unreadable;
import dev.cutover.core.health.Evidence.Window;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.memory.InMemoryTargetGroupMetrics;

import static dev.cutover.core.health.HealthFixtures.BLUE;
import static dev.cutover.core.health.HealthFixtures.GREEN;
import static dev.cutover.core.health.HealthFixtures.LOAD_BALANCER;
import static dev.cutover.core.health.HealthFixtures.errorRate;
import static dev.cutover.core.health.HealthFixtures.latency;
import static dev.cutover.core.health.HealthFixtures.spec;
import static dev.cutover.core.health.HealthFixtures.statisticalSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gatherer against fake ports: what it asks, over which window, and which failures it keeps as evidence. */
class EvidenceGathererTest {

    private static final Instant BAKE_START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = BAKE_START.plus(Duration.ofMinutes(10));

    private final List<List<String>> alarmQueries = new ArrayList<>();
    private final List<String> metricQueries = new ArrayList<>();
    private final Map<String, AlarmState> alarmStates = new LinkedHashMap<>();

    /** Answers with {@link #alarmStates} and records each query. */
    private final AlarmStateReader alarms = names -> {
        alarmQueries.add(names);
        Map<String, AlarmState> answer = new LinkedHashMap<>();
        names.stream().filter(alarmStates::containsKey).forEach(n -> answer.put(n, alarmStates.get(n)));
        return answer;
    };

    /** Answers 1000 requests with p50 10 ms and p99 20 ms and records each query. */
    private final TargetGroupMetrics recording = (tg, lb, from, to, percentiles) -> {
        metricQueries.add(tg + " " + lb + " " + from + " " + to + " " + percentiles);
        return new TrafficStats(1000, 0, Map.of(50.0, 10.0, 99.0, 20.0));
    };

    private final TargetGroupMetrics broken = (tg, lb, from, to, p) -> {
        throw new TransientDependencyException("CloudWatch GetMetricData failed: Throttling", null);
    };

    @Test
    void readsGreenAndBlueOverTheBakeWindowWithEveryPercentileOnce() {
        Evidence evidence = new EvidenceGatherer(alarms, recording)
                .gather(
                        spec(List.of(), latency(99, 100, null, 1), latency(50, 100, null, 1), latency(99, 50, null, 1)),
                        BAKE_START,
                        NOW);

        assertThat(metricQueries)
                .containsExactly(
                        GREEN + " " + LOAD_BALANCER + " " + BAKE_START + " " + NOW + " [50.0, 99.0]",
                        BLUE + " " + LOAD_BALANCER + " " + BAKE_START + " " + NOW + " [50.0, 99.0]");
        assertThat(evidence.window()).isEqualTo(new Window(BAKE_START, NOW));
        TrafficStats expected = new TrafficStats(1000, 0, Map.of(50.0, 10.0, 99.0, 20.0));
        assertThat(evidence.traffic()).isEqualTo(new Measured(expected, expected));
        assertThat(alarmQueries).as("no alarms configured, none asked").isEmpty();
    }

    @Test
    void theStatisticalJudgeAlsoGetsEachSidesLatencySamplesOverTheBakeWindow() {
        InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics();
        metrics.record(GREEN, BAKE_START.plusSeconds(1), 200, 115);
        metrics.record(GREEN, BAKE_START.minusSeconds(1), 200, 999); // the previous stage's
        metrics.record(BLUE, BAKE_START.plusSeconds(2), 200, 100);

        Measured statistical = (Measured) new EvidenceGatherer(alarms, metrics)
                .gather(statisticalSpec(errorRate(0.05, null, 1)), BAKE_START, NOW)
                .traffic();
        Measured threshold = (Measured) new EvidenceGatherer(alarms, metrics)
                .gather(spec(List.of(), errorRate(0.05, null, 1)), BAKE_START, NOW)
                .traffic();

        assertThat(statistical.green().latencySamples().valuesMs()).containsExactly(115.0);
        assertThat(statistical.blue().latencySamples().valuesMs()).containsExactly(100.0);
        assertThat(threshold.green().latencySamples().isEmpty())
                .as("the threshold judge does not need them")
                .isTrue();
    }

    @Test
    void onlyRequestsInsideTheBakeWindowCount() {
        InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics();
        for (int i = 0; i < 1000; i++) {
            metrics.record(GREEN, BAKE_START.plusMillis(100L * i), 200, 10);
        }
        // before the bake (the previous stage) and after "now": neither belongs to this judgement
        metrics.record(GREEN, BAKE_START.minusSeconds(1), 503, 10);
        metrics.record(GREEN, NOW, 503, 10);

        Evidence evidence = new EvidenceGatherer(alarms, metrics)
                .gather(spec(List.of(), errorRate(0.0001, null, 100)), BAKE_START, NOW);

        Measured traffic = (Measured) evidence.traffic();
        assertThat(traffic.green().requests()).isEqualTo(1000);
        assertThat(traffic.green().errors5xx()).isZero();
        assertThat(traffic.blue().requests()).isZero();
    }

    @Test
    void asksForEachAlarmOnceAndKeepsOnlyTheStatesTheReaderReported() {
        alarmStates.put("orders-5xx", AlarmState.OK);
        alarmStates.put("orders-typo", AlarmState.MISSING);

        Evidence evidence = new EvidenceGatherer(alarms, recording)
                .gather(spec(List.of("orders-5xx", "orders-typo", "orders-5xx", "orders-latency")), BAKE_START, NOW);

        assertThat(alarmQueries).containsExactly(List.of("orders-5xx", "orders-typo", "orders-latency"));
        assertThat(evidence.alarmStates())
                .isEqualTo(Map.of("orders-5xx", AlarmState.OK, "orders-typo", AlarmState.MISSING));
        assertThat(evidence.traffic()).isEqualTo(new NotRead());
        assertThat(metricQueries).as("no metric gates, no metrics read").isEmpty();
    }

    @Test
    void aReaderAnsweringNothingLeavesEveryStateAbsent() {
        AlarmStateReader silent = names -> null;

        Evidence evidence =
                new EvidenceGatherer(silent, recording).gather(spec(List.of("orders-5xx")), BAKE_START, NOW);

        assertThat(evidence.alarmStates()).isEmpty();
    }

    @Test
    void anAlarmAlreadyFiringKeepsUnreadableMetricsAsEvidence() {
        alarmStates.put("orders-5xx", AlarmState.ALARM);

        Evidence evidence = new EvidenceGatherer(alarms, broken)
                .gather(spec(List.of("orders-5xx"), errorRate(0.01, null, 100)), BAKE_START, NOW);

        assertThat(evidence.traffic()).isEqualTo(new Unreadable("CloudWatch GetMetricData failed: Throttling"));
    }

    @Test
    void aMissingAlarmAlsoKeepsUnreadableMetricsAsEvidence() {
        Evidence evidence = new EvidenceGatherer(alarms, broken)
                .gather(spec(List.of("orders-gone"), errorRate(0.01, null, 100)), BAKE_START, NOW);

        assertThat(evidence.traffic()).isInstanceOf(Unreadable.class);
    }

    @Test
    void unreadableMetricsPropagateWhenNothingElseHasFailed() {
        alarmStates.put("orders-5xx", AlarmState.OK);

        assertThatThrownBy(() -> new EvidenceGatherer(alarms, broken)
                        .gather(spec(List.of("orders-5xx"), errorRate(0.01, null, 100)), BAKE_START, NOW))
                .isInstanceOf(TransientDependencyException.class);
    }

    @Test
    void unreadableAlarmsPropagate() {
        AlarmStateReader denied = names -> {
            throw new DependencyException("DescribeAlarms denied");
        };

        assertThatThrownBy(() ->
                        new EvidenceGatherer(denied, recording).gather(spec(List.of("orders-5xx")), BAKE_START, NOW))
                .isInstanceOf(DependencyException.class)
                .hasMessage("DescribeAlarms denied");
    }

    @Test
    void nothingConfiguredAsksNobody() {
        AlarmStateReader untouched = names -> {
            throw new AssertionError("alarms read although none is configured");
        };
        TargetGroupMetrics unused = (tg, lb, from, to, p) -> {
            throw new AssertionError("metrics read although no gate is configured");
        };

        Evidence evidence = new EvidenceGatherer(untouched, unused).gather(spec(List.of()), BAKE_START, NOW);

        assertThat(evidence).isEqualTo(new Evidence(new Window(BAKE_START, NOW), Map.of(), new NotRead()));
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new EvidenceGatherer(alarms, recording).gather(spec(List.of()), NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bake window must end after it starts");
    }

    @Test
    void aLatencyGateWithoutAPercentileIsRefusedBeforeAnyRead() {
        HealthGates.MetricGate noPercentile =
                new HealthGates.MetricGate(Metric.LATENCY, Optional.empty(), 100, Optional.empty(), 1);

        assertThatThrownBy(() ->
                        new EvidenceGatherer(alarms, recording).gather(spec(List.of(), noPercentile), BAKE_START, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a latency gate needs a percentile");
        assertThat(metricQueries).isEmpty();
    }
}
