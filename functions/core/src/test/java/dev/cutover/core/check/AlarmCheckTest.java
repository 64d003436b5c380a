package dev.cutover.core.check;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class AlarmCheckTest {

    final AlarmStateReader reader = mock(AlarmStateReader.class);
    final AlarmCheck check = new AlarmCheck(reader, new MutableClock(Instant.parse("2026-03-01T10:00:00Z")));

    static HealthGates alarms(String... names) {
        return new HealthGates(List.of(names), List.of());
    }

    void states(Object... pairs) {
        Map<String, AlarmState> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (AlarmState) pairs[i + 1]);
        }
        when(reader.states(any())).thenReturn(map);
    }

    @Test
    void passesWithoutAskingWhenNoAlarmsAreConfigured() {
        CheckResult result = check.check(alarms());
        assertThat(result.passed()).isTrue();
        assertThat(result.detail()).isEqualTo("no alarms configured");
        verifyNoInteractions(reader);
    }

    @Test
    void passesWhenEveryAlarmIsOk() {
        states("orders-5xx", AlarmState.OK, "orders-latency", AlarmState.OK);
        CheckResult result = check.check(alarms("orders-5xx", "orders-latency"));
        assertThat(result.passed()).isTrue();
        assertThat(result.name()).isEqualTo("alarms");
        assertThat(result.detail()).isEqualTo("all 2 alarms OK");
    }

    @Test
    void failsNamingEveryAlarmInAlarm() {
        states("orders-5xx", AlarmState.ALARM, "orders-latency", AlarmState.OK, "orders-cpu", AlarmState.ALARM);
        CheckResult result = check.check(alarms("orders-5xx", "orders-latency", "orders-cpu"));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("2 alarms in ALARM: orders-5xx, orders-cpu");
    }

    @Test
    void failsWhenAnAlarmDoesNotExist() {
        states("orders-5xx", AlarmState.OK, "orders-typo", AlarmState.MISSING);
        CheckResult result = check.check(alarms("orders-5xx", "orders-typo"));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("alarm orders-typo does not exist: check health.alarms");
    }

    @Test
    void failsWhenTheReaderSaysNothingAboutAnAlarm() {
        states("orders-5xx", AlarmState.OK);
        CheckResult result = check.check(alarms("orders-5xx", "orders-latency"));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("orders-latency").contains("no state");
    }

    @Test
    void passesOnInsufficientDataButSaysSo() {
        states("orders-5xx", AlarmState.OK, "orders-latency", AlarmState.INSUFFICIENT_DATA);
        CheckResult result = check.check(alarms("orders-5xx", "orders-latency"));
        assertThat(result.passed()).isTrue();
        assertThat(result.detail()).contains("INSUFFICIENT_DATA").contains("orders-latency");
    }

    @Test
    void letsADependencyFailureThroughForTheCallerToReport() {
        when(reader.states(any())).thenThrow(new DependencyException("CloudWatch DescribeAlarms: throttled"));
        assertThatThrownBy(() -> check.check(alarms("orders-5xx"))).isInstanceOf(DependencyException.class);
    }
}
