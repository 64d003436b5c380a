package dev.cutover.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * Shifts production traffic by the weights of two Route 53 weighted records ({@code routing.type: route53}): the
 * record whose set identifier belongs to blue's target group and the one that belongs to green's.
 *
 * <p>Weights: Route 53 sends each record's weight over the sum of the group's weights, each weight 0..255
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html). Cutover writes its
 * percentages as they are (blue 90, green 10), which is exact and inside that range; since Cutover's shares always
 * sum to 100, it never writes both records at 0, which Route 53 would answer by splitting evenly ("Weight" in
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html). On read, any
 * pair of weights is turned into percent as the load balancer router does (a weight above 0 never rounds to 0%); a
 * pair both at 0 is refused, since it does not say which version is live.
 *
 * <p>A write is one {@code ChangeResourceRecordSets} batch that UPSERTs both records, each sent back as read but for
 * its weight (the alias target, or the CNAME value and TTL, stay the operator's), so the two change together:
 * Route 53 applies a batch all or nothing
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html). It then polls
 * {@code GetChange} until the change is INSYNC, i.e. on every Route 53 authoritative server
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html), within the invocation's deadline
 * ({@link InvocationDeadline}); a change still PENDING then is a {@link TransientDependencyException}, and the
 * retry's UPSERT of the same weights is harmless.
 *
 * <p>Reading lists the records of the name and type ({@code ListResourceRecordSets}); anything other than exactly
 * the two set identifiers (a third weighted record, a simple record, one missing) is a {@link DependencyException}
 * naming what was found, so a routing naming the wrong record cannot take it over. A CNAME whose TTL differs from
 * {@code routing.dns.ttlSeconds} is refused too: the spec's bake rule was checked against that TTL.
 *
 * <p>SDK failures: throttling, 5xx, network errors and {@code PriorRequestNotComplete} (a change to the zone still
 * being applied, "Errors" of ChangeResourceRecordSets) are transient; the rest are not.
 */
public final class Route53TrafficRouter implements TrafficRouter {

    /** How long {@code GetChange} is polled when the invocation sets no deadline. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(120);

    /** Left for the task to record and return after the last poll. */
    static final Duration RETURN_MARGIN = Duration.ofSeconds(5);

