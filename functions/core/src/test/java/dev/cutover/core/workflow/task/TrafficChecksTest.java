package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.Promotion;
import dev.cutover.testing.WorkflowFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** PreTrafficChecks and PostTrafficChecks of a standalone execution. */
class TrafficChecksTest extends WorkflowTaskTest {

    @Test
    void aStandaloneDeploymentRunsItsOwnChecksAndHasNoHookToReport() {
        when(fx.smoke.run(any(), any(), any()))
                .thenReturn(List.of(CheckResult.pass("smoke:health", "200 in 12 ms", Duration.ofMillis(12))));
        DeploymentPlan plan = tasks.validateAndLock()
                .run(
                        WorkflowFixture.standaloneInput("orders-2026-03-01"),
                        WorkflowFixture.execution("orders-2026-03-01"));

        assertThat(plan.standalone()).isTrue();
        assertThat(tasks.checks().preTraffic(plan, BUDGET))
                .extracting(CheckResult::name)
                .containsExactly("smoke:health", "alarms");
        verify(fx.smoke).run(org.mockito.ArgumentMatchers.eq(fx.routing().testUrl()), any(), any());
        passThrough(plan, 2);
        tasks.checks().postTraffic(plan, BUDGET);
        verify(fx.smoke).run(org.mockito.ArgumentMatchers.eq(fx.routing().productionUrl()), any(), any());
        Promotion promotion = tasks.finalizeDeployment().run(plan);

        assertThat(promotion.codeDeploy()).isEqualTo("no CodeDeploy hook (standalone)");
        assertThat(fx.record("orders-2026-03-01").status()).isEqualTo(Status.PROMOTED);
        verifyNoInteractions(fx.hooks, fx.codeDeploy);
    }

    @Test
    void failedPreTrafficChecksNameEveryFailure() {
        when(fx.smoke.run(any(), any(), any()))
                .thenReturn(List.of(
                        CheckResult.fail("smoke:health", "expected status 200, got 503", Duration.ofMillis(9))));
        when(fx.alarms.states(any())).thenReturn(Map.of("orders-5xx", AlarmState.ALARM));
        DeploymentPlan plan = tasks.validateAndLock()
                .run(WorkflowFixture.standaloneInput("orders-1"), WorkflowFixture.execution("orders-1"));

        assertThatThrownBy(() -> tasks.checks().preTraffic(plan, BUDGET))
                .isInstanceOf(ChecksFailedException.class)
                .hasMessage("pre-traffic checks failed (2 of 2): smoke:health: expected status 200, got 503; "
                        + "alarms: 1 alarm in ALARM: orders-5xx");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
    }
}
