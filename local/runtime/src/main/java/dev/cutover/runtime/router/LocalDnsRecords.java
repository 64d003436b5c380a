package dev.cutover.runtime.router;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * The local runtime's Route 53: a name with two weighted records, one per set identifier, each pointing at an
 * upstream, with a TTL. As a {@link TrafficRouter} it is what {@code Route53TrafficRouter} is on AWS (the routing's
 * {@code routing.dns} names the records; blue's record is the one at blue's target group's index); as a name server
 * it answers {@link #resolve()} by weight, and {@link Resolver}s in front of it cache each answer for the TTL, as a
 * client's resolver does, so a change reaches each client only when its answer expires.
 *
 * <p>Thread-safe: the weights are one immutable value swapped whole.
 */
public final class LocalDnsRecords implements TrafficRouter {

    /** One record of the pair. */
    public record Answer(String setIdentifier, URI upstream, Duration ttl) {}

    private final DnsRecords records;
    private final Map<String, URI> upstreams;
    private final IntUnaryOperator random;
    private volatile int[] weights;
    /** Where each write is also made, for display only; null for nowhere. */
    private volatile TrafficRouter mirror;

    /**
     * @param records   the pair, their set identifiers in the order of the routing's target groups
     * @param upstreams where each set identifier's record points
     * @param initial   the records' weights, in the order of {@code records.setIdentifiers()}
     */
    public LocalDnsRecords(DnsRecords records, Map<String, URI> upstreams, Weights initial) {
        this(records, upstreams, initial, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** With {@code random} choosing a number in {@code [0, bound)}, for tests. */
    LocalDnsRecords(DnsRecords records, Map<String, URI> upstreams, Weights initial, IntUnaryOperator random) {
        this.records = Objects.requireNonNull(records, "records");
        this.upstreams = Map.copyOf(upstreams);
        this.random = Objects.requireNonNull(random, "random");
        if (!this.upstreams.keySet().equals(Set.copyOf(records.setIdentifiers()))) {
            throw new IllegalArgumentException(
                    "upstreams " + this.upstreams.keySet() + " must be those of the records " + records);
        }
        this.weights = new int[] {initial.blue(), initial.green()};
    }

    /**
     * Makes every later {@link #apply} also {@code apply} to {@code display}: {@code cutover demo --routing dns}
     * mirrors the records on its router's weights for the progress line and the dashboard, while each client's
     * request names its version, so the mirrored weights route nothing.
     */
    public LocalDnsRecords mirrorWritesTo(TrafficRouter display) {
        this.mirror = Objects.requireNonNull(display, "display");
        return this;
    }

    /** The pair this name server holds. */
    public DnsRecords records() {
        return records;
    }

    @Override
    public Weights read(Routing routing) {
        int[] now = weights;
        int blue = blueIndex(routing);
        return new Weights(now[blue], now[1 - blue]);
    }

    @Override
    public void apply(Routing routing, Weights weights) {
        Objects.requireNonNull(weights, "weights");
        int blue = blueIndex(routing);
        int[] next = new int[2];
        next[blue] = weights.blue();
        next[1 - blue] = weights.green();
        this.weights = next;
        TrafficRouter display = mirror;
        if (display != null) {
            display.apply(routing, weights);
        }
    }

    /** An answer chosen by weight, as Route 53 answers a query for a weighted name. */
    public Answer resolve() {
        int[] now = weights;
        int pick = random.applyAsInt(now[0] + now[1]);
        int index = pick < now[0] ? 0 : 1;
        String id = records.setIdentifier(index);
        return new Answer(id, upstreams.get(id), records.cachingBound());
    }

    /** The index of the routing's blue record among the set identifiers. */
    private int blueIndex(Routing routing) {
        DnsRecords named = routing.dns()
                .orElseThrow(() -> new DependencyException("the local DNS records serve routing.type route53 only"));
        if (!named.setIdentifiers().equals(records.setIdentifiers())
                || !stripped(named.recordName()).equalsIgnoreCase(stripped(records.recordName()))) {
            throw new DependencyException(
                    "the routing names " + named + ", but the local name server holds " + records);
        }
        return records.setIdentifiers().indexOf(routing.blueSetIdentifier());
    }

    /** A name as DNS compares it (with case ignored): a final dot or not. */
    private static String stripped(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * One client's resolver: it keeps an answer for its TTL and asks again only once that has passed, so after a
     * change it goes on sending to the previous answer's upstream for up to the TTL.
     */
    public static final class Resolver {

        private final LocalDnsRecords server;
        private final Clock clock;
        private Answer cached;
        private Instant expires = Instant.MIN;
        private long lookups;

        public Resolver(LocalDnsRecords server, Clock clock) {
            this.server = Objects.requireNonNull(server, "server");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The cached answer while it is fresh, else a new one from the name server. */
        public synchronized Answer resolve() {
            Instant now = clock.instant();
            if (cached == null || !now.isBefore(expires)) {
                cached = server.resolve();
                expires = now.plus(cached.ttl());
                lookups++;
            }
            return cached;
        }

        /** When the cached answer expires; empty before the first lookup. */
        public synchronized Optional<Instant> expires() {
            return cached == null ? Optional.empty() : Optional.of(expires);
        }

        /** How many times this resolver asked the name server. */
        public synchronized long lookups() {
            return lookups;
        }
    }
}
