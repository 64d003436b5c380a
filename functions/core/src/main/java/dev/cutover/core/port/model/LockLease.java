package dev.cutover.core.port.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a service's deployment lock, since when, and until when. A lease that has reached {@link #expiresAt()}
 * holds nothing any more: another deployment may take it over, so a dead execution cannot block a service forever.
 *
 * @param service      the service the lock guards
 * @param deploymentId the deployment holding it
 * @param acquiredAt   when that deployment first took it (a re-acquire by the same deployment keeps this)
 * @param expiresAt    when it lapses unless renewed; the lease is valid strictly before this instant
 * @param phase        the fence: {@link Phase#HELD} while the deployment may still move forward; once a rollback or
 *                     a promotion has decided how it ends, only that decider writes
 */
public record LockLease(String service, String deploymentId, Instant acquiredAt, Instant expiresAt, Phase phase) {

    /**
     * The lease's fencing state. Every forward write of a deployment (a traffic shift, a stage, a promotion) is
     * conditioned on its lease being {@link #HELD}; a rollback or a promotion first moves the lease out of
     * {@code HELD} in one atomic step, so exactly one of them decides, and a late writer finds it has lost.
     */
    public enum Phase {
        /** The deployment holds the lock and may shift, record stages and decide how it ends. */
        HELD,
        /** Finalize decided: the deployment is being promoted; nothing else may decide. */
        PROMOTING,
        /** A rollback decided (the workflow's or the alarm path's): only the rollback writes from now on. */
        ROLLING_BACK
    }

    /** A lease still {@link Phase#HELD}. */
    public LockLease(String service, String deploymentId, Instant acquiredAt, Instant expiresAt) {
        this(service, deploymentId, acquiredAt, expiresAt, Phase.HELD);
    }

    public LockLease {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(phase, "phase");
        if (expiresAt.isBefore(acquiredAt)) {
            throw new IllegalArgumentException("lease of " + service + " by " + deploymentId + " expires at "
                    + expiresAt + ", before it was acquired at " + acquiredAt);
        }
    }

    /** True from {@link #expiresAt()} on. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isHeldBy(String candidate) {
        return deploymentId.equals(candidate);
    }

    /** Whether {@code candidate} holds this lease and may still move forward (the fence is its own). */
    public boolean isFenceOf(String candidate) {
        return isHeldBy(candidate) && phase == Phase.HELD;
    }

    /** This lease in {@code next} phase. */
    public LockLease in(Phase next) {
        return new LockLease(service, deploymentId, acquiredAt, expiresAt, next);
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must be a non-blank string, was " + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
