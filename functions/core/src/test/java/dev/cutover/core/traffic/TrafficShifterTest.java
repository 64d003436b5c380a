package dev.cutover.core.traffic;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.memory.InMemoryTrafficRouter.ApplyOutcome;
import dev.cutover.memory.InMemoryTrafficRouter.Faults;

import static dev.cutover.core.traffic.TrafficFixtures.LISTENER;
import static dev.cutover.core.traffic.TrafficFixtures.listenerRouting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TrafficShifterTest {

    private final Routing routing = listenerRouting();

    @Test
    void appliesAndReturnsTheWeightsReadBack() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter();

        Weights result = new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(10));

        assertThat(result).isEqualTo(new Weights(90, 10));
        assertThat(router.read(routing)).isEqualTo(new Weights(90, 10));
        assertThat(router.requested(routing)).containsExactly(new Weights(90, 10));
    }

    @Test
    void aRouterThatTakesOtherWeightsIsAFailedShiftNamingBoth() {
        // a load balancer that accepts the change but keeps sending 30% to green
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return ApplyOutcome.takes(Weights.ofGreenPercent(30));
            }
        });

        TrafficShiftException e = catchThrowableOfType(
                TrafficShiftException.class,
                () -> new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(50)));

        assertThat(e.getMessage()).contains("expected blue 50 / green 50", "read back blue 70 / green 30", LISTENER);
        assertThat(e.expected()).isEqualTo(new Weights(50, 50));
        assertThat(e.lastRead()).contains(new Weights(70, 30));
    }

    @Test
    void shiftingToWhereTrafficAlreadyIsStillVerifiesAndChangesNothing() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50));
        TrafficShifter shifter = new TrafficShifter(router);

        assertThat(shifter.shift(routing, Weights.ofGreenPercent(50))).isEqualTo(Weights.ofGreenPercent(50));
        assertThat(shifter.shift(routing, Weights.ofGreenPercent(50))).isEqualTo(Weights.ofGreenPercent(50));

        assertThat(router.history(routing)).containsExactly(Weights.ofGreenPercent(50));
    }

    @Test
    void shiftingToWhereTrafficAlreadyIsStillCatchesABadReadBack() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50), new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return ApplyOutcome.takes(Weights.ALL_GREEN);
            }
        });

        assertThatThrownBy(() -> new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(50)))
                .isInstanceOf(TrafficShiftException.class)
                .hasMessageContaining("read back blue 0 / green 100");
    }

    @Test
    void transientRouterFaultsReachTheCallerUnchangedSoTheyCanBeRetried() {
        TransientDependencyException throttled = new TransientDependencyException("ELBv2 throttled", null);
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return ApplyOutcome.fails(throttled);
            }
        });

        assertThatThrownBy(() -> new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(10)))
                .isSameAs(throttled);
        assertThat(router.read(routing)).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void aFailedReadBackIsADependencyFault() {
        DependencyException unreadable = new DependencyException("listener not found");
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new Faults() {
            @Override
            public void beforeRead(Routing r, Weights current) {
                throw unreadable;
            }
        });

        assertThatThrownBy(() -> new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(10)))
                .isSameAs(unreadable);
    }
}
