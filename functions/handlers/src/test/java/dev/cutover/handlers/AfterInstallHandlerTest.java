package dev.cutover.handlers;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class AfterInstallHandlerTest {

    final Fixture fx = new Fixture().allPass();
    final AfterInstallHandler handler = new AfterInstallHandler(fx.dependencies());
    final Map<String, Object> event = Fixture.event("codedeploy-after-install.json");
    final HookExecution ids = HookEventParser.parse(event);

    Map<String, Object> invoke() {
        return handler.handleRequest(event, new FakeContext(Duration.ofMinutes(10)));
    }

    @Test
    void reportsSucceededOnceGreenHasEnoughHealthyTargets() {
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(0, 2), new TargetHealth(2, 2));

        Map<String, Object> response = invoke();

        assertThat(response).containsEntry("status", "Succeeded");
        assertThat((String) response.get("reason")).isEqualTo("all 1 check passed");
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenGreenStaysShortOfHealthyTargets() {
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(1, 3));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .startsWith(
                        "target-health: green target group orders-green: 1 of 3 targets healthy (need 2) after 61 polls");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedNamingTheLoadBalancerWhenItCannotBeAsked() {
        when(fx.targets.describe(Specs.GREEN_TG))
                .thenThrow(new DependencyException("ELBv2 DescribeTargetHealth: AccessDenied"));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .contains("could not read target health: ELBv2 DescribeTargetHealth: AccessDenied");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
    }
}
