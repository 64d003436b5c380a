package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.task.ValidateAndLock;

import static dev.cutover.handlers.workflow.TaskFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** ShiftTraffic, JudgeHealth and the standalone checks, on the sample payloads in events/. */
class StageTaskHandlersTest {

    static final Duration LEFT = Duration.ofSeconds(60);

    final TaskFixture fx = new TaskFixture().inProgress(CODEDEPLOY_ID);

    // ---- ShiftTraffic

    @Test
    void shiftTrafficSetsTheStagesWeightsReadsThemBackAndRecordsThem() {
        when(fx.router.read(TaskFixture.ROUTING)).thenReturn(new Weights(50, 50));

        Map<String, Object> weights = new ShiftTrafficHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-shift-traffic.json"), TaskFixture.context(LEFT));

        assertThat(weights)
                .containsEntry("blue", 50)
                .containsEntry("green", 50)
                .containsEntry("shiftedAt", "2026-03-01T10:15:03.114Z");
        verify(fx.router).apply(TaskFixture.ROUTING, new Weights(50, 50));
        verify(fx.lock).renew("orders", CODEDEPLOY_ID, Duration.ofSeconds(900).plus(ValidateAndLock.LOCK_MARGIN));
        ArgumentCaptor<StageEntry> entry = ArgumentCaptor.forClass(StageEntry.class);
        verify(fx.ledger).stageReached(eq(CODEDEPLOY_ID), entry.capture());
        assertThat(entry.getValue())
                .extracting(StageEntry::index, StageEntry::percent, StageEntry::greenWeight, StageEntry::verdict)
                .containsExactly(1, 50, 50, "shifted");
    }

    @Test
    void requestApprovalRecordsTheGateWithItsTokenAndSaysWhenItExpires() {
        when(fx.ledger.awaitApproval(eq(CODEDEPLOY_ID), any())).thenReturn(true);

        Map<String, Object> answer = new RequestApprovalHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-request-approval.json"), TaskFixture.context(LEFT));

        ArgumentCaptor<PendingApproval> approval = ArgumentCaptor.forClass(PendingApproval.class);
        verify(fx.ledger).awaitApproval(eq(CODEDEPLOY_ID), approval.capture());
        assertThat(approval.getValue().taskToken()).isEqualTo("AQCEAAAAKgAAAAMAAAAAAAAAAc0FZQW1wbGVUYXNrVG9rZW4=");
        assertThat(approval.getValue().stageIndex()).isEqualTo(1);
        assertThat(approval.getValue().percent()).isEqualTo(50);
        assertThat(Duration.between(
                        approval.getValue().requestedAt(), approval.getValue().expiresAt()))
                .isEqualTo(Duration.ofHours(1));
        assertThat(answer)
                .containsEntry("deploymentId", CODEDEPLOY_ID)
                .containsEntry("stageIndex", 1)
                .containsEntry("expiresAt", approval.getValue().expiresAt().toString());
        verifyNoInteractions(fx.router);
    }

