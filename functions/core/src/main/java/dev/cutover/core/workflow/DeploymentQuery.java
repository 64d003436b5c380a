package dev.cutover.core.workflow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;

/**
 * The ledger's answers to {@code cutover status} and {@code cutover history}: read only, over any ledger store.
 */
public final class DeploymentQuery {

    private final DeploymentLedger ledger;

    public DeploymentQuery(DeploymentLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The deployment of that id, if the ledger has it. */
    public Optional<DeploymentRecord> deployment(String deploymentId) {
        return ledger.find(deploymentId);
    }

    /** The service's deployment in flight, else its most recently started one, if it has any. */
    public Optional<DeploymentRecord> latest(String service) {
        Optional<DeploymentRecord> inFlight = ledger.findInFlight(service);
        return inFlight.isPresent()
                ? inFlight
                : ledger.history(service, 1).stream().findFirst();
    }

    /** The service's deployments, newest first, at most {@code limit}. */
    public List<DeploymentRecord> history(String service, int limit) {
        return ledger.history(service, limit);
    }
}
