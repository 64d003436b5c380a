package dev.cutover.core.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;

/**
 * The rules of a {@link DeploymentLock}'s lease, written once for every store (DynamoDB, PostgreSQL, memory). A
 * store applies {@link #claim} atomically in its own terms (a conditional write, an {@code ON CONFLICT ... WHERE});
 * everything else it calls as is. Pure functions: no clock, no store.
 */
public final class LeaseRules {

    private LeaseRules() {}

    /** What an acquire by a deployment does to the lease it finds. */
    public enum Claim {
        /** No lease, or one that has expired: the deployment takes the lock afresh. */
        TAKE,
        /** The deployment's own live lease: extended, keeping when it was first taken. */
        RENEW,
        /** Another deployment's live lease: the acquire is refused, naming that lease. */
        REFUSE
    }

    /**
     * @param current      the lease stored for the service, if any (expired or not)
     * @param deploymentId the deployment asking for the lock
     * @param now          the store's "now", from its injected clock
     */
    public static Claim claim(Optional<LockLease> current, String deploymentId, Instant now) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(now, "now");
        if (current.isEmpty() || current.get().isExpiredAt(now)) {
            return Claim.TAKE;
        }
        return current.get().isHeldBy(deploymentId) ? Claim.RENEW : Claim.REFUSE;
    }

    /** The lease on the service as a reader sees it: nothing once it has expired. */
    public static Optional<LockLease> live(Optional<LockLease> stored, Instant now) {
        Objects.requireNonNull(now, "now");
        return stored.filter(lease -> !lease.isExpiredAt(now));
    }

    /** {@code held} renewed by its holder until {@code expiresAt}: only the expiry moves (its phase stays). */
    public static LockLease renewed(LockLease held, Instant expiresAt) {
        return new LockLease(held.service(), held.deploymentId(), held.acquiredAt(), expiresAt, held.phase());
    }

    /**
     * Whether a {@link DeploymentLock#renew renewal} by {@code deploymentId} may extend the stored lease: only its
     * own live lease still {@link LockLease.Phase#HELD}. A renewal never takes a free, expired or released lock, so
     * a task that resumes after a rollback released the lock cannot take it back.
     */
    public static boolean mayRenew(Optional<LockLease> stored, String deploymentId, Instant now) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        return live(stored, now).filter(lease -> lease.isFenceOf(deploymentId)).isPresent();
    }

    /** What {@link DeploymentLock#decide} does to the lease it finds. */
    public enum Decision {
        /** The deployment's own lease, still HELD: it moves to the asked phase; the caller decides. */
        DECIDE,
        /** Already in the asked phase (a retried task): the caller is still the decider. */
        REPEAT,
        /** Someone else decided, the lock was released, or another deployment holds it: the caller lost. */
        LOST
    }

    /**
     * Whether {@code deploymentId} may decide how its deployment ends (move its lease out of HELD into
     * {@code phase}). An expired lease still naming the deployment may be decided on: nobody took it over.
     */
    public static Decision decide(Optional<LockLease> stored, String deploymentId, LockLease.Phase phase) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(phase, "phase");
        if (phase == LockLease.Phase.HELD) {
            throw new IllegalArgumentException("a decision moves a lease out of HELD, not into it");
        }
        if (stored.isEmpty() || !stored.get().isHeldBy(deploymentId)) {
            return Decision.LOST;
        }
        LockLease.Phase current = stored.get().phase();
        return current == LockLease.Phase.HELD ? Decision.DECIDE : current == phase ? Decision.REPEAT : Decision.LOST;
    }

    /**
     * @return {@code ttl}, when it is a positive duration
     * @throws IllegalArgumentException otherwise
     */
    public static Duration requireTtl(Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("lock ttl must be a positive duration, was " + ttl);
        }
        return ttl;
    }

    /** When a lease taken at {@code now} starts, as the stores keep it: the whole second, rounded down. */
    public static Instant acquiredAt(Instant now) {
        return Instant.ofEpochSecond(now.getEpochSecond());
    }

    /**
     * When a lease taken or renewed at {@code now} for {@code ttl} lapses, as the stores keep it: the whole second,
     * rounded up, so a lease is never shorter than asked.
     */
    public static Instant expiresAt(Instant now, Duration ttl) {
        Instant end = now.plus(ttl);
        return end.getNano() == 0 ? end : Instant.ofEpochSecond(end.getEpochSecond() + 1);
    }
}
