package dev.cutover.runtime.adapters;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.workflow.AlarmStateChange;
import dev.cutover.handlers.wire.AlarmEvents;
import dev.cutover.runtime.metrics.LatencyDistribution;
import dev.cutover.runtime.router.MetricsSnapshot;
import dev.cutover.runtime.router.Version;

import static org.assertj.core.api.Assertions.assertThat;

class LocalAlarmsTest {

    private static final HealthGates.MetricGate FIVE_XX =
            new HealthGates.MetricGate(Metric.ERROR_RATE_5XX, Optional.empty(), 0.02, Optional.empty(), 100);
    private static final HealthGates.MetricGate P99 =
            new HealthGates.MetricGate(Metric.LATENCY, Optional.of(99.0), 250, Optional.empty(), 100);

    private final AtomicReference<MetricsSnapshot> green = new AtomicReference<>(snapshot(0, 0));
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final LocalAlarms alarms = new LocalAlarms(
            "orders",
            List.of(FIVE_XX, P99),
            w -> green.get(),
            Duration.ofSeconds(3),
            Clock.systemUTC(),
            events::add,
            t -> {});

    private static MetricsSnapshot snapshot(long requests, long errors) {
        return new MetricsSnapshot(
                Version.GREEN, Optional.of(Duration.ofSeconds(3)), requests, errors, 0, LatencyDistribution.EMPTY);
    }

    @Test
    void namesOneAlarmPerGate() {
        assertThat(LocalAlarms.alarmName("orders", FIVE_XX)).isEqualTo("orders-green-5xx-rate");
        assertThat(LocalAlarms.alarmName("orders", P99)).isEqualTo("orders-green-latency-p99");
        assertThat(alarms.states(List.of("orders-green-5xx-rate", "nope")))
                .containsEntry("orders-green-5xx-rate", AlarmState.INSUFFICIENT_DATA)
                .containsEntry("nope", AlarmState.MISSING);
    }

    @Test
    void tooFewRequestsIsInsufficientDataNotOk() {
        green.set(snapshot(99, 50));
        alarms.evaluate();
        assertThat(alarms.states(List.of("orders-green-5xx-rate")).get("orders-green-5xx-rate"))
                .isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(events).isEmpty();
    }

    @Test
    void goingToAlarmSendsTheEventBridgeEventOnce() throws Exception {
        green.set(snapshot(200, 1));
        alarms.evaluate();
        assertThat(alarms.states(List.of("orders-green-5xx-rate")).get("orders-green-5xx-rate"))
                .isEqualTo(AlarmState.OK);

        green.set(snapshot(200, 20));
        alarms.evaluate();
        alarms.evaluate();
        alarms.close(); // delivers what is queued

        assertThat(alarms.states(List.of("orders-green-5xx-rate")).get("orders-green-5xx-rate"))
                .isEqualTo(AlarmState.ALARM);
        assertThat(events).hasSize(1);
        AlarmStateChange change = AlarmEvents.read(events.get(0));
        assertThat(change.alarmName()).isEqualTo("orders-green-5xx-rate");
        assertThat(change.isAlarm()).isTrue();
        assertThat(change.previousState()).contains("OK");
        assertThat(change.reason()).contains("10.00%").contains("(20/200)");
        assertThat(events.get(0))
                .containsEntry("detail-type", "CloudWatch Alarm State Change")
                .containsEntry("source", "aws.cloudwatch");
    }

    @Test
    void primingEventsAreEachAlarmGoingToAlarmAndChangeNoState() {
        List<AlarmStateChange> priming =
                alarms.primingEvents().stream().map(AlarmEvents::read).toList();

        assertThat(priming)
                .extracting(AlarmStateChange::alarmName)
                .containsExactly("orders-green-5xx-rate", "orders-green-latency-p99");
        assertThat(priming).allSatisfy(change -> assertThat(change.isAlarm()).isTrue());
        assertThat(alarms.states(List.of("orders-green-5xx-rate", "orders-green-latency-p99")))
                .containsValues(AlarmState.INSUFFICIENT_DATA, AlarmState.INSUFFICIENT_DATA);
        assertThat(events).as("nothing delivered").isEmpty();
    }

    @Test
    void aThresholdBlueBreachesTooOverTheSameWindowIsNotGreensFaultWithinTheGatesMargin() {
        // given a 5xx alarm that may exceed blue by one point, and blue failing 5% on a saturated machine
        HealthGates.MetricGate relative =
                new HealthGates.MetricGate(Metric.ERROR_RATE_5XX, Optional.empty(), 0.02, Optional.of(0.01), 100);
        AtomicReference<MetricsSnapshot> blue = new AtomicReference<>(snapshot(1800, 90));
        LocalAlarms compared = new LocalAlarms(
                "orders",
                List.of(relative),
                w -> green.get(),
                w -> blue.get(),
                Duration.ofSeconds(3),
                Clock.systemUTC(),
                events::add,
                t -> {});
        String name = "orders-green-5xx-rate";

        // when green fails 5.5%, above the threshold as blue is, and within the margin of blue
        green.set(snapshot(200, 11));
        compared.evaluate();

        // then the alarm stays OK and says why
        assertThat(compared.states(List.of(name)).get(name)).isEqualTo(AlarmState.OK);

        // when green fails 8%, three points worse than blue
        green.set(snapshot(200, 16));
        compared.evaluate();
        // then it is green's fault
        assertThat(compared.states(List.of(name)).get(name)).isEqualTo(AlarmState.ALARM);

        // when blue serves nothing (the 100% stage), its last window with traffic stands in for it
        green.set(snapshot(200, 11));
        compared.evaluate();
        blue.set(null);
        compared.evaluate();
        assertThat(compared.states(List.of(name)).get(name)).isEqualTo(AlarmState.OK);

        // and when blue recovers, green's 5.5% alone breaches the threshold again
        green.set(snapshot(200, 11));
        blue.set(snapshot(1800, 0));
        compared.evaluate();
        assertThat(compared.states(List.of(name)).get(name)).isEqualTo(AlarmState.ALARM);
        compared.close();
    }
}
