package dev.cutover.core.port;

import java.time.Instant;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
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
     * Records how a deployment ended, which also ends it being the service's in-flight deployment. Finishing again
     * with the same status changes nothing (the first reason and time stay).
     *
     * @param status PROMOTED, ROLLED_BACK or FAILED
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
}