    static final Duration FIRST_POLL = Duration.ofMillis(500);
    static final Duration MAX_POLL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Route53TrafficRouter.class);
    private static final int PAGE = 10;

    /** Asked for the client on first use: a stack that routes by its load balancer never builds one. */
    private final Supplier<Route53Client> client;

    private final Clock clock;
    private final Sleeper sleeper;

    public Route53TrafficRouter(Supplier<Route53Client> client, Clock clock, Sleeper sleeper) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public Route53TrafficRouter(Route53Client route53, Clock clock, Sleeper sleeper) {
        this(() -> route53, clock, sleeper);
        Objects.requireNonNull(route53, "route53");
    }

    public Route53TrafficRouter(Route53Client route53) {
        this(route53, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** The client made on first use, the system clock and real sleeping. */
    public Route53TrafficRouter(Supplier<Route53Client> client) {
        this(client, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    @Override
    public Weights read(Routing routing) {
        Pair pair = pair(routing);
        long blue = pair.blue().weight();
        long green = pair.green().weight();
        if (blue + green == 0) {
            throw new DependencyException(records(routing) + " both have weight 0, which Route 53 answers by splitting"
                    + " evenly; Cutover never writes that, so it cannot tell which version is live: set blue's record "
                    + routing.blueSetIdentifier() + " to a weight above 0");
        }
        Weights weights = Weights.ofGreenPercent(ElbTrafficRouter.greenPercent(blue, green));
        LOG.debug("{} weigh {}", records(routing), weights);
        return weights;
    }

    @Override
    public void apply(Routing routing, Weights weights) {
        Objects.requireNonNull(weights, "weights");
        DnsRecords records = records(routing);
        Pair pair = pair(routing);
        List<Change> changes =
                List.of(upsert(pair.blue(), weights.blue(), records), upsert(pair.green(), weights.green(), records));
        ChangeInfo change = call(
                        "ChangeResourceRecordSets",
                        records,
                        () -> client.get()
                                .changeResourceRecordSets(r -> r.hostedZoneId(records.hostedZoneId())
                                        .changeBatch(b ->
                                                b.comment("cutover: " + weights).changes(changes))))
                .changeInfo();
        awaitInSync(records, change, weights);
        LOG.info(
                "set {} to {} (blue {} -> {}, green {} -> {})",
                records,
                weights,
                routing.blueSetIdentifier(),
                weights.blue(),
                routing.greenSetIdentifier(),
                weights.green());
    }

    private void awaitInSync(DnsRecords records, ChangeInfo change, Weights weights) {
        Duration limit = InvocationDeadline.remaining(clock)
                .map(left -> left.minus(RETURN_MARGIN))
                .filter(left -> left.compareTo(DEFAULT_SYNC_TIMEOUT) < 0)
                .orElse(DEFAULT_SYNC_TIMEOUT);
        Instant until = clock.instant().plus(limit);
        Duration pause = FIRST_POLL;
        ChangeInfo info = change;
        while (info.status() != ChangeStatus.INSYNC) {
            if (!clock.instant().plus(pause).isBefore(until)) {
                throw new TransientDependencyException(
                        "Route 53 change " + info.id() + " of " + records + " to "
                                + weights + " is still " + info.statusAsString() + " after " + limit.toSeconds()
                                + " s (the invocation's time): retried, the same weights are written again",
                        null);
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientDependencyException(
                        "interrupted while waiting for Route 53 change " + info.id() + " of " + records, e);
            }
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
            String id = info.id();
            info = call("GetChange", records, () -> client.get().getChange(r -> r.id(id)))
                    .changeInfo();
        }
    }

    /** The record as read with {@code weight}; an alias record goes without a TTL (moto returns 0, AWS none). */
    private static Change upsert(ResourceRecordSet record, int weight, DnsRecords records) {
        ResourceRecordSet.Builder updated = record.toBuilder().weight((long) weight);
        if (records.type() == DnsRecords.Type.A) {
            updated.ttl(null);
        }
        return Change.builder()
                .action(ChangeAction.UPSERT)
                .resourceRecordSet(updated.build())
                .build();
    }

    private record Pair(ResourceRecordSet blue, ResourceRecordSet green) {}

    /** Blue's and green's records, refusing anything other than exactly the routing's two set identifiers. */
    private Pair pair(Routing routing) {
        DnsRecords records = records(routing);
        List<ResourceRecordSet> found = list(records);
        String blueId = routing.blueSetIdentifier();
        String greenId = routing.greenSetIdentifier();
        List<ResourceRecordSet> blue =
                found.stream().filter(r -> blueId.equals(r.setIdentifier())).toList();
        List<ResourceRecordSet> green =
                found.stream().filter(r -> greenId.equals(r.setIdentifier())).toList();
        if (found.size() != 2 || blue.size() != 1 || green.size() != 1) {
            throw new DependencyException(records + ": expected exactly the weighted records " + blueId + " (blue) and "
                    + greenId + " (green); found " + describe(found) + "; check routing.dns against the hosted zone");
        }
        for (ResourceRecordSet record : found) {
            if (record.weight() == null) {
                throw new DependencyException(records + ": record " + record.setIdentifier() + " has no weight: it"
                        + " is not a weighted record; found " + describe(found));
            }
            if (records.ttl().isPresent()
                    && record.ttl() != null
                    && record.ttl() != records.ttl().get().toSeconds()) {
                throw new DependencyException(records + ": record " + record.setIdentifier() + " has TTL "
                        + record.ttl() + " s but routing.dns.ttlSeconds is "
                        + records.ttl().get().toSeconds()
                        + " s, the TTL the bakes were checked against; set ttlSeconds to the record's TTL");
            }
        }
        return new Pair(blue.get(0), green.get(0));
    }

    /** The records of the routing's name and type, following pages while they still list that name and type. */
    private List<ResourceRecordSet> list(DnsRecords records) {
        RRType type = records.type() == DnsRecords.Type.A ? RRType.A : RRType.CNAME;
        String name = normalised(records.recordName());
        List<ResourceRecordSet> found = new ArrayList<>();
        ListResourceRecordSetsRequest request = ListResourceRecordSetsRequest.builder()
                .hostedZoneId(records.hostedZoneId())
                .startRecordName(records.recordName())
                .startRecordType(type)
                .maxItems(String.valueOf(PAGE))
                .build();
        while (true) {
            ListResourceRecordSetsRequest page = request;
            ListResourceRecordSetsResponse response =
                    call("ListResourceRecordSets", records, () -> client.get().listResourceRecordSets(page));
            boolean past = false;
            for (ResourceRecordSet record : response.resourceRecordSets()) {
                if (normalised(record.name()).equals(name) && record.type() == type) {
                    found.add(record);
                } else {
                    past = true; // sorted by name and type: nothing of ours follows
                }
            }
            if (past || !Boolean.TRUE.equals(response.isTruncated())) {
                return found;
            }
            request = request.toBuilder()
                    .startRecordName(response.nextRecordName())
                    .startRecordType(response.nextRecordType())
                    .startRecordIdentifier(response.nextRecordIdentifier())
                    .build();
        }
    }

    /** Route 53 answers names fully qualified (a final dot) and in lower case. */
    static String normalised(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private static String describe(List<ResourceRecordSet> found) {
        if (found.isEmpty()) {
            return "no record of that name and type";
        }
        return found.stream()
                .map(r -> (r.setIdentifier() == null ? "a record without set identifier" : r.setIdentifier())
                        + " (weight " + (r.weight() == null ? "none" : r.weight()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static DnsRecords records(Routing routing) {
        Objects.requireNonNull(routing, "routing");
        return routing.dns()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Route53TrafficRouter shifts routing.type route53 only; this routing has no routing.dns"));
    }

    private static <T> T call(String operation, DnsRecords records, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            String what = "Route 53 " + operation + " failed for " + records;
            if (e instanceof AwsServiceException service
                    && service.awsErrorDetails() != null
                    && "PriorRequestNotComplete"
                            .equals(service.awsErrorDetails().errorCode())) {
                throw new TransientDependencyException(what + ": " + AwsErrors.describe(e), e);
            }
            throw AwsErrors.fault(what, e);
        }
    }
}
