package dev.cutover.runtime.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The service the demo deploys: a small JSON HTTP API in two {@link AppVersion versions}, optionally with a
 * {@link Variant fault}. Endpoints:
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"UP","version":"v1"}}, or 503 {@code "DOWN"} in {@code smoke-fail};</li>
 *   <li>{@code GET /orders}: the newest 50 orders as a JSON array;</li>
 *   <li>{@code GET /orders/{id}}: one order, or 404;</li>
 *   <li>{@code POST /orders} with {@code {"item":"...","quantity":1}} (v2 also takes {@code "note"}): 201 with the
 *       order and a {@code Location} header.</li>
 * </ul>
 * Every response carries {@value #APP_VERSION_HEADER} with {@code v1} or {@code v2}, and JSON bodies name the
 * version, so a client can tell which release answered. Faults apply to the order endpoints only.
 *
 * <p>{@link #stop()} is graceful: the listener closes, requests in flight finish (up to 5 s).
 */
public final class SampleApp implements AutoCloseable {

    /** Response header naming the release that answered: {@code v1} or {@code v2}. */
    public static final String APP_VERSION_HEADER = "X-App-Version";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(50);

    private final Server server;
    private final SampleHandler handler;
    private final URI uri;

    private SampleApp(Server server, SampleHandler handler, URI uri) {
        this.server = server;
        this.handler = handler;
        this.uri = uri;
    }

    /** Starts {@code version} with its own in-memory orders on 127.0.0.1:{@code port} (0 for a free port). */
    public static SampleApp start(AppVersion version, Variant variant, int port) {
        return start(version, variant, port, new InMemoryOrderStore());
    }

    /**
     * Starts {@code version} on 127.0.0.1:{@code port} (0 for a free port), keeping orders in {@code store}.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static SampleApp start(AppVersion version, Variant variant, int port, OrderStore store) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(store, "store");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sample app port must be 0..65535, got " + port);
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("sample-" + version.label());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        SampleHandler handler = new SampleHandler(version, variant, store);
        GracefulHandler graceful = new GracefulHandler(handler);
        // on stop, close idle keep-alive connections soon instead of after Jetty's default second
        graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
        server.setHandler(graceful);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException(
                    "sample app " + version.label() + " could not listen on 127.0.0.1:" + port + ": " + e, e);
        }
        return new SampleApp(server, handler, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    /** Base URI, e.g. {@code http://127.0.0.1:40123}; the same after {@link #stop()}. */
    public URI uri() {
        return uri;
    }

    public AppVersion version() {
        return handler.version();
    }

    public Variant variant() {
        return handler.variant();
    }

    /** From now on, answer as {@code variant} says: a running app that starts to misbehave. */
    public void behave(Variant variant) {
        handler.behave(variant);
    }

    /** Order requests received so far (the counter {@code faulty-5xx} picks its failures by). */
    public long orderRequests() {
        return handler.orderRequests();
    }

    /** Stops listening and waits for requests in flight to finish. Safe to call twice. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "sample app " + handler.version().label() + " did not stop cleanly: " + e, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "sample " + handler.version().label() + " " + handler.variant() + " at " + uri();
    }
}
