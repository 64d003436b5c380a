package dev.cutover.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.traffic.TrafficShifter;
import dev.cutover.testing.TrafficRouterContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The adapter against moto's Route 53: a hosted zone holding two weighted records per name, made through the SDK;
 * the {@link TrafficRouterContract}, and what is particular to DNS records (their values, TTLs and alias targets
 * are left as they are, the set identifiers are exactly two, a TTL other than the spec's is refused).
 */
class Route53TrafficRouterTest extends TrafficRouterContract {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String GROUP_A =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/0123456789abcdef";
    private static final String GROUP_B =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-b/fedcba9876543210";
    private static final String LISTENER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/1111111111111111";
    private static final String NAME = "orders.example.com";

    private AwsClients clients;
    private Route53Client route53;
    private Route53TrafficRouter router;
    private String zone;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        route53 = clients.route53();
        router = new Route53TrafficRouter(route53);
        String id = route53.createHostedZone(r -> r.name("example.com").callerReference("cutover-test"))
                .hostedZone()
                .id();
        zone = id.substring(id.lastIndexOf('/') + 1);
        upsert(
                cname("orders-a", 100, "blue.orders.example.com", 30),
                cname("orders-b", 0, "green.orders.example.com", 30));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Override
    protected TrafficRouter router() {
        return router;
    }

    @Override
    protected Routing routing() {
        return routing(cnames(NAME, 30));
    }

    /** Another service's records under the same name: a third weighted record. */
    @Override
    protected Optional<Routing> routingPointingElsewhere() {
        upsert(cname("billing", 10, "billing.example.com", 30));
        return Optional.of(routing());
    }

    @Test
    void aShiftChangesOnlyTheWeightsOfBothRecordsInOneBatch() {
        new TrafficShifter(router).shift(routing(), Weights.ofGreenPercent(10));

        assertThat(records(NAME, RRType.CNAME))
                .extracting(
                        ResourceRecordSet::setIdentifier,
                        ResourceRecordSet::weight,
                        ResourceRecordSet::ttl,
                        r -> r.resourceRecords().get(0).value())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("orders-a", 90L, 30L, "blue.orders.example.com"),
                        org.assertj.core.groups.Tuple.tuple("orders-b", 10L, 30L, "green.orders.example.com"));
    }

    @Test
    void aliasRecordsKeepTheirTargetsAndGetNoTtl() {
        upsert(
                alias("orders-a", 255, "blue-123.us-east-1.elb.amazonaws.com"),
                alias("orders-b", 0, "green-456.us-east-1.elb.amazonaws.com"));
        Routing alias = routing(new DnsRecords(
                zone, "api.example.com.", DnsRecords.Type.A, Optional.empty(), List.of("orders-a", "orders-b")));

        assertThat(router.read(alias)).isEqualTo(Weights.ALL_BLUE);
        new TrafficShifter(router).shift(alias, Weights.ofGreenPercent(50));

        assertThat(records("api.example.com", RRType.A))
                .allSatisfy(r -> assertThat(r.weight()).isEqualTo(50L))
                .extracting(r -> r.aliasTarget().dnsName())
                .containsExactlyInAnyOrder(
                        "blue-123.us-east-1.elb.amazonaws.com", "green-456.us-east-1.elb.amazonaws.com");
    }

    @Test
    void theRecordsOfAnotherNameAreNotCountedAndAMissingRecordIsNamed() {
        upsert(cnameNamed("ordersx.example.com", "orders-b", 1, "x.example.com", 30));
        Routing missing = routing(new DnsRecords(
                zone,
                NAME,
                DnsRecords.Type.CNAME,
                Optional.of(Duration.ofSeconds(30)),
                List.of("orders-a", "orders-c")));

        DependencyException e = catchThrowableOfType(DependencyException.class, () -> router.read(missing));

        assertThat(e.getMessage()).contains("orders-c (green)", "found [orders-a (weight 100), orders-b (weight 0)]");
        assertThat(router.read(routing()))
                .as("the neighbour name is not counted")
                .isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void aThirdRecordIsRefusedNamingWhatWasFound() {
        upsert(cname("billing", 10, "billing.example.com", 30));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> router.apply(routing(), Weights.ALL_GREEN));

        assertThat(e.getMessage()).contains("billing (weight 10)", "orders-a (blue)", "orders-b (green)");
        assertThat(records(NAME, RRType.CNAME))
                .as("nothing written")
                .filteredOn(r -> r.setIdentifier().equals("orders-b"))
                .singleElement()
                .satisfies(r -> assertThat(r.weight()).isZero());
    }

    @Test
    void aTtlOtherThanTheSpecsIsRefusedSinceTheBakesWereCheckedAgainstIt() {
        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> router.read(routing(cnames(NAME, 5))));

        assertThat(e.getMessage()).contains("has TTL 30 s but routing.dns.ttlSeconds is 5 s");
    }

    @Test
    void bothWeightsAtZeroIsRefusedSinceRoute53WouldSplitEvenly() {
        upsert(cname("orders-a", 0, "blue.orders.example.com", 30));

        DependencyException e = catchThrowableOfType(DependencyException.class, () -> router.read(routing()));

        assertThat(e.getMessage()).contains("both have weight 0", "splitting evenly");
    }

    private DnsRecords cnames(String name, int ttl) {
        return new DnsRecords(
                zone,
                name,
                DnsRecords.Type.CNAME,
                Optional.of(Duration.ofSeconds(ttl)),
                List.of("orders-a", "orders-b"));
    }

    /** A resolved routing (blue orders-a's group, green orders-b's) switched by {@code records}. */
    static Routing routing(DnsRecords records) {
        return Routing.resolved(
                        LISTENER,
                        Optional.empty(),
                        LISTENER.replace("1111111111111111", "2222222222222222"),
                        GROUP_A,
                        GROUP_B,
                        URI.create("https://orders.example.com"),
                        URI.create("https://orders.example.com:8443"),
                        1,
                        Duration.ofMinutes(5))
                .withDns(records);
    }

    private static ResourceRecordSet cname(String id, long weight, String value, long ttl) {
        return cnameNamed(NAME, id, weight, value, ttl);
    }

    private static ResourceRecordSet cnameNamed(String name, String id, long weight, String value, long ttl) {
        return ResourceRecordSet.builder()
                .name(name)
                .type(RRType.CNAME)
                .setIdentifier(id)
                .weight(weight)
                .ttl(ttl)
                .resourceRecords(r -> r.value(value))
                .build();
    }

    private static ResourceRecordSet alias(String id, long weight, String loadBalancer) {
        return ResourceRecordSet.builder()
                .name("api.example.com")
                .type(RRType.A)
                .setIdentifier(id)
                .weight(weight)
                .aliasTarget(a ->
                        a.hostedZoneId("Z35SXDOTRQ7X7K").dnsName(loadBalancer).evaluateTargetHealth(false))
                .build();
    }

    private void upsert(ResourceRecordSet... sets) {
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(List.of(sets).stream()
                        .map(set -> software.amazon.awssdk.services.route53.model.Change.builder()
                                .action(ChangeAction.UPSERT)
                                .resourceRecordSet(set)
                                .build())
                        .toList())));
    }

    private List<ResourceRecordSet> records(String name, RRType type) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(r -> r.name().equals(name + ".") && r.type() == type)
                .toList();
    }
}
