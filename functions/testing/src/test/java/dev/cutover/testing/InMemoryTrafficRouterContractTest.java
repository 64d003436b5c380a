package dev.cutover.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.spec.Routing;
import dev.cutover.memory.InMemoryTrafficRouter;

/** The in-memory router keeps the contract every router keeps (it has no notion of a route pointing elsewhere). */
class InMemoryTrafficRouterContractTest extends TrafficRouterContract {

    private final InMemoryTrafficRouter router = new InMemoryTrafficRouter();

    @Override
    protected TrafficRouter router() {
        return router;
    }

    @Override
    protected Routing routing() {
        return Routing.resolved(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/1111111111111111",
                Optional.empty(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/2222222222222222",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/0123456789abcdef",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-b/fedcba9876543210",
                URI.create("https://orders.example.com"),
                URI.create("https://orders.example.com:8443"),
                1,
                Duration.ofMinutes(5));
    }
}
