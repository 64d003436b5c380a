package dev.cutover.runtime.router;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * The local runtime's load balancer: an HTTP/1.1 reverse proxy (Jetty's {@code ProxyHandler}) with a production
 * listener split by weight between a blue and a green upstream, and a test listener that always goes to green.
 *
 * <p>Switching: each request reads the current {@link Weights} once when it arrives and stays on the upstream chosen
 * then, so {@link #setWeights} never fails or moves a request in flight, and the next request (even on the same
 * keep-alive client connection) follows the new weights. Proxy-to-upstream connections are pooled per upstream, so an
 * upstream at 0% simply stops being given requests; its idle pooled connections close after the client idle timeout.
 * A GET or HEAD whose upstream refuses the connection or drops it before answering is retried once on the other
 * upstream (see {@link UpstreamProxyHandler}); {@link #retries()} counts those.
 *
 * <p>Metrics: every finished request is counted against the upstream that answered it (both listeners, as a target
 * group counts both): requests, 5xx, latency, cumulative and over sliding windows ({@link #snapshot(Version,
 * Duration)}), and handed to {@link RouterConfig#requestListener()}. Responses carry {@value #VERSION_HEADER}.
 *
 * <p>As a {@link TrafficRouter} it is one route, so the same {@code TrafficShifter} and {@code Rollback} code that
 * drives an ALB listener drives this router. Until {@link #bindTargetGroups} names the target group behind each
 * upstream slot, {@link #read} and {@link #apply} ignore the routing's ARNs. Once bound, a weight write names groups
 * as an ALB forward action does: the routing's resolved blue group gets the blue weight wherever its upstream sits,
 * so after CodeDeploy swaps the roles (the new version behind the group that was not live) a shift moves traffic to
 * that group's upstream.
 */
public final class LocalRouter implements TrafficRouter, AutoCloseable {

    /** Response header naming the upstream that answered: {@code blue} or {@code green}. */
    public static final String VERSION_HEADER = "X-Cutover-Version";

    /** The router's threads, listeners and upstream client together: enough for the selectors and a few more. */
    static final int ROUTER_THREADS = Integer.getInteger("cutover.router.threads", 32);

    /**
     * A production request carrying this header ({@code blue} or {@code green}) goes to that version whatever the
     * weights: the router then stands for each version's own address, as the load balancer each of two Route 53
     * weighted records points at, and still counts and times the request for that version (the judge's metrics, the
     * alarms). {@code cutover demo --routing dns} sends its clients' requests so, after their resolver chose.
     */
    public static final String PIN_HEADER = "X-Cutover-Upstream";

    private final Server server;
    private final ServerConnector production;
    private final ServerConnector test;
    private final AtomicReference<RouteTable> routes;
    private final RouterMetrics metrics;
    private final InFlight inFlight;
    private final UpstreamProxyHandler proxy;
    /** Which target group each slot serves: blue() is behind {@link Version#BLUE}'s upstream; null when unbound. */
    private volatile TargetGroupRoles slotGroups;

    private LocalRouter(
            Server server,
            ServerConnector production,
            ServerConnector test,
            AtomicReference<RouteTable> routes,
            RouterMetrics metrics,
            InFlight inFlight,
            UpstreamProxyHandler proxy) {
        this.server = server;
        this.production = production;
        this.test = test;
        this.routes = routes;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.proxy = proxy;
    }

    /** Starts a router at {@link RouterConfig#of(URI, URI) the defaults}: 100% blue, on 127.0.0.1. */
    public static LocalRouter start(URI blue, URI green) {
        return start(RouterConfig.of(blue, green));
    }

    /**
     * Binds both listeners on free ports of {@code config.host()} and starts proxying.
     *
     * @throws IllegalStateException when the server cannot start (e.g. the host cannot be bound)
     */
    public static LocalRouter start(RouterConfig config) {
        Objects.requireNonNull(config, "config");
        // shared by the listeners and the upstream client (see UpstreamProxyHandler#newHttpClient)
        QueuedThreadPool serverThreads = new QueuedThreadPool(ROUTER_THREADS, 4);
        serverThreads.setName("router");
        Server server = new Server(serverThreads);
        ServerConnector production = connector(server, config.host(), "production");
        ServerConnector test = connector(server, config.host(), "test");
        server.addConnector(production);
        server.addConnector(test);

        AtomicReference<RouteTable> routes =
                new AtomicReference<>(RouteTable.of(config.initialWeights(), config.blue(), config.green()));
        RouterMetrics metrics = new RouterMetrics(config.clock(), config.metricsRetention());
        InFlight inFlight = new InFlight();
        UpstreamProxyHandler proxy = new UpstreamProxyHandler(
                routes, test, metrics, inFlight, config.requestListener(), config.clock(), config.upstreamTimeout());
        proxy.setViaHost("cutover-router");
        // in-flight requests finish when the router is closed; new ones are refused
        GracefulHandler graceful = new GracefulHandler(proxy);
        // on close, drop idle client connections soon instead of after Jetty's default second
        graceful.setShutdownIdleTimeout(100);
        server.setHandler(graceful);
        server.setStopTimeout(config.upstreamTimeout().toMillis());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("local router could not start listening on " + config.host() + ": " + e, e);
        }
        return new LocalRouter(server, production, test, routes, metrics, inFlight, proxy);
    }

    private static ServerConnector connector(Server server, String host, String name) {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(0);
        connector.setName(name);
        return connector;
    }

    /** Base URI of the production listener, e.g. {@code http://127.0.0.1:41234}. */
    public URI productionUri() {
        return uri(production);
    }

    /** Base URI of the test listener (always green). */
    public URI testUri() {
        return uri(test);
    }

    private URI uri(ServerConnector connector) {
        String host = connector.getHost().contains(":") ? "[" + connector.getHost() + "]" : connector.getHost();
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    /** The production split requests arriving now get. */
    public Weights weights() {
        return routes.get().weights();
    }

    /**
     * Sends requests arriving from now on by {@code weights}; requests in flight finish where they are. Setting
     * green to 0 (a rollback) takes effect for the very next request.
     */
    public void setWeights(Weights weights) {
        Objects.requireNonNull(weights, "weights");
        routes.updateAndGet(table -> table.withWeights(weights));
    }

    /**
     * Sends all production traffic away from {@code version}, starting with the next request: {@code drain(GREEN)}
     * is a rollback's switch to 100% blue. Requests already on {@code version} finish there; {@link #awaitIdle} says
     * when the last one has.
     */
    public void drain(Version version) {
        Objects.requireNonNull(version, "version");
        setWeights(version == Version.GREEN ? Weights.ALL_BLUE : Weights.ALL_GREEN);
    }

    /**
     * Points {@code version} at another upstream for requests arriving from now on (e.g. the promoted green becoming
     * the next deployment's blue).
     *
     * @throws IllegalArgumentException when {@code base} is not an http base URI with host and port
     */
    public void setUpstream(Version version, URI base) {
        Objects.requireNonNull(version, "version");
        URI checked = RouterConfig.upstream(version.header(), base);
        routes.updateAndGet(table -> table.withUpstream(version, checked));
    }

    /**
     * Sends the test listener's requests arriving from now on to {@code slot}'s upstream (green's at start): the
     * slot the deployment's new version was installed in.
     */
    public void setTestSlot(Version slot) {
        Objects.requireNonNull(slot, "slot");
        routes.updateAndGet(table -> table.withTestSlot(slot));
    }

    /** The base URI {@code version}'s requests go to. */
    public URI upstream(Version version) {
        return routes.get().upstream(Objects.requireNonNull(version, "version")).toURI();
    }

    /**
     * Names the target group behind each upstream slot: {@code blueSlotGroup} is served by {@link Version#BLUE}'s
     * upstream, {@code greenSlotGroup} by {@link Version#GREEN}'s. From now on {@link #read} and {@link #apply} map
     * the routing's resolved roles onto the slots.
     */
    public void bindTargetGroups(String blueSlotGroup, String greenSlotGroup) {
        slotGroups = new TargetGroupRoles(blueSlotGroup, greenSlotGroup);
    }

    /** The slot whose upstream serves {@code targetGroupArn}. @throws IllegalArgumentException for another group */
    public Version slotOf(String targetGroupArn) {
        TargetGroupRoles bound = slotGroups;
        if (bound == null) {
            throw new IllegalStateException("no target groups are bound to this router's upstreams");
        }
        if (bound.blue().equals(targetGroupArn)) {
            return Version.BLUE;
        }
        if (bound.green().equals(targetGroupArn)) {
            return Version.GREEN;
        }
        throw new IllegalArgumentException(
                "target group " + targetGroupArn + " is not behind this router (it has " + bound + ")");
    }

    /**
     * The routing's blue/green split: the slots' weights as they are while unbound or while the routing's blue group
     * is the blue slot's; swapped when the roles are swapped.
     */
    @Override
    public Weights read(Routing routing) {
        Weights slots = weights();
        return swapped(routing) ? new Weights(slots.green(), slots.blue()) : slots;
    }

    /** Gives the routing's blue group {@code weights.blue()} and its green group {@code weights.green()}. */
    @Override
    public void apply(Routing routing, Weights weights) {
        Objects.requireNonNull(weights, "weights");
        setWeights(swapped(routing) ? new Weights(weights.green(), weights.blue()) : weights);
    }

    /**
     * Whether the routing's blue group is behind the green slot.
     *
     * @throws DependencyException when the routing names a group that is not behind this router, as the port says of
     *                             a route that forwards somewhere other than the routing's blue and green
     */
    private boolean swapped(Routing routing) {
        if (slotGroups == null) {
            return false;
        }
        TargetGroupRoles roles = routing.resolvedRoles();
        try {
            Version blue = slotOf(roles.blue());
            if (slotOf(roles.green()) == blue) {
                throw new IllegalArgumentException("roles " + roles + " name one group twice");
            }
            return blue == Version.GREEN;
        } catch (IllegalArgumentException e) {
            throw new DependencyException("the local router cannot route " + roles + ": " + e.getMessage(), e);
        }
    }

    /** Everything {@code version} served since the router started. */
    public MetricsSnapshot snapshot(Version version) {
        return metrics.snapshot(version);
    }

    /** What {@code version} served in the sliding {@code window} ending now (whole seconds). */
    public MetricsSnapshot snapshot(Version version, Duration window) {
        return metrics.snapshot(version, window);
    }

    /** Requests {@code version} is serving right now. */
    public int inFlight(Version version) {
        return inFlight.count(Objects.requireNonNull(version, "version"));
    }

    /**
     * Waits until {@code version} has no request in flight: after moving its weight to 0, this says when it can be
     * stopped without cutting a request off.
     *
     * @return false when requests were still in flight after {@code timeout}
     */
    public boolean awaitIdle(Version version, Duration timeout) throws InterruptedException {
        return inFlight.awaitIdle(Objects.requireNonNull(version, "version"), timeout);
    }

    /** GET/HEAD requests sent again because their first upstream failed before answering. */
    public long retries() {
        return proxy.retries();
    }

    /** Stops listening, lets requests in flight finish (up to the upstream timeout), then releases everything. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("local router did not stop cleanly: " + e, e);
        }
    }
}
