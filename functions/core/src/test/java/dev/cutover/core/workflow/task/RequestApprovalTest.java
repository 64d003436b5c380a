package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An approval gate: recorded with its token, announced, cleared by the approved shift, refused once ended. */
class RequestApprovalTest {

    final WorkflowFixture fx = new WorkflowFixture();
    final WorkflowTaskSet tasks = fx.tasks();

    /** The fixture's plan with an hour's gate on stage 1 (50%). */
    DeploymentPlan gated(DeploymentPlan plan) {
        List<PlannedStage> stages = plan.stages().stream()
                .map(s -> s.index() == 1
                        ? new PlannedStage(s.index(), s.percent(), s.bakeSeconds(), Optional.of(3600L))
                        : s)
                .toList();
        return new DeploymentPlan(
                plan.deploymentId(),
                plan.service(),
                plan.standalone(),
                plan.specVersion(),
                plan.spec(),
                stages,
                plan.lockToken(),
                plan.codeDeploy(),
                plan.roles(),
                plan.rollbackWindowSeconds(),
                plan.route());
    }

    @Test
    void theGateIsRecordedAnnouncedAndClearedByTheApprovedShift() {
        DeploymentPlan plan = gated(fx.inFlight(tasks, 0));
        PlannedStage fifty = plan.stages().get(1);
        Instant now = fx.clock.instant();

        PendingApproval approval = tasks.requestApproval().run(plan, fifty, "token-1");

        assertThat(approval).isEqualTo(new PendingApproval("token-1", 1, 50, now, now.plus(Duration.ofHours(1))));
        assertThat(fx.record(CODEDEPLOY_ID).pendingApproval()).contains(approval);
        DeploymentNotification told =
                fx.notifier.published().get(fx.notifier.published().size() - 1);
        assertThat(told.subject()).isEqualTo("Cutover: orders d-ABCDEF123 awaits approval for 50%");
        assertThat(told.message())
                .contains("cutover approve d-ABCDEF123")
                .contains("cutover deny d-ABCDEF123")
                .contains(approval.expiresAt().toString());

        tasks.shiftTraffic().run(plan, fifty, Optional.of("alice"));

        DeploymentRecord record = fx.record(CODEDEPLOY_ID);
        assertThat(record.pendingApproval()).isEmpty();
        assertThat(record.lastStage().map(StageEntry::verdict)).contains("shifted (approved by alice)");
    }

    @Test
    void anEndedDeploymentIsNotPutBeforeAnyoneAgain() {
        DeploymentPlan plan = gated(fx.inFlight(tasks, 0));
        fx.ledger.finish(CODEDEPLOY_ID, Status.ABORTED, "aborted by bob", fx.clock.instant());

        assertThatThrownBy(() -> tasks.requestApproval().run(plan, plan.stages().get(1), "token-1"))
                .isInstanceOf(DeploymentFinishedException.class)
                .hasMessageContaining("aborted");
        assertThat(fx.record(CODEDEPLOY_ID).pendingApproval()).isEmpty();
    }

    @Test
    void aStageWithoutAGateOrAPayloadWithoutATokenIsRefused() {
        DeploymentPlan plan = gated(fx.inFlight(tasks, 0));

        assertThatThrownBy(() -> tasks.requestApproval().run(plan, plan.stages().get(2), "token-1"))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("no approval gate");
        assertThatThrownBy(() -> tasks.requestApproval().run(plan, plan.stages().get(1), " "))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("taskToken");
    }

    @Test
    void theLeaseCoversTheGatesStillAhead() {
        DeploymentPlan plan = gated(fx.inFlight(tasks, 0));

        assertThat(plan.timeLeftFrom(0))
                .as("stage 0's bakes onward plus stage 1's gate")
                .isEqualTo(plan.bakeFrom(0).plus(Duration.ofHours(1)));
        assertThat(plan.timeLeftFrom(1)).as("its own gate is answered").isEqualTo(plan.bakeFrom(1));
    }
}
