package dev.cutover.core.error;

import dev.cutover.core.port.model.DeploymentRecord;

/**
 * The ledger says the deployment has already ended (typically: the alarm path rolled it back while the execution
 * was between states), so a task that would move it forward refuses: ShiftTraffic does not send traffic to green
 * and Finalize does not report the hook Succeeded. Step Functions sees this class's fully qualified name.
 */
public final class DeploymentFinishedException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;
    private final DeploymentRecord.Status status;

    /**
     * @param record the ledger's record, in a final status
     * @param refused what the task did not do, e.g. "shifting traffic to stage 2 (50% on green)"
     */
    public DeploymentFinishedException(DeploymentRecord record, String refused) {
        super("deployment " + record.deploymentId() + " of " + record.service() + " already ended: "
                + record.status().words()
                + record.finishedAt().map(at -> " at " + at).orElse("")
                + record.outcomeReason()
                        .filter(r -> !r.isBlank())
                        .map(r -> " (" + r + ")")
                        .orElse("")
                + "; not " + refused);
        this.deploymentId = record.deploymentId();
        this.status = record.status();
    }

    /**
     * The deployment is still in progress in the ledger but no longer holds its fence: a rollback (or a promotion)
     * has decided how it ends, or its lock was released, so this task's write would come too late.
     *
     * @param record the ledger's record (usually still in progress)
     * @param fence  what the lock says, e.g. "its lock is ROLLING_BACK"
     */
    public DeploymentFinishedException(DeploymentRecord record, String fence, String refused) {
        super("deployment " + record.deploymentId() + " of " + record.service() + " is being ended (" + fence
                + "); not " + refused);
        this.deploymentId = record.deploymentId();
        this.status = record.status();
    }

    public String deploymentId() {
        return deploymentId;
    }

    public DeploymentRecord.Status status() {
        return status;
    }
}
