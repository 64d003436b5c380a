package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.Reporting;
import dev.cutover.core.workflow.SpecResolver;

/**
 * The function behind the AwaitApproval state ({@code arn:aws:states:::lambda:invoke.waitForTaskToken}): records in
 * the ledger that the deployment waits at the stage's approval gate, with the task token {@code cutover approve} and
 * {@code cutover deny} answer with, and tells people how to answer. It returns at once; the state waits for
 * SendTaskSuccess (the shift goes ahead), SendTaskFailure with
 * {@link dev.cutover.core.error.ApprovalDeniedException} (the Map fails into Rollback) or its own timeout
 * ({@code States.Timeout}, into Rollback).
 */
public final class RequestApproval {

    private static final Logger LOG = LoggerFactory.getLogger(RequestApproval.class);

    private final DeploymentLedger ledger;
    private final Notifier notifier;
    private final Clock clock;
    private final SpecResolver specs;

    /** @param specs where the plan's spec is read for the topic it names */
    public RequestApproval(DeploymentLedger ledger, Notifier notifier, Clock clock, SpecResolver specs) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param taskToken the waiting state's token ({@code $$.Task.Token})
     * @return the approval recorded
     * @throws InvalidWorkflowInputException when the stage has no approval gate or is not the plan's
     * @throws DeploymentFinishedException   when the deployment has already ended (aborted, rolled back): nobody is
     *                                       asked, and the state fails into Rollback, which changes nothing more
     */
    public PendingApproval run(DeploymentPlan plan, PlannedStage stage, String taskToken) {
        PlanChecks.requireStageOf(plan, stage);
        if (stage.approvalTimeoutSeconds().isEmpty()) {
            throw new InvalidWorkflowInputException(
                    "task payload", "stage", stage + " has no approval gate (approvalTimeoutSeconds)");
        }
        if (taskToken == null || taskToken.isBlank()) {
            throw new InvalidWorkflowInputException("task payload", "taskToken", "missing: pass $$.Task.Token");
        }
        Instant now = clock.instant();
        PendingApproval approval =
                new PendingApproval(taskToken, stage.index(), stage.percent(), now, now.plus(stage.approvalTimeout()));
        if (!ledger.awaitApproval(plan.deploymentId(), approval)) {
            DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
            throw new DeploymentFinishedException(record, "asking for approval of " + stage);
        }
        LOG.info(
                "deployment {} of {} waits for approval of {} until {}",
                plan.deploymentId(),
                plan.service(),
                stage,
                approval.expiresAt());
        Reporting.publish(
                notifier,
                new DeploymentNotification(
                        plan.service(),
                        plan.deploymentId(),
                        Status.IN_PROGRESS,
                        stage.percent(),
                        "The shift to " + stage.percent() + "% on green waits for approval until "
                                + approval.expiresAt() + ". Approve: cutover approve " + plan.deploymentId()
                                + "  Deny: cutover deny " + plan.deploymentId()
                                + ". Without an answer the deployment rolls back to blue.",
                        Optional.of("awaits approval for " + stage.percent() + "%")),
                specs.topicOf(plan));
        return approval;
    }
}
