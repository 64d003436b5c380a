package dev.cutover.core.traffic;

import java.util.Objects;

import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * The router of each routing's {@link Routing#type()}: the load balancer's for {@code elb}, the DNS records' for
 * {@code route53}. The routing comes with every call (a spec, or the route a plan recorded), so one wiring serves
 * stacks and deployments of either type.
 */
public final class RoutingTypeRouter implements TrafficRouter {

    private final TrafficRouter loadBalancer;
    private final TrafficRouter dns;

    public RoutingTypeRouter(TrafficRouter loadBalancer, TrafficRouter dns) {
        this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    @Override
    public Weights read(Routing routing) {
        return of(routing).read(routing);
    }

    @Override
    public void apply(Routing routing, Weights weights) {
        of(routing).apply(routing, weights);
    }

    private TrafficRouter of(Routing routing) {
        return switch (Objects.requireNonNull(routing, "routing").type()) {
            case ELB -> loadBalancer;
            case ROUTE53 -> dns;
        };
    }

    @Override
    public String toString() {
        return "routers by routing.type (elb: " + loadBalancer + ", route53: " + dns + ")";
    }
}
