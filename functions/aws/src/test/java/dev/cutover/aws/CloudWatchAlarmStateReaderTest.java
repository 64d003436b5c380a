package dev.cutover.aws;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.port.AlarmStateReader.AlarmState;

import static org.assertj.core.api.Assertions.assertThat;

class CloudWatchAlarmStateReaderTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private AwsClients clients;
    private CloudWatchAlarmStateReader reader;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        reader = new CloudWatchAlarmStateReader(clients.cloudWatch());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void readsEachAlarmsStateAndMarksUnknownNamesMissing() {
        putAlarm("orders-green-5xx");
        putAlarm("orders-green-latency");
        putAlarm("orders-green-4xx");
        setState("orders-green-5xx", StateValue.ALARM);
        setState("orders-green-latency", StateValue.OK);
        setState("orders-green-4xx", StateValue.INSUFFICIENT_DATA);

        Map<String, AlarmState> states = reader.states(
                List.of("orders-green-5xx", "orders-green-latency", "orders-nobody-made-this", "orders-green-4xx"));

        assertThat(states)
                .containsExactly(
                        Map.entry("orders-green-5xx", AlarmState.ALARM),
                        Map.entry("orders-green-latency", AlarmState.OK),
                        Map.entry("orders-nobody-made-this", AlarmState.MISSING),
                        Map.entry("orders-green-4xx", AlarmState.INSUFFICIENT_DATA));
    }

    @Test
    void readsMoreThanOneBatchOfNames() {
        List<String> names = IntStream.range(0, CloudWatchAlarmStateReader.BATCH + 5)
                .mapToObj(i -> "orders-alarm-%03d".formatted(i))
                .toList();
        names.forEach(this::putAlarm);
        setState("orders-alarm-003", StateValue.ALARM);
        setState("orders-alarm-102", StateValue.ALARM);

        Map<String, AlarmState> states = reader.states(names);

        assertThat(states).hasSize(names.size());
        assertThat(states)
                .containsEntry("orders-alarm-003", AlarmState.ALARM)
                .containsEntry("orders-alarm-102", AlarmState.ALARM);
        assertThat(states.values())
                .as("every alarm of both batches was found")
                .doesNotContain(AlarmState.MISSING)
                .filteredOn(s -> s == AlarmState.ALARM)
                .hasSize(2);
    }

    @Test
    void noNamesNeedNoCall() {
        assertThat(reader.states(List.of())).isEmpty();
    }

    private void putAlarm(String name) {
        clients.cloudWatch()
                .putMetricAlarm(r -> r.alarmName(name)
                        .namespace("AWS/ApplicationELB")
                        .metricName("HTTPCode_Target_5XX_Count")
                        .statistic(Statistic.SUM)
                        .period(60)
                        .evaluationPeriods(1)
                        .threshold(5.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }

    private void setState(String name, StateValue state) {
        clients.cloudWatch()
                .setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason("set by test"));
    }
}