    @Test
    void aListenerThatReadsBackOtherWeightsEscapesAsTrafficShiftException() {
        when(fx.router.read(any())).thenReturn(new Weights(90, 10));

        assertThatThrownBy(() -> new ShiftTrafficHandler(fx.dependencies())
                        .handleRequest(
                                TaskFixture.event("workflow-task-shift-traffic.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(TrafficShiftException.class)
                .hasMessageContaining("expected blue 50 / green 50 but read back blue 90 / green 10");
        verify(fx.ledger, never()).stageReached(anyString(), any());
    }

    @Test
    void aDeploymentAlreadyRolledBackIsNotShifted() {
        when(fx.ledger.find(CODEDEPLOY_ID))
                .thenReturn(Optional.of(
                        DeploymentRecord.started(CODEDEPLOY_ID, "orders", "3", Instant.parse("2026-03-01T10:00:01Z"))
                                .finished(
                                        DeploymentRecord.Status.ROLLED_BACK,
                                        "alarm orders-5xx-rate in ALARM",
                                        Instant.parse("2026-03-01T10:07:13Z"),
                                        Instant.parse("2026-03-01T10:07:13Z"))));

        assertThatThrownBy(() -> new ShiftTrafficHandler(fx.dependencies())
                        .handleRequest(
                                TaskFixture.event("workflow-task-shift-traffic.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(DeploymentFinishedException.class)
                .hasMessageContaining("alarm orders-5xx-rate in ALARM");
        verifyNoInteractions(fx.router);
    }

    @Test
    void aPayloadWithoutAStageIsRefusedNamingIt() {
        Map<String, Object> payload = Map.of(
                "deployment",
                TaskFixture.event("workflow-task-shift-traffic.json").get("deployment"));

        assertThatThrownBy(() ->
                        new ShiftTrafficHandler(fx.dependencies()).handleRequest(payload, TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("stage: missing");
    }

    // ---- JudgeHealth

    @Test
    void judgeHealthReturnsTheVerdictWithItsNumbers() {
        when(fx.metrics.stats(eq(TaskFixture.GREEN_TG), anyString(), any(), any(), any()))
                .thenReturn(new TrafficStats(1602, 3, Map.of()));
        when(fx.metrics.stats(eq(TaskFixture.BLUE_TG), anyString(), any(), any(), any()))
                .thenReturn(new TrafficStats(1650, 2, Map.of()));

        Map<String, Object> verdict = new JudgeHealthHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-judge-health.json"), TaskFixture.context(LEFT));

        assertThat(verdict).containsEntry("status", "HEALTHY");
        assertThat((String) verdict.get("summary")).contains("3/1602").contains("2/1650");
        verify(fx.metrics)
                .stats(
                        eq(TaskFixture.GREEN_TG),
                        anyString(),
                        eq(Instant.parse("2026-03-01T10:05:03.114Z")),
                        eq(Instant.parse("2026-03-01T10:15:03.114Z")),
                        any());
        verify(fx.ledger).stageReached(eq(CODEDEPLOY_ID), any());
    }

    @Test
    void judgeHealthReadsTheExtensionsSoFarFromThePreviousJudgementAndRefusesAnImpossibleCount() {
        when(fx.metrics.stats(any(), anyString(), any(), any(), any())).thenReturn(new TrafficStats(1602, 3, Map.of()));
        Map<String, Object> first = TaskFixture.event("workflow-task-judge-health.json");

        Map<String, Object> verdict =
                new JudgeHealthHandler(fx.dependencies()).handleRequest(first, TaskFixture.context(LEFT));
        assertThat(verdict).containsEntry("extensions", 0).doesNotContainKey("extendBakeSeconds");

        Map<String, Object> again = new java.util.HashMap<>(first);
        again.put("verdict", Map.of("status", "INCONCLUSIVE", "extensions", 11));
        assertThatThrownBy(
                        () -> new JudgeHealthHandler(fx.dependencies()).handleRequest(again, TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(dev.cutover.core.error.InvalidWorkflowInputException.class)
                .hasMessageContaining("verdict.extensions");
    }

    @Test
    void anUnhealthyOrInconclusiveVerdictEscapesAsHealthGateFailedException() {
        when(fx.metrics.stats(eq(TaskFixture.GREEN_TG), anyString(), any(), any(), any()))
                .thenReturn(new TrafficStats(1602, 37, Map.of()));
        when(fx.metrics.stats(eq(TaskFixture.BLUE_TG), anyString(), any(), any(), any()))
                .thenReturn(new TrafficStats(1650, 2, Map.of()));

        assertThatThrownBy(() -> new JudgeHealthHandler(fx.dependencies())
                        .handleRequest(TaskFixture.event("workflow-task-judge-health.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(HealthGateFailedException.class)
                .hasMessageContaining("37/1602");

        when(fx.metrics.stats(eq(TaskFixture.GREEN_TG), anyString(), any(), any(), any()))
                .thenReturn(new TrafficStats(12, 0, Map.of()));
        assertThatThrownBy(() -> new JudgeHealthHandler(fx.dependencies())
                        .handleRequest(TaskFixture.event("workflow-task-judge-health.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(HealthGateFailedException.class)
                .hasMessageStartingWith("INCONCLUSIVE");
    }

    // ---- Pre/PostTrafficChecks

    @Test
    void preTrafficChecksRunTheSmokeTestsOnTheTestListenerAndTheAlarms() {
        when(fx.smoke.run(any(), any(), any()))
                .thenReturn(List.of(CheckResult.pass("smoke:health", "200 in 9 ms", Duration.ofMillis(9))));

        Map<String, Object> result = new PreTrafficChecksHandler(fx.dependencies())
                .handleRequest(TaskFixture.event("workflow-task-pre-traffic-checks.json"), TaskFixture.context(LEFT));

        assertThat(result.get("checks")).asList().hasSize(2);
        verify(fx.smoke).run(eq(TaskFixture.ROUTING.testUrl()), any(), any());
    }

    @Test
    void failedPostTrafficChecksEscapeAsChecksFailedException() {
        when(fx.smoke.run(any(), any(), any()))
                .thenReturn(List.of(CheckResult.pass("smoke:health", "200 in 9 ms", Duration.ofMillis(9))));
        when(fx.alarms.states(any()))
                .thenReturn(Map.of("orders-5xx-rate", AlarmState.ALARM, "orders-latency-p99", AlarmState.OK));

        assertThatThrownBy(() -> new PostTrafficChecksHandler(fx.dependencies())
                        .handleRequest(
                                TaskFixture.event("workflow-task-post-traffic-checks.json"), TaskFixture.context(LEFT)))
                .isExactlyInstanceOf(ChecksFailedException.class)
                .hasMessage("post-traffic checks failed (1 of 2): alarms: 1 alarm in ALARM: orders-5xx-rate");
        verify(fx.smoke).run(eq(TaskFixture.ROUTING.productionUrl()), any(), any());
    }
}
