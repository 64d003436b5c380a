package dev.cutover.core.traffic;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * Moves production traffic to given weights and proves it got there: apply, then read back. A load balancer that
 * accepted a change but reports another split is a failed shift, not a success. Shifting to the weights the route
 * already has is harmless and still verified.
 */
public final class TrafficShifter {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficShifter.class);

    private final TrafficRouter router;

    public TrafficShifter(TrafficRouter router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    /**
     * Sets the routing's production route to {@code target} and returns the weights read back, equal to
     * {@code target}.
     *
     * @throws TrafficShiftException when the weights read back differ from {@code target}
     * @throws DependencyException   when the router fails (transient faults as
     *                               {@link dev.cutover.core.error.TransientDependencyException}, unchanged so callers
     *                               and Step Functions can retry them)
     */
    public Weights shift(Routing routing, Weights target) {
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(target, "target");
        router.apply(routing, target);
        Weights actual = router.read(routing);
        if (!actual.equals(target)) {
            throw new TrafficShiftException(
                    "traffic shift on " + Routes.describe(routing) + " did not take: expected " + target
                            + " but read back " + actual,
                    target,
                    actual,
                    null);
        }
        LOG.info("traffic on {} is now {}", Routes.describe(routing), actual);
        return actual;
    }
}
