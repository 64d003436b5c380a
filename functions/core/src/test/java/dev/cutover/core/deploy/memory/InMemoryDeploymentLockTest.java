package dev.cutover.core.deploy.memory;

import java.time.Clock;

import dev.cutover.core.deploy.DeploymentLockContract;
import dev.cutover.core.port.DeploymentLock;

/** {@link InMemoryDeploymentLock} against the lock contract; it has no storage of its own to test. */
class InMemoryDeploymentLockTest extends DeploymentLockContract {

    @Override
    protected DeploymentLock newLock(Clock clock) {
        return new InMemoryDeploymentLock(clock);
    }
}
