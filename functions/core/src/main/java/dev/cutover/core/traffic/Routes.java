package dev.cutover.core.traffic;

import dev.cutover.core.spec.Routing;

/** How messages name the route a {@link dev.cutover.core.port.TrafficRouter} changes. */
final class Routes {

    private Routes() {}

    /** {@code listener <arn>}, {@code rule <arn> of listener <arn>}, or the DNS records. */
    static String describe(Routing routing) {
        if (routing.dns().isPresent()) {
            return routing.dns().get().toString();
        }
        return routing.productionRuleArn()
                .map(rule -> "rule " + rule + " of listener " + routing.productionListenerArn())
                .orElseGet(() -> "listener " + routing.productionListenerArn());
    }
}
