package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;

import static dev.cutover.handlers.workflow.TaskFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Finalize and Rollback, on the sample states in events/. */
class EndTaskHandlersTest {

    static final Duration LEFT = Duration.ofSeconds(60);
    static final HookExecution HOOK = new HookExecution(CODEDEPLOY_ID, TaskFixture.HOOK_EXECUTION_ID);

    final TaskFixture fx = new TaskFixture().inProgress(CODEDEPLOY_ID);

    @Test
    void finalizeReportsTheHookSucceededRecordsPromotedUnlocksAndNotifies() {
        Map<String, Object> result = new FinalizeHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-finalize.json"), TaskFixture.context(LEFT));

        assertThat(result)
                .containsEntry("status", "PROMOTED")
                .containsEntry("stageReached", 100)
                .containsEntry("codeDeploy", "reported BeforeAllowTraffic Succeeded");
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.SUCCEEDED);
        verify(fx.ledger).finish(eq(CODEDEPLOY_ID), eq(Status.PROMOTED), anyString(), any());
        verify(fx.lock).release("orders", CODEDEPLOY_ID);
        ArgumentCaptor<DeploymentNotification> published = ArgumentCaptor.forClass(DeploymentNotification.class);
        verify(fx.notifier).publish(published.capture(), any());
        assertThat(published.getValue().outcome()).isEqualTo(Status.PROMOTED);
        verifyNoInteractions(fx.router);
        verify(fx.codeDeploy, never()).stopDeployment(any(), org.mockito.ArgumentMatchers.anyBoolean());
    }

    @Test
    void aHookThatCannotBeReportedFailsFinalizeWithTheDependencyError() {
        when(fx.hooks.report(any(), any()))
                .thenThrow(new DependencyException("CodeDeploy refused: " + "LifecycleEventAlreadyCompletedException"));

        assertThatThrownBy(() -> new FinalizeHandler(fx.dependencies())
                        .handleRequest(TaskFixture.event("workflow-task-finalize.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(DependencyException.class);
        verify(fx.ledger, never()).finish(anyString(), any(), anyString(), any());
    }

    @Test
    void rollbackPutsTrafficOnBlueReportsTheHookFailedAndReturnsTheReason() {
        // the route reads 100% blue once the rollback's first write (made before any read) has landed
        when(fx.router.read(any())).thenReturn(Weights.ALL_BLUE);

        Map<String, Object> rollback = new RollbackHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-rollback.json"), TaskFixture.context(LEFT));

        assertThat(rollback)
                .containsEntry(
                        "reason",
                        "HealthGateFailedException: UNHEALTHY: 5xx-rate green 2.31% "
                                + "(37/1602) > threshold 1.00%; blue 0.12% (2/1650)")
                .containsEntry("weights", Map.of("blue", 100, "green", 0))
                .containsEntry("status", "ROLLED_BACK");
        verify(fx.router, times(1)).apply(TaskFixture.ROUTING, Weights.ALL_BLUE);
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.FAILED);
        verify(fx.ledger).finish(eq(CODEDEPLOY_ID), eq(Status.ROLLED_BACK), anyString(), any());
        verify(fx.lock).release("orders", CODEDEPLOY_ID);
        // asked only which group is blue (GetDeploymentTarget), never stopped
        verify(fx.codeDeploy, never()).stopDeployment(any(), org.mockito.ArgumentMatchers.anyBoolean());
    }

    @Test
    void aRollbackThatCannotReachBlueEscapesAsTrafficShiftExceptionAfterTellingCodeDeploy() {
        when(fx.router.read(any())).thenReturn(new Weights(50, 50));
        doThrow(new DependencyException("ModifyListener: AccessDenied"))
                .when(fx.router)
                .apply(any(), any());

        assertThatThrownBy(() -> new RollbackHandler(fx.dependencies())
                        .handleRequest(TaskFixture.event("workflow-task-rollback.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(TrafficShiftException.class)
                .hasMessageContaining("blue 50 / green 50");
        verify(fx.hooks).report(HOOK, HookStatus.FAILED);
        verify(fx.lock, never()).release(anyString(), anyString());
    }

    @Test
    void aRollbackAfterValidateAndLockRefusedTouchesNoTrafficAndNoLock() {
        Map<String, Object> rollback = new RollbackHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-rollback-rejected.json"), TaskFixture.context(LEFT));

        assertThat(rollback).containsEntry("weights", null).containsEntry("status", "FAILED");
        assertThat((String) rollback.get("reason"))
                .startsWith("DeploymentInProgressException: service orders is "
                        + "locked by deployment orders-2026-03-01-001");
        verify(fx.hooks).report(HOOK, HookStatus.FAILED);
        verifyNoInteractions(fx.router);
        verify(fx.lock, never()).acquire(anyString(), anyString(), any());
        verify(fx.lock, never()).release(anyString(), anyString());
    }

    @Test
    void theRollbackBudgetComesFromTheLambdaContext() {
        assertThat(WorkflowTaskHandler.budget(TaskFixture.context(Duration.ofMinutes(15))))
                .isEqualTo(Duration.ofMinutes(15).minus(Duration.ofSeconds(90)));
        assertThat(Instant.parse("2026-03-01T10:15:03.114Z")).isEqualTo(fx.clock.instant());
    }
}
