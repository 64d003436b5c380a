package dev.cutover.testing;

import dev.cutover.memory.InMemoryDeploymentLock;

import java.time.Clock;

import dev.cutover.testing.DeploymentLockContract;
import dev.cutover.core.port.DeploymentLock;

/** {@link InMemoryDeploymentLock} against the lock contract; it has no storage of its own to test. */
class InMemoryDeploymentLockTest extends DeploymentLockContract {

    @Override
    protected DeploymentLock newLock(Clock clock) {
        return new InMemoryDeploymentLock(clock);
    }
}
