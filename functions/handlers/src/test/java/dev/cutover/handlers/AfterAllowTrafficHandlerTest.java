package dev.cutover.handlers;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class AfterAllowTrafficHandlerTest {

    final Fixture fx = new Fixture().allPass();
    final AfterAllowTrafficHandler handler = new AfterAllowTrafficHandler(fx.dependencies());
    final Map<String, Object> event = Fixture.event("codedeploy-after-allow-traffic.json");
    final HookExecution ids = HookEventParser.parse(event);

    Map<String, Object> invoke() {
        return handler.handleRequest(event, new FakeContext(Duration.ofMinutes(5)));
    }

    @Test
    void smokeTestsTheProductionListenerChecksAlarmsAndReportsSucceeded() {
        Map<String, Object> response = invoke();

        assertThat(response).containsEntry("status", "Succeeded");
        assertThat((String) response.get("reason")).isEqualTo("all 2 checks passed");
        verify(fx.smoke).run(eq(Specs.PRODUCTION_URL), any(), any());
        verify(fx.alarms).states(Specs.full().health().alarms());
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenAnAlarmIsInAlarm() {
        when(fx.alarms.states(any()))
                .thenReturn(Map.of("orders-5xx", AlarmState.ALARM, "orders-p99-latency", AlarmState.OK));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason")).isEqualTo("alarms: 1 alarm in ALARM: orders-5xx");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenAnAlarmDoesNotExist() {
        when(fx.alarms.states(any()))
                .thenReturn(Map.of("orders-5xx", AlarmState.OK, "orders-p99-latency", AlarmState.MISSING));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .isEqualTo("alarms: alarm orders-p99-latency does not exist: check health.alarms");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
    }
}
