package dev.cutover.handlers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class BeforeAllowTrafficHandlerTest {

    final Fixture fx = new Fixture().allPass();
    final BeforeAllowTrafficHandler handler = new BeforeAllowTrafficHandler(fx.dependencies());
    final Map<String, Object> event = Fixture.event("codedeploy-before-allow-traffic.json");
    final HookExecution ids = HookEventParser.parse(event);

    Map<String, Object> invoke() {
        return handler.handleRequest(event, new FakeContext(Duration.ofMinutes(5)));
    }

    @Test
    void comparesBlueWithGreenAndReportsSucceeded() {
        Map<String, Object> response = invoke();

        assertThat(response).containsEntry("status", "Succeeded");
        verify(fx.dataSync)
                .check(Fixture.BLUE, Fixture.GREEN, Specs.full().dataSync().get());
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenTheStoresDiffer() {
        when(fx.dataSync.check(any(), any(), any()))
                .thenReturn(List.of(Fixture.fail("data-sync:orders", "green has 1204 rows, blue 1210 (tolerance 0)")));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .isEqualTo("data-sync:orders: green has 1204 rows, blue 1210 (tolerance 0)");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenGreensSecretCannotBeRead() {
        when(fx.secrets.databaseCredentials(Specs.GREEN_SECRET))
                .thenThrow(new DependencyException("Secrets Manager GetSecretValue orders/green-db: AccessDenied"));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .startsWith("data-sync: threw DependencyException")
                .contains("orders/green-db");
        verify(fx.dataSync, never()).check(any(), any(), any());
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
    }
}
