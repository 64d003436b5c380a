package dev.cutover.core.port;

import java.time.Duration;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.port.model.LockLease;

/**
 * One active deployment per service: a lease in DynamoDB on AWS, in memory locally. Leases expire so that an
 * execution that died without unlocking cannot hold a service forever; a deployment that runs longer than its
 * lease renews it by acquiring again.
 */
public interface DeploymentLock {

    /**
     * Takes the service's lock for {@code deploymentId} until {@code ttl} from now. Succeeds when the lock is free,
     * when the same deployment already holds it (a retried task: the lease is extended and keeps its
     * {@code acquiredAt}), or when another deployment's lease has expired (taken over).
     *
     * @return the lease now held
     * @throws DeploymentInProgressException when another deployment holds an unexpired lease; names it
     * @throws DependencyException           when the lock store cannot be reached
     * @throws IllegalArgumentException      when {@code ttl} is not positive or an id is blank
     */
    LockLease acquire(String service, String deploymentId, Duration ttl);

    /**
     * Extends {@code deploymentId}'s own live lease until {@code ttl} from now, and nothing else: a free, expired,
     * released or decided ({@link LockLease.Phase} not HELD) lock is left as it is ({@link
     * dev.cutover.core.deploy.LeaseRules#mayRenew}). One atomic conditional write.
     *
     * @return whether the lease was extended; false means the deployment no longer holds its fence
     * @throws DependencyException      when the lock store cannot be reached
     * @throws IllegalArgumentException when {@code ttl} is not positive or an id is blank
     */
    boolean renew(String service, String deploymentId, Duration ttl);

    /**
     * Decides how {@code deploymentId} ends: moves its lease from HELD to {@code phase} in one atomic conditional
     * write ({@link dev.cutover.core.deploy.LeaseRules#decide}). Finalize decides PROMOTING, a rollback
     * ROLLING_BACK; of the two racing, exactly one gets true, and every forward write checks the fence is still
     * HELD, so a late writer loses.
     *
     * @return true when the caller decided (or had already decided, for a retried task)
     * @throws DependencyException when the lock store cannot be reached
     */
    boolean decide(String service, String deploymentId, LockLease.Phase phase);

    /**
     * Gives the lock up if {@code deploymentId} holds it; otherwise does nothing (a retried release, or a lease
     * already taken over by someone else, which must not be freed by us).
     *
     * @throws DependencyException when the lock store cannot be reached
     */
    void release(String service, String deploymentId);

    /**
     * @return the unexpired lease on the service, or empty when the lock is free or its lease has expired
     * @throws DependencyException when the lock store cannot be reached
     */
    Optional<LockLease> holder(String service);
}
