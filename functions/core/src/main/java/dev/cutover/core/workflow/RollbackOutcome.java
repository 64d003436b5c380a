package dev.cutover.core.workflow;

import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.Weights;

/**
 * What Rollback did, placed at {@code $.rollback} (the execution's Fail state shows {@code reason} as its cause):
 * {@code {"reason", "weights": {"blue": 100, "green": 0} | null, "status", "deploymentId", "service", "codeDeploy"}}.
 *
 * @param deploymentId    the deployment, when known
 * @param service         the service, when known
 * @param reason          why the deployment was rolled back
 * @param weights         where traffic ended, read back; empty when traffic was not touched (ValidateAndLock
 *                        failed, or another deployment owns the lock)
 * @param status          how the ledger records the deployment's end: ROLLED_BACK, or FAILED when it was refused
 *                        before any traffic moved
 * @param codeDeploy      what became of the CodeDeploy deployment, in words
 * @param alreadyFinished true when the ledger already had the deployment's end (a repeated rollback): nothing was
 *                        reported or published again
 */
public record RollbackOutcome(
        Optional<String> deploymentId,
        Optional<String> service,
        String reason,
        Optional<Weights> weights,
        Status status,
        String codeDeploy,
        boolean alreadyFinished) {

    public RollbackOutcome {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
    }
}
