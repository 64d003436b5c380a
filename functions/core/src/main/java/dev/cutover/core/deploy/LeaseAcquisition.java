package dev.cutover.core.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;

/**
 * How a stored {@link DeploymentLock} acquires, written once for DynamoDB and PostgreSQL: write the lease
 * conditionally (the store applies {@link LeaseRules#claim}); if the write was refused, read who holds the lock and
 * refuse the deployment naming that lease; if nobody does any more (released or expired between the write and the
 * read), try again, and give up as transient after {@value #ROUNDS} rounds.
 */
public final class LeaseAcquisition {

    /** Rounds of "refused, but the lock was free again when we looked" before giving up as transient. */
    public static final int ROUNDS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(LeaseAcquisition.class);

    /** The store's atomic write of one round. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * Takes or renews the lease as {@link LeaseRules#claim} says, in one atomic step.
         *
         * @param acquiredAt when a lease taken afresh starts ({@link LeaseRules#acquiredAt})
         * @param expiresAt  when the taken or renewed lease lapses ({@link LeaseRules#expiresAt})
         * @return the lease now held, or empty when another deployment's live lease refused the write
         */
        Optional<LockLease> write(Instant acquiredAt, Instant expiresAt);
    }

    private LeaseAcquisition() {}

    /**
     * @param store  the store, as messages name it (e.g. {@code DynamoDB table cutover})
     * @param holder reads the service's live lease, as {@link DeploymentLock#holder} does
     * @return the lease now held
     * @throws DeploymentInProgressException when another deployment holds a live lease
     * @throws TransientDependencyException  when the lock changed hands every round
     * @throws IllegalArgumentException      when {@code ttl} is not positive
     */
    public static LockLease acquire(
            Clock clock,
            String service,
            String deploymentId,
            Duration ttl,
            String store,
            Attempt attempt,
            Supplier<Optional<LockLease>> holder) {
        LeaseRules.requireTtl(ttl);
        Objects.requireNonNull(attempt, "attempt");
        for (int round = 1; round <= ROUNDS; round++) {
            Instant now = clock.instant();
            Optional<LockLease> taken = attempt.write(LeaseRules.acquiredAt(now), LeaseRules.expiresAt(now, ttl));
            if (taken.isPresent()) {
                return taken.get();
            }
            Optional<LockLease> current = holder.get();
            if (current.isPresent()) {
                LOG.info(
                        "deployment {} refused: service {} is locked by {} until {}",
                        deploymentId,
                        service,
                        current.get().deploymentId(),
                        current.get().expiresAt());
                throw new DeploymentInProgressException(deploymentId, current.get());
            }
            // released or expired between our write and our read: try again
        }
        throw new TransientDependencyException(
                "the lock of service " + service + " in " + store + " changed hands " + ROUNDS
                        + " times while deployment " + deploymentId + " tried to take it; try again",
                null);
    }
}
