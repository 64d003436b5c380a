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
 */
public record LockLease(String service, String deploymentId, Instant acquiredAt, Instant expiresAt) {

    public LockLease {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
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

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must be a non-blank string, was " + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
