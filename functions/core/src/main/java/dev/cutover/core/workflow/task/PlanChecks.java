package dev.cutover.core.workflow.task;

import java.util.Objects;

import dev.cutover.core.error.DeploymentNotFoundException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;

/** What the tasks after ValidateAndLock check of the plan they are handed, worded alike. */
final class PlanChecks {

    private PlanChecks() {}

    /** @throws InvalidWorkflowInputException when {@code stage} is not one of the plan's stages */
    static void requireStageOf(DeploymentPlan plan, PlannedStage stage) {
        Objects.requireNonNull(stage, "stage");
        if (!plan.stages().contains(stage)) {
            throw new InvalidWorkflowInputException(
                    "task payload",
                    "stage",
                    stage + " with bake "
                            + stage.bakeSeconds() + " s is not one of deployment " + plan.deploymentId() + "'s stages "
                            + plan.stages());
        }
    }

    /**
     * @throws DeploymentNotFoundException when the ledger has no entry for the plan's deployment: a payload for a
     *                                     deployment ValidateAndLock never planned (a hand-written one, or a ledger
     *                                     other than the one it wrote)
     */
    static DeploymentRecord recordOf(DeploymentLedger ledger, DeploymentPlan plan) {
        return ledger.find(plan.deploymentId())
                .orElseThrow(() -> new DeploymentNotFoundException(
                        plan.deploymentId(),
                        "running this task for " + plan.service()
                                + " (ValidateAndLock records every deployment it plans: was this plan made by it,"
                                + " against the same ledger?)"));
    }
}
