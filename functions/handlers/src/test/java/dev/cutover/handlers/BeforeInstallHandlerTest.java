package dev.cutover.handlers;

import java.time.Duration;
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

class BeforeInstallHandlerTest {

    final Fixture fx = new Fixture().allPass();
    final BeforeInstallHandler handler = new BeforeInstallHandler(fx.dependencies());
    final Map<String, Object> event = Fixture.event("codedeploy-before-install.json");
    final HookExecution ids = HookEventParser.parse(event);

    Map<String, Object> invoke() {
        return handler.handleRequest(event, new FakeContext(Duration.ofMinutes(5)));
    }

    @Test
    void migratesAndReportsSucceededOnceForTheEventsIds() {
        Map<String, Object> response = invoke();

        assertThat(response)
                .containsEntry("status", "Succeeded")
                .containsEntry("deploymentId", "d-7QXK2M4RB")
                .containsEntry("hook", "BeforeInstall")
                .containsEntry("delivery", "REPORTED");
        verify(fx.migrations).migrate(Fixture.DB, Specs.full().migrations().get());
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
        assertThat(ids.lifecycleEventHookExecutionId()).isEqualTo(event.get("LifecycleEventHookExecutionId"));
    }

    @Test
    void reportsFailedWhenTheMigrationIsRefused() {
        when(fx.migrations.migrate(any(), any()))
                .thenReturn(Fixture.fail(
                        "migrations",
                        "V7__rename_total.sql line 3: ALTER TABLE orders RENAME COLUMN is not an expand change"));

        Map<String, Object> response = invoke();

        assertThat(response).containsEntry("status", "Failed");
        assertThat((String) response.get("reason")).contains("V7__rename_total.sql line 3");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void reportsFailedWhenTheDatabaseSecretCannotBeRead() {
        when(fx.secrets.databaseCredentials(Specs.MIGRATIONS_SECRET))
                .thenThrow(new DependencyException("Secrets Manager GetSecretValue orders/db: ResourceNotFound"));

        Map<String, Object> response = invoke();

        assertThat((String) response.get("reason"))
                .isEqualTo("migrations: threw DependencyException: Secrets Manager GetSecretValue orders/db: "
                        + "ResourceNotFound");
        verify(fx.migrations, never()).migrate(any(), any());
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
    }
}
