package dev.cutover.runtime.router;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.spec.Routing;
import dev.cutover.testing.TrafficRouterContract;

/**
 * The local router keeps the contract every router keeps, once its upstream slots are bound to target groups; no
 * request is proxied, so its upstreams need not run.
 */
class LocalRouterContractTest extends TrafficRouterContract {

    private static final String GROUP_A =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/0123456789abcdef";
    private static final String GROUP_B =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-b/fedcba9876543210";

    private LocalRouter router;

    @BeforeEach
    void start() {
        router = LocalRouter.start(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"));
        router.bindTargetGroups(GROUP_A, GROUP_B);
    }

    @AfterEach
    void stop() {
        router.close();
    }

    @Override
    protected TrafficRouter router() {
        return router;
    }

    @Override
    protected Routing routing() {
        return routing(GROUP_A, GROUP_B);
    }

    /** A routing naming another service's group, which is not behind this router. */
    @Override
    protected Optional<Routing> routingPointingElsewhere() {
        return Optional.of(routing(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/billing/0467ef3c8400ae65", GROUP_B));
    }

    private static Routing routing(String blue, String green) {
        String listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/";
        return Routing.resolved(
                listener + "1111111111111111",
                Optional.empty(),
                listener + "2222222222222222",
                blue,
                green,
                URI.create("http://127.0.0.1:8080"),
                URI.create("http://127.0.0.1:8081"),
                1,
                Duration.ofMinutes(5));
    }
}
