package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * The production listener's split between the blue and green target groups: ELBv2 on AWS, an in-memory or local
 * HTTP router elsewhere. The route is the production listener's default action, or the listener rule
 * {@link Routing#productionRuleArn()} names when it is present.
 *
 * <p>Implementations do not verify their own writes; {@code dev.cutover.core.traffic.TrafficShifter} reads back.
 */
public interface TrafficRouter {

    /**
     * The split the route applies now.
     *
     * @throws TransientDependencyException for throttling, 5xx and network faults
     * @throws DependencyException when the route cannot be read, or forwards somewhere other than the routing's
     *                             blue and green target groups
     */
    Weights read(Routing routing);

    /**
     * Sets the route's forward action to send {@code weights} to the blue and green target groups, leaving
     * everything else about the listener or rule as it is.
     *
     * @throws TransientDependencyException for throttling, 5xx and network faults
     * @throws DependencyException when the route refuses the change or has no forward action to change
     */
    void apply(Routing routing, Weights weights);
}
