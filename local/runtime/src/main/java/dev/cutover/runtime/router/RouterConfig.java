package dev.cutover.runtime.router;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.cutover.core.port.model.Weights;

/**
 * How to start a {@link LocalRouter}. Start from {@link #of(URI, URI)} and change what differs with the
 * {@code with...} methods.
 *
 * @param blue             base URI of the blue upstream ({@code http://host:port}, no path)
 * @param green            base URI of the green upstream
 * @param initialWeights   the production split at start
 * @param host             the address both listeners bind; ports are always picked free
 * @param upstreamTimeout  how long a proxied request may take before the router answers 504
 * @param metricsRetention how far back windowed metrics reach
 * @param clock            the clock metrics windows and {@link RequestRecord#at()} use
 * @param requestListener  called once for every finished request, on a router thread; must be quick
 */
public record RouterConfig(
        URI blue,
        URI green,
        Weights initialWeights,
        String host,
        Duration upstreamTimeout,
        Duration metricsRetention,
        Clock clock,
        Consumer<RequestRecord> requestListener) {

    public RouterConfig {
        blue = upstream("blue", blue);
        green = upstream("green", green);
        Objects.requireNonNull(initialWeights, "initialWeights");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
            throw new IllegalArgumentException("router upstreamTimeout must be positive, got " + upstreamTimeout);
        }
        Objects.requireNonNull(metricsRetention, "metricsRetention");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestListener, "requestListener");
    }

    /** 100% blue, listening on 127.0.0.1, 30 s upstream timeout, 10 minutes of metrics, the UTC system clock. */
    public static RouterConfig of(URI blue, URI green) {
        return new RouterConfig(
                blue,
                green,
                Weights.ALL_BLUE,
                "127.0.0.1",
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                Clock.systemUTC(),
                record -> {});
    }

    public RouterConfig withInitialWeights(Weights weights) {
        return new RouterConfig(blue, green, weights, host, upstreamTimeout, metricsRetention, clock, requestListener);
    }

    public RouterConfig withUpstreamTimeout(Duration timeout) {
        return new RouterConfig(blue, green, initialWeights, host, timeout, metricsRetention, clock, requestListener);
    }

    public RouterConfig withMetricsRetention(Duration retention) {
        return new RouterConfig(blue, green, initialWeights, host, upstreamTimeout, retention, clock, requestListener);
    }

    public RouterConfig withClock(Clock newClock) {
        return new RouterConfig(
                blue, green, initialWeights, host, upstreamTimeout, metricsRetention, newClock, requestListener);
    }

    public RouterConfig withRequestListener(Consumer<RequestRecord> listener) {
        return new RouterConfig(blue, green, initialWeights, host, upstreamTimeout, metricsRetention, clock, listener);
    }

    /**
     * Checks an upstream base URI: http, a host and a port, and no path, query or fragment (the router keeps the
     * client's path and query as they are).
     *
     * @throws IllegalArgumentException naming the upstream and what is wrong
     */
    static URI upstream(String name, URI uri) {
        Objects.requireNonNull(uri, name);
        boolean pathless = uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (!"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null
                || uri.getPort() < 0
                || !pathless
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the " + name + " upstream must be a base URI like"
                    + " http://127.0.0.1:8080 (http, host, port, no path), got " + uri);
        }
        return URI.create("http://" + uri.getHost() + ":" + uri.getPort());
    }
}
