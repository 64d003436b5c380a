package dev.cutover.core.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.health.Evidence;
import dev.cutover.core.plan.GateCheck.Result;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.Routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cutover plan --check-gates} over examples/orders.cutover.yaml (5xx-rate at most 1%, p99 at most 800 ms, both
 * with 200 requests at least; alarms orders-green-5xx and orders-green-p99; a first bake of 300 s): blue's numbers
 * judged as if they were green's.
 */
class GateCheckTest {

    static final Instant NOW = Instant.parse("2026-12-07T21:10:30Z");
    static final CutoverSpec SPEC = DeploymentEstimatorTest.example("orders.cutover.yaml");
    static final String FIRST = SPEC.routing().targetGroupArns().get(0);
    static final String SECOND = SPEC.routing().targetGroupArns().get(1);

    /** The route sends 100% to the second group: the last deployment promoted it, so it is blue now. */
    String live = SECOND;

    final Map<String, TrafficStats> traffic = new HashMap<>();
    final List<String> metricsAsked = new ArrayList<>();
    final Map<String, AlarmState> alarms = new HashMap<>(Map.of(
            "orders-green-5xx", AlarmState.OK,
            "orders-green-p99", AlarmState.OK));

    final TrafficRouter router = new TrafficRouter() {
        @Override
        public Weights read(Routing routing) {
            if (live == null) {
                return new Weights(50, 50);
            }
            return routing.blueTargetGroupArn().equals(live) ? Weights.ALL_BLUE : new Weights(0, 100);
        }

        @Override
        public void apply(Routing routing, Weights weights) {
            throw new AssertionError("a gate check writes nothing");
        }
    };

    final TargetGroupMetrics metrics = new TargetGroupMetrics() {
        @Override
        public TrafficStats stats(
                String targetGroupArn, String loadBalancerArn, Instant from, Instant to, java.util.Set<Double> p) {
            metricsAsked.add(targetGroupArn);
            return traffic.getOrDefault(targetGroupArn, new TrafficStats(0, 0, Map.of()));
        }

        @Override
        public MetricTiming timing() {
            return MetricTiming.CLOUDWATCH_ALB;
        }
    };

    GateCheck.Report check() {
        return new GateCheck(router, names -> alarms, metrics, Clock.fixed(NOW, ZoneOffset.UTC)).check(SPEC);
    }

    @Test
    void blueServingWellTodayPassesEveryGateOnItsOwnNumbers() {
        traffic.put(SECOND, new TrafficStats(1000, 5, Map.of(99.0, 300.0)));
        traffic.put(FIRST, new TrafficStats(0, 0, Map.of()));

        GateCheck.Report report = check();

        assertThat(report.roles().blue()).isEqualTo(SECOND);
        assertThat(metricsAsked).as("only the live group's numbers are read").containsOnly(SECOND);
        assertThat(report.gates()).extracting(GateCheck.Gate::result).containsExactly(Result.PASS, Result.PASS);
        assertThat(report.gates().get(0).current()).contains(0.005);
        assertThat(report.gates().get(1).current()).contains(300.0);
        assertThat(report.alarms()).extracting(GateCheck.Alarm::result).containsExactly(Result.PASS, Result.PASS);
        assertThat(report.wouldFail()).isFalse();
        // the first stage's 300 s bake, in whole minutes, ending at the last minute published 120 s ago
        assertThat(report.window())
                .isEqualTo(new Evidence.Window(
                        Instant.parse("2026-12-07T21:03:00Z"), Instant.parse("2026-12-07T21:08:00Z")));
    }

    @Test
    void aGateBlueFailsTodayAndAnAlarmInAlarmWouldFailEveryDeployment() {
        traffic.put(SECOND, new TrafficStats(1000, 30, Map.of(99.0, 300.0)));
        alarms.put("orders-green-p99", AlarmState.ALARM);
        alarms.remove("orders-green-5xx");

        GateCheck.Report report = check();

        assertThat(report.gates()).extracting(GateCheck.Gate::result).containsExactly(Result.FAIL, Result.PASS);
        assertThat(report.gates().get(0).judged().reason()).contains("3.00%").contains("> threshold 1.00%");
        assertThat(report.alarms())
                .extracting(GateCheck.Alarm::state, GateCheck.Alarm::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlarmState.MISSING, Result.FAIL),
                        org.assertj.core.groups.Tuple.tuple(AlarmState.ALARM, Result.FAIL));
        assertThat(report.wouldFail()).isTrue();
    }

    @Test
    void tooLittleTrafficIsNoDataNotAFailure() {
        traffic.put(SECOND, new TrafficStats(50, 0, Map.of()));

        GateCheck.Report report = check();

        assertThat(report.gates()).extracting(GateCheck.Gate::result).containsOnly(Result.NO_DATA);
        assertThat(report.gates().get(0).judged().reason()).contains("fewer than minRequests 200");
        assertThat(report.wouldFail()).isFalse();
    }

    @Test
    void aSplitRouteHasNoLiveGroupToMeasure() {
        live = null;

        assertThatThrownBy(this::check)
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("split 50%");
    }

    @Test
    void theWindowIsAtLeastOnePublishedPeriodOrTheBakeAsItIsForImmediateSources() {
        assertThat(GateCheck.window(NOW, Duration.ZERO, MetricTiming.CLOUDWATCH_ALB))
                .isEqualTo(new Evidence.Window(
                        Instant.parse("2026-12-07T21:07:00Z"), Instant.parse("2026-12-07T21:08:00Z")));
        assertThat(GateCheck.window(NOW, Duration.ofSeconds(61), MetricTiming.CLOUDWATCH_ALB)
                        .start())
                .isEqualTo(Instant.parse("2026-12-07T21:06:00Z"));
        assertThat(GateCheck.window(NOW, Duration.ofSeconds(20), MetricTiming.IMMEDIATE))
                .isEqualTo(new Evidence.Window(NOW.minusSeconds(20), NOW));
    }
}
