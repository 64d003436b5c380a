package dev.cutover.testing;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link TrafficRouter} must do, whatever carries the traffic (a load balancer listener, DNS records, the
 * local router, memory). An implementation's test extends this and prepares, in its own {@code @BeforeEach}, a
 * router and a route that sends all production traffic to the first of the routing's two target groups; the
 * contract asks for them only inside its tests, after that setup has run.
 */
public abstract class TrafficRouterContract {

    /** The router under test. */
    protected abstract TrafficRouter router();

    /**
     * A routing whose roles are resolved (blue is {@code targetGroupArns[0]}, green {@code [1]}) and whose route
     * sends all production traffic to blue.
     */
    protected abstract Routing routing();

    /**
     * A routing whose route sends traffic somewhere other than its blue and green (another target group, another
     * record), which the router must refuse to read or change; empty for a router that has no such notion (memory
     * keeps whatever route it is asked for).
     */
    protected Optional<Routing> routingPointingElsewhere() {
        return Optional.empty();
    }

    @Test
    void aRouteOnBlueReadsAllBlue() {
        assertThat(router().read(routing())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void eachSplitAppliedIsTheSplitReadBack() {
        for (int green : List.of(1, 10, 50, 99)) {
            router().apply(routing(), Weights.ofGreenPercent(green));

            assertThat(router().read(routing())).isEqualTo(Weights.ofGreenPercent(green));
        }
    }

    @Test
    void allOnGreenAndBackToAllOnBlue() {
        router().apply(routing(), Weights.ALL_GREEN);
        assertThat(router().read(routing())).isEqualTo(Weights.ALL_GREEN);

        router().apply(routing(), Weights.ALL_BLUE);
        assertThat(router().read(routing())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void theDeploymentsRolesDecideWhichGroupIsBlue() {
        router().apply(routing(), Weights.ofGreenPercent(30));

        // the next deployment: the group that took 30% is now the live one
        List<String> groups = routing().targetGroupArns();
        Routing next = routing().withRoles(new TargetGroupRoles(groups.get(1), groups.get(0)));

        assertThat(router().read(next)).isEqualTo(Weights.ofGreenPercent(70));
        router().apply(next, Weights.ofGreenPercent(10));
        assertThat(router().read(routing())).isEqualTo(Weights.ofGreenPercent(90));
    }

    @Test
    void aRouteSendingTrafficElsewhereIsRefusedOnReadAndOnApply() {
        Optional<Routing> elsewhere = routingPointingElsewhere();
        assumeTrue(elsewhere.isPresent(), "this router keeps any route it is asked for");

        assertThatThrownBy(() -> router().read(elsewhere.get())).isInstanceOf(DependencyException.class);
        assertThatThrownBy(() -> router().apply(elsewhere.get(), Weights.ALL_BLUE))
                .isInstanceOf(DependencyException.class);
    }
}
