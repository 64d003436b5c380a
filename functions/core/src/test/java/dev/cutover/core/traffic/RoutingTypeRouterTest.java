package dev.cutover.core.traffic;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.memory.InMemoryTrafficRouter;

import static org.assertj.core.api.Assertions.assertThat;

/** Each routing goes to the router of its type, and only there. */
class RoutingTypeRouterTest {

    private final InMemoryTrafficRouter loadBalancer = new InMemoryTrafficRouter();
    private final InMemoryTrafficRouter dns = new InMemoryTrafficRouter();
    private final RoutingTypeRouter router = new RoutingTypeRouter(loadBalancer, dns);

    @Test
    void aLoadBalancerRoutingMovesTheListenerAndADnsRoutingTheRecords() {
        Routing elb = TrafficFixtures.listenerRouting();
        Routing route53 = elb.withDns(new DnsRecords(
                "Z0123456789ABCDEFGHIJ",
                "orders.example.com",
                DnsRecords.Type.CNAME,
                Optional.of(Duration.ofSeconds(30)),
                List.of("orders-a", "orders-b")));

        router.apply(elb, Weights.ofGreenPercent(10));
        router.apply(route53, Weights.ofGreenPercent(60));

        assertThat(loadBalancer.requested(elb)).containsExactly(Weights.ofGreenPercent(10));
        assertThat(dns.requested(route53)).containsExactly(Weights.ofGreenPercent(60));
        assertThat(router.read(elb)).isEqualTo(Weights.ofGreenPercent(10));
        assertThat(router.read(route53)).isEqualTo(Weights.ofGreenPercent(60));
    }
}
