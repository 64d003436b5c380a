package dev.cutover.core.workflow.task;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.Promotion;
import dev.cutover.core.workflow.SpecReference;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static dev.cutover.testing.WorkflowFixture.HOOK;
import static dev.cutover.testing.WorkflowFixture.PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The Finalize state: the hook reported Succeeded, PROMOTED recorded, lock released, published once. */
class FinalizeTest extends WorkflowTaskTest {

    @Test
    void aHookStartedDeploymentWalksTenFiftyHundredAndIsPromoted() {
        DeploymentPlan plan = planFromHook();

        assertThat(plan.deploymentId()).isEqualTo(CODEDEPLOY_ID);
        assertThat(plan.standalone()).isFalse();
        assertThat(plan.stages())
                .containsExactly(
                        new PlannedStage(0, 10, 60), new PlannedStage(1, 50, 60), new PlannedStage(2, 100, 60));
        assertThat(plan.spec()).isEqualTo(new SpecReference.Parameter(PARAMETER + ":1"));
        assertThat(plan.lockToken()).isEqualTo(CODEDEPLOY_ID + "@2026-03-01T10:00:00Z");

        passThrough(plan, 2);
        Promotion promotion = tasks.finalizeDeployment().run(plan);

        assertThat(fx.router.history(fx.routing()))
                .containsExactly(Weights.ALL_BLUE, new Weights(90, 10), new Weights(50, 50), Weights.ALL_GREEN);
        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.status()).isEqualTo(Status.PROMOTED);
        assertThat(record.specVersion()).isEqualTo("1");
        assertThat(record.stagesReached())
                .extracting(StageEntry::index, StageEntry::percent, StageEntry::blueWeight, StageEntry::greenWeight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 10, 90, 10),
                        org.assertj.core.groups.Tuple.tuple(0, 10, 90, 10),
                        org.assertj.core.groups.Tuple.tuple(1, 50, 50, 50),
                        org.assertj.core.groups.Tuple.tuple(1, 50, 50, 50),
                        org.assertj.core.groups.Tuple.tuple(2, 100, 0, 100),
                        org.assertj.core.groups.Tuple.tuple(2, 100, 0, 100));
        assertThat(record.stagesReached())
                .extracting(StageEntry::verdict)
                .filteredOn(v -> !v.equals("shifted"))
                .hasSize(3)
                .allSatisfy(v -> assertThat(v).startsWith("HEALTHY").contains("200"));
        assertThat(fx.lock.holder("orders")).isEmpty();
        assertThat(fx.notifier.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.PROMOTED);
            assertThat(n.stageReached()).isEqualTo(100);
            assertThat(n.deploymentId()).isEqualTo(CODEDEPLOY_ID);
        });
        verify(fx.hooks, times(1)).report(HOOK, HookStatus.SUCCEEDED);
        verify(fx.hooks, never()).report(any(), org.mockito.ArgumentMatchers.eq(HookStatus.FAILED));
        // asked only which group is blue (GetDeploymentTarget), never stopped
        verify(fx.codeDeploy, never()).stopDeployment(any(), org.mockito.ArgumentMatchers.anyBoolean());
        assertThat(promotion.codeDeploy()).isEqualTo("reported BeforeAllowTraffic Succeeded");
        assertThat(promotion.notified()).isTrue();
    }

    @Test
    void thePromotionIsAlsoPublishedToTheTopicTheSpecNames() {
        specNamingTheTeamsTopic();
        DeploymentPlan plan = planFromHook();
        passThrough(plan, 2);

        // when it is promoted
        tasks.finalizeDeployment().run(plan);

        // then the message names the spec's topic as well as going to the stack's
        assertThat(fx.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.outcome()).isEqualTo(Status.PROMOTED));
        assertThat(fx.notifier.specTopics()).singleElement().asString().startsWith(TEAM_TOPIC + ": ");
    }

    @Test
    void aRepeatedFinalizeReportsAgainHarmlesslyButPublishesOnce() {
        DeploymentPlan plan = planFromHook();
        passThrough(plan, 2);
        tasks.finalizeDeployment().run(plan);
        when(fx.hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.ALREADY_COMPLETED);

        Promotion again = tasks.finalizeDeployment().run(plan);

        assertThat(again.notified()).isFalse();
        assertThat(again.codeDeploy()).contains("already had a status");
        assertThat(fx.notifier.published()).hasSize(1);
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.PROMOTED);
    }
}
