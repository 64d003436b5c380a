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
