package dev.cutover.core.error;

import java.time.Instant;
import java.util.Objects;

import dev.cutover.core.port.model.LockLease;

/**
 * Another deployment of the service holds its deployment lock. Thrown by ValidateAndLock; Step Functions sees
 * this class's name as the error, and people see the message, which names the holder and when its lease lapses.
 */
public final class DeploymentInProgressException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final String requestedBy;
    private final String holderDeploymentId;
    private final Instant holderAcquiredAt;
    private final Instant holderExpiresAt;

    /**
     * @param requestedBy the deployment that asked for the lock
     * @param holder      the lease that stopped it
     */
    public DeploymentInProgressException(String requestedBy, LockLease holder) {
        super("service " + holder.service() + " is locked by deployment " + holder.deploymentId()
                + " (acquired at " + holder.acquiredAt() + ", lease expires at " + holder.expiresAt()
                + "); deployment " + requestedBy + " cannot start until that one finishes or its lease expires");
        this.service = holder.service();
        this.requestedBy = Objects.requireNonNull(requestedBy, "requestedBy");
        this.holderDeploymentId = holder.deploymentId();
        this.holderAcquiredAt = holder.acquiredAt();
        this.holderExpiresAt = holder.expiresAt();
    }

    public String service() {
        return service;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public String holderDeploymentId() {
        return holderDeploymentId;
    }

    public Instant holderAcquiredAt() {
        return holderAcquiredAt;
    }

    public Instant holderExpiresAt() {
        return holderExpiresAt;
    }

    /** The lease that stopped the request. */
    public LockLease holder() {
        return new LockLease(service, holderDeploymentId, holderAcquiredAt, holderExpiresAt);
    }
}
