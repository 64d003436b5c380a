package dev.cutover.core.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What Finalize did, placed at {@code $.result}:
 * {@code {"status": "PROMOTED", "deploymentId", "service", "stageReached": 100, "codeDeploy": "..."}}.
 *
 * @param deploymentId the deployment
 * @param service      the service
 * @param stageReached green's share at the end (the last stage, 100)
 * @param codeDeploy   what became of the CodeDeploy hook, in words ("no CodeDeploy hook" when standalone)
 * @param notified     whether this call published the outcome (false on a retry that found it already recorded,
 *                     or when publishing failed)
 * @param rollbackWindowEndsAt when the spec keeps blue after the promotion ({@code rollback.windowMinutes}): when
 *                     that window ends, as the ledger records it; the workflow waits until then and closes it
 */
public record Promotion(
        String deploymentId,
        String service,
        int stageReached,
        String codeDeploy,
        boolean notified,
        Optional<Instant> rollbackWindowEndsAt) {

    public Promotion {
        Objects.requireNonNull(rollbackWindowEndsAt, "rollbackWindowEndsAt");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
    }
}
