package dev.cutover.testing;

import java.time.Clock;

import dev.cutover.core.port.DeploymentLock;
import dev.cutover.memory.InMemoryDeploymentLock;

/** {@link InMemoryDeploymentLock} against the lock contract; it has no storage of its own to test. */
class InMemoryDeploymentLockTest extends DeploymentLockContract {

    @Override
    protected DeploymentLock newLock(Clock clock) {
        return new InMemoryDeploymentLock(clock);
    }
}
