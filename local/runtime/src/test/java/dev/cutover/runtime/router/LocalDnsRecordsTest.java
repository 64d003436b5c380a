package dev.cutover.runtime.router;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.testing.MutableClock;
import dev.cutover.testing.TrafficRouterContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local name server keeps the router contract, answers by weight, and its resolvers honour the TTL: after a
 * rollback a client that resolved green keeps reaching green until its answer expires, and no longer.
 */
class LocalDnsRecordsTest extends TrafficRouterContract {

    private static final URI BLUE = URI.create("http://127.0.0.1:9001");
    private static final URI GREEN = URI.create("http://127.0.0.1:9002");
    private static final DnsRecords RECORDS = new DnsRecords(
            "Z0123456789ABCDEFGHIJ",
            "orders.example.com",
            DnsRecords.Type.CNAME,
            Optional.of(Duration.ofSeconds(5)),
            List.of("orders-a", "orders-b"));

    /** Picks the record at the start of the range, then walks through it: weights decide the answers exactly. */
    private int next;

    private final LocalDnsRecords server = new LocalDnsRecords(
            RECORDS, Map.of("orders-a", BLUE, "orders-b", GREEN), Weights.ALL_BLUE, bound -> next++ % bound);

    @Override
    protected TrafficRouter router() {
        return server;
    }

    @Override
    protected Routing routing() {
        String listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/";
        return Routing.resolved(
                        listener + "1111111111111111",
                        Optional.empty(),
                        listener + "2222222222222222",
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/0123456789abcdef",
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-b/fedcba9876543210",
                        URI.create("http://127.0.0.1:8080"),
                        URI.create("http://127.0.0.1:8081"),
                        1,
                        Duration.ofMinutes(5))
                .withDns(RECORDS);
    }

    /** Another name than the one the local server holds. */
    @Override
    protected Optional<Routing> routingPointingElsewhere() {
        return Optional.of(routing()
                .withDns(new DnsRecords(
                        "Z0123456789ABCDEFGHIJ",
                        "billing.example.com",
                        DnsRecords.Type.CNAME,
                        Optional.of(Duration.ofSeconds(5)),
                        List.of("orders-a", "orders-b"))));
    }

    @Test
    void answersFollowTheWeights() {
        server.apply(routing(), Weights.ofGreenPercent(25));

        long green = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> server.resolve())
                .filter(a -> a.upstream().equals(GREEN))
                .count();

        assertThat(green).isEqualTo(25);
    }

    @Test
    void afterARollbackAClientThatResolvedGreenKeepsItForTheTtlAndThenGoesToBlue() {
        MutableClock clock = new MutableClock();
        server.apply(routing(), Weights.ALL_GREEN);
        LocalDnsRecords.Resolver client = new LocalDnsRecords.Resolver(server, clock);
        assertThat(client.resolve().upstream()).isEqualTo(GREEN);

        clock.advance(Duration.ofSeconds(1));
        server.apply(routing(), Weights.ALL_BLUE); // the rollback

        clock.advance(Duration.ofMillis(3_999));
        assertThat(client.resolve().upstream())
                .as("4.999 s after resolving: still cached")
                .isEqualTo(GREEN);
        clock.advance(Duration.ofMillis(1));
        assertThat(client.resolve().upstream()).as("the TTL has passed").isEqualTo(BLUE);
        assertThat(client.lookups()).isEqualTo(2);
    }
}
