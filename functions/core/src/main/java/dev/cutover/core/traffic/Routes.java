package dev.cutover.core.traffic;

import dev.cutover.core.spec.Routing;

/** How messages name the route a {@link dev.cutover.core.port.TrafficRouter} changes. */
final class Routes {

    private Routes() {}

    /** {@code listener <arn>} or {@code rule <arn> of listener <arn>}. */
    static String describe(Routing routing) {
        return routing.productionRuleArn()
                .map(rule -> "rule " + rule + " of listener " + routing.productionListenerArn())
                .orElseGet(() -> "listener " + routing.productionListenerArn());
    }
}
