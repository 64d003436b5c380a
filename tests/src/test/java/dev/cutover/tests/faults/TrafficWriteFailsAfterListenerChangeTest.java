package dev.cutover.tests.faults;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.Weights;
import dev.cutover.memory.InMemoryTrafficRouter.ApplyOutcome;
import dev.cutover.memory.InMemoryTrafficRouter.Faults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: the load balancer changes the listener, then the call fails (a timeout after ModifyListener took,
 * a connection dropped before the answer). The write happened though the caller was told it did not: whatever
 * follows must read the listener back rather than trust its own idea of where traffic is.
 */
class TrafficWriteFailsAfterListenerChangeTest {

    /** The first apply of {@code target} changes the listener, then throws {@code failure}. */
    private static Faults failsAfterChanging(Weights target, RuntimeException failure) {
        AtomicInteger seen = new AtomicInteger();
        return new Faults() {
            @Override
            public ApplyOutcome onApply(dev.cutover.core.spec.Routing routing, Weights current, Weights requested) {
                return requested.equals(target) && seen.incrementAndGet() == 1
                        ? ApplyOutcome.failsLeaving(requested, failure)
                        : ApplyOutcome.takes(requested);
            }
        };
    }

    @Test
    void aTransientFailureAfterTheChangeIsRetriedAndTheDeploymentIsPromoted() throws Exception {
        FaultWorld world = new FaultWorld(failsAfterChanging(
                new Weights(50, 50),
                new TransientDependencyException("ModifyListener: read timed out after the request was sent", null)));

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        world.assertEnded(FaultWorld.DEPLOYMENT, Status.PROMOTED, "");
        assertThat(world.faults.invocations("ShiftTraffic")).isEqualTo(4);
    }

    @Test
    void aLastingFailureAfterTheChangeRollsTheHalfShiftedListenerBackToBlue() throws Exception {
        FaultWorld world = new FaultWorld(failsAfterChanging(
                new Weights(50, 50), new DependencyException("ModifyListener: AccessDenied for elasticloadbalancing")));

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, "ModifyListener");
        assertThat(world.router.history(world.routing()))
                .as("the listener went to 50% green though the write failed, then back to blue")
                .containsExactly(Weights.ALL_BLUE, new Weights(90, 10), new Weights(50, 50), Weights.ALL_BLUE);
    }

    @Test
    void aRollbackWriteThatFailsAfterTheChangeStillEndsOnBlue() throws Exception {
        FaultWorld world = new FaultWorld(failsAfterChanging(
                Weights.ALL_BLUE, new TransientDependencyException("ModifyListener: connection reset", null)));
        world.alarms.put(FaultWorld.ALARM, AlarmState.ALARM);

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, FaultWorld.ALARM);
    }
}
