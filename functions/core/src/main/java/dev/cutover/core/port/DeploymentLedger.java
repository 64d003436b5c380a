package dev.cutover.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.StageEntry;

/**
 * The record of every deployment: what was deployed, the stages it reached with their weights and verdicts, and
 * how and why it ended. DynamoDB on AWS, memory locally. Every write is safe to repeat, because Step Functions
 * retries tasks and the alarm path may race the workflow.
 */
public interface DeploymentLedger {

    /**
     * Records a deployment as started and makes it the service's in-flight deployment. Starting the same
     * deployment id again keeps the first record (a retried task); it is in flight again only if it has not
     * finished.
     *
     * @param record an {@link Status#IN_PROGRESS} record, usually {@link DeploymentRecord#started}
     * @throws IllegalArgumentException when the record is not in progress
     * @throws IllegalStateException    when the id is already recorded for another service
     * @throws DependencyException      when the ledger cannot be reached
     */
    void start(DeploymentRecord record);

    /**
     * Appends a stage to the deployment's history. An entry with the {@link StageEntry#sameFactAs same fact} as one
     * already recorded is ignored (a retried task). Entries are accepted after the deployment finished, too: a
     * rollback's weights are worth keeping.
     *
     * @throws IllegalStateException when no deployment with that id was started
     * @throws DependencyException   when the ledger cannot be reached
     */
    void stageReached(String deploymentId, StageEntry entry);

    /**
     * Records how a deployment ended, which also ends it being the service's in-flight deployment and clears any
     * pending approval. Finishing again with the same status changes nothing (the first reason and time stay).
     *
     * @param status PROMOTED, ROLLED_BACK, FAILED or ABORTED
     * @throws IllegalArgumentException when {@code status} is {@link Status#IN_PROGRESS}
     * @throws IllegalStateException    when no deployment with that id was started, or it already finished with
     *                                  another status (the message names both)
     * @throws DependencyException      when the ledger cannot be reached
     */
    void finish(String deploymentId, Status status, String reason, Instant at);

    /** @throws DependencyException when the ledger cannot be reached */
    Optional<DeploymentRecord> find(String deploymentId);

    /**
     * @return the service's most recently started deployment, if it is still in progress
     * @throws DependencyException when the ledger cannot be reached
     */
    Optional<DeploymentRecord> findInFlight(String service);

    /**
     * The service's deployments, most recently started first, at most {@code limit} of them. On DynamoDB this reads
     * a global secondary index, which is eventually consistent: a deployment started a moment ago may be missing.
     *
     * @param limit 1..{@value dev.cutover.core.deploy.LedgerRules#MAX_HISTORY}
     * @throws IllegalArgumentException when {@code limit} is out of range
     * @throws DependencyException      when the ledger cannot be reached
     */
    List<DeploymentRecord> history(String service, int limit);

    /**
     * Records that the deployment waits at an approval gate, replacing any approval recorded before (a retried
     * request has a new task token). Conditional on the deployment being in progress.
     *
     * @return false when the deployment is not in progress (nothing was written)
     * @throws IllegalStateException when no deployment with that id was started
     * @throws DependencyException   when the ledger cannot be reached
     */
    boolean awaitApproval(String deploymentId, PendingApproval approval);

    /**
     * Records that the deployment no longer waits at the approval gate of {@code stageIndex} (it was answered).
     * Only that stage's pending approval is cleared, and only while the deployment is in progress.
     *
     * @return whether a pending approval was cleared (false: none for that stage, or a repeat)
     * @throws IllegalStateException when no deployment with that id was started
     * @throws DependencyException   when the ledger cannot be reached
     */
    boolean clearApproval(String deploymentId, int stageIndex);

    /**
     * Records the rollback window of a promoted deployment, open until {@code endsAt}. Only a PROMOTED deployment
     * without a window gets one; a repeat keeps the first.
     *
     * @return whether the window was recorded by this call
     * @throws IllegalStateException when no deployment with that id was started
     * @throws DependencyException   when the ledger cannot be reached
     */
    boolean openRollbackWindow(String deploymentId, Instant endsAt);

    /**
     * Closes the deployment's rollback window at {@code at}. Idempotent: a window already closed keeps its first
     * close, and a deployment without a window is left alone.
     *
     * @return whether this call closed it
     * @throws IllegalStateException when no deployment with that id was started
     * @throws DependencyException   when the ledger cannot be reached
     */
    boolean closeRollbackWindow(String deploymentId, Instant at);

    /**
     * Turns a promotion into a rollback, inside its rollback window: a PROMOTED deployment whose window is open at
     * {@code at} (not closed, {@code at} before its end) becomes ROLLED_BACK with {@code reason} and finish time
     * {@code at}, and its window closes at {@code at}, in one conditional write.
     *
     * @return whether it was rolled back by this call (false: not promoted, no window, or the window was closed or
     *     over at {@code at}; nothing was written)
     * @throws IllegalStateException when no deployment with that id was started
     * @throws DependencyException   when the ledger cannot be reached
     */
    boolean rollBackInsideWindow(String deploymentId, String reason, Instant at);
}
