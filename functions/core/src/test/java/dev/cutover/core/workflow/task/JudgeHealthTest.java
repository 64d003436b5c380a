package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.port.model.JudgeFinding;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/** The JudgeHealth state: verdicts over the bake window, recorded with their numbers. */
class JudgeHealthTest extends WorkflowTaskTest {

    @Test
    void anUnhealthyStageFailsWithTheNumbersAndTheLedgerKeepsThem() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(300, 12, 2700);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted)))
                .isInstanceOfSatisfying(HealthGateFailedException.class, e -> {
                    assertThat(e.verdict().status())
                            .isEqualTo(dev.cutover.core.port.model.HealthVerdict.Status.UNHEALTHY);
                    assertThat(e.verdict().gates().get(0).greenRequests()).isEqualTo(300);
                    assertThat(e.verdict().gates().get(0).greenValue()).contains(0.04);
                })
                .hasMessageContaining("12/300");
        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().verdict())
                .startsWith("UNHEALTHY")
                .contains("12/300");
    }

    @Test
    void withTheStatisticalJudgeAGreenWorseThanBlueButUnderTheThresholdFailsAndTheLedgerSaysWhy() {
        fx.specs.put(
                WorkflowFixture.PARAMETER,
                WorkflowFixture.specJson(null)
                        .replaceFirst("\"health\": \\{", "\"health\": {\"judge\": \"statistical\","));
        tasks = fx.tasks();
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        // 0.75% 5xx on green: under the 1% threshold, but blue served 2000 without one
        fx.serve(2000, 15, 2000);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted)))
                .isInstanceOfSatisfying(
                        HealthGateFailedException.class,
                        e -> assertThat(e.verdict().status())
                                .isEqualTo(dev.cutover.core.port.model.HealthVerdict.Status.UNHEALTHY));
        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().verdict())
                .startsWith("UNHEALTHY: statistical ")
                .contains("statistical 5xx-rate worse: blue 0.00% (0/2000) vs green 0.75% (15/2000)")
                .contains("confidence 100.0% (needs 95.0%), requests green 2000, blue 2000");
    }

    @Test
    void theStatisticalJudgesFindingsReachTheLedgerAsData() {
        // given the statistical judge, and green at 0.75% 5xx where blue served 2000 requests without one
        statisticalSpec();
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(2000, 15, 2000);
        fx.clock.advance(Duration.ofSeconds(60));

        // when the stage is judged (and fails)
        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted)))
                .isInstanceOf(HealthGateFailedException.class);

        // then the ledger's entry holds the 5xx finding as numbers, not only as words
        StageEntry entry = fx.record(CODEDEPLOY_ID).lastStage().orElseThrow();
        JudgeFinding errors = entry.findings().stream()
                .filter(f -> f.metric().equals("5xx-rate"))
                .findFirst()
                .orElseThrow();
        assertThat(errors.test()).isEqualTo("fisher-exact");
        assertThat(errors.blueValue()).hasValue(0.0);
        assertThat(errors.greenValue()).hasValue(15 / 2000.0);
        assertThat(errors.effect()).isEqualTo(15 / 2000.0);
        assertThat(errors.confidence()).isGreaterThanOrEqualTo(0.95);
        assertThat(errors.neededConfidence()).isEqualTo(0.95);
        assertThat(errors.greenSamples()).isEqualTo(2000);
        assertThat(errors.blueSamples()).isEqualTo(2000);
        assertThat(errors.direction()).isEqualTo(JudgeFinding.Direction.WORSE);
        assertThat(errors.outcome()).isEqualTo(JudgeFinding.Outcome.FAIL);
        // and each finding's line is the one the verdict text shows
        entry.findings().forEach(f -> assertThat(entry.verdict()).contains("statistical " + f.text()));
    }

    @Test
    void aThresholdVerdictRecordsNoFindings() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(2000, 15, 2000);
        fx.clock.advance(Duration.ofSeconds(60));

        tasks.judgeHealth().run(plan, first, Optional.of(shifted));

        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().findings())
                .isEmpty();
    }

    @Test
    void theThresholdJudgePassesTheSameTraffic() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(2000, 15, 2000);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThat(tasks.judgeHealth().run(plan, first, Optional.of(shifted)).healthy())
                .isTrue();
        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().verdict())
                .startsWith("HEALTHY")
                .doesNotContain("statistical");
    }

    @Test
    void tooFewRequestsIsInconclusiveAndFailsClosed() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(40, 0, 360);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted)))
                .isInstanceOfSatisfying(
                        HealthGateFailedException.class,
                        e -> assertThat(e.verdict().status())
                                .isEqualTo(dev.cutover.core.port.model.HealthVerdict.Status.INCONCLUSIVE))
                .hasMessageContaining("40");
    }

    @Test
    void theBakeWindowStartsAtTheShiftSoEarlierTrafficDoesNotCount() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        fx.serve(500, 500, 0);
        fx.clock.advance(Duration.ofSeconds(5));
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(200, 0, 1800);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThat(tasks.judgeHealth().run(plan, first, Optional.of(shifted)).healthy())
                .isTrue();
    }

    @Test
    void anAlarmInAlarmFailsTheStage() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(200, 0, 1800);
        fx.clock.advance(Duration.ofSeconds(60));
        when(fx.alarms.states(any())).thenReturn(Map.of("orders-5xx", AlarmState.ALARM));

        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted)))
                .isInstanceOf(HealthGateFailedException.class)
                .hasMessageContaining("orders-5xx");
    }

    private void statisticalSpec() {
        fx.specs.put(
                WorkflowFixture.PARAMETER,
                WorkflowFixture.specJson(null)
                        .replaceFirst("\"health\": \\{", "\"health\": {\"judge\": \"statistical\","));
        tasks = fx.tasks();
    }

    @Test
    void withTheStatisticalJudgeTooFewRequestsExtendTheBakeInsteadOfFailingAndTheNextJudgementCoversTheLongerWindow() {
        statisticalSpec();
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(20, 0, 2000);
        fx.clock.advance(Duration.ofSeconds(60));

        JudgeHealth.Judgement inconclusive = tasks.judgeHealth().run(plan, first, Optional.of(shifted), 0);

        assertThat(inconclusive.verdict().status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(inconclusive.extendBy()).contains(Duration.ofSeconds(60));
        assertThat(inconclusive.extensions()).isEqualTo(1);
        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().verdict())
                .startsWith("INCONCLUSIVE: statistical ")
                .contains("too few")
                .endsWith("bake extended by 60 s (1 of 2)");

        // green keeps its share for the extension; the next judgement counts the first minute's requests too
        fx.clock.advance(Duration.ofSeconds(1));
        fx.serve(400, 0, 2000);
        fx.clock.advance(Duration.ofSeconds(59));
        JudgeHealth.Judgement healthy = tasks.judgeHealth().run(plan, first, Optional.of(shifted), 1);

        assertThat(healthy.verdict().status()).isEqualTo(Status.HEALTHY);
        assertThat(healthy.extendBy()).isEmpty();
        assertThat(healthy.verdict().summary()).contains("requests green 420, blue 4000");
    }

    @Test
    void withTheStatisticalJudgeAStageStillInconclusiveAfterItsLastExtensionFailsClosed() {
        statisticalSpec();
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(20, 0, 2000);
        fx.clock.advance(Duration.ofSeconds(180));

        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted), 2))
                .isInstanceOfSatisfying(
                        HealthGateFailedException.class,
                        e -> assertThat(e.verdict().status()).isEqualTo(Status.INCONCLUSIVE))
                .hasMessageContaining("still inconclusive after 2 bake extensions of 60 s: fails closed");
        assertThat(fx.record(CODEDEPLOY_ID).lastStage().orElseThrow().verdict()).contains("fails closed");
    }

    @Test
    void theThresholdJudgeNeverExtendsAnInconclusiveBake() {
        DeploymentPlan plan = planFromHook();
        PlannedStage first = plan.stages().get(0);
        ShiftOutcome shifted = tasks.shiftTraffic().run(plan, first);
        fx.serve(3, 0, 2000);
        fx.clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> tasks.judgeHealth().run(plan, first, Optional.of(shifted), 0))
                .isInstanceOfSatisfying(
                        HealthGateFailedException.class,
                        e -> assertThat(e.verdict().status()).isEqualTo(Status.INCONCLUSIVE));
    }
}
