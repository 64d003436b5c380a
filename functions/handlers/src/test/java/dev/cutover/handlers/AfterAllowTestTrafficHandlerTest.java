package dev.cutover.handlers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class AfterAllowTestTrafficHandlerTest {

    final Fixture fx = new Fixture().allPass();
    final AfterAllowTestTrafficHandler handler = new AfterAllowTestTrafficHandler(fx.dependencies());
    final Map<String, Object> event = Fixture.event("codedeploy-after-allow-test-traffic.json");
    final HookExecution ids = HookEventParser.parse(event);

    Map<String, Object> invoke() {
        return handler.handleRequest(event, new FakeContext(Duration.ofMinutes(5)));
    }

    @Test
    void runsTheSmokeTestsAgainstTheTestListenerAndReportsSucceeded() {
        Map<String, Object> response = invoke();

        assertThat(response).containsEntry("status", "Succeeded");
        verify(fx.smoke).run(eq(Specs.TEST_URL), eq(Specs.full().smokeTests()), any());
        verify(fx.smoke, never()).run(eq(Specs.PRODUCTION_URL), any(), any());
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenASmokeTestFails() {
        when(fx.smoke.run(any(), any(), any()))
                .thenReturn(List.of(
                        Fixture.pass("smoke:health"),
                        Fixture.fail("smoke:create-order", "POST /orders: expected 201, got 500 after 3 attempts")));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .isEqualTo("smoke:create-order: POST /orders: expected 201, got 500 after 3 attempts");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }
}
