package dev.cutover.runtime;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A scripted HTTP server for tests: the nth request (from 1) gets whatever the script says, optionally after a
 * delay or once a gate opens, without holding a thread while it waits.
 */
public final class TestServer implements AutoCloseable {

    /** What to answer request number {@code n}. */
    @FunctionalInterface
    public interface Script {
        Reply reply(long n, Request request);
    }

    /**
     * @param status  the status
     * @param headers extra response headers
     * @param body    the body
     * @param delay   answer this long after the request arrived
     * @param gate    answer once this completes (after the delay); null for no gate
     */
    public record Reply(
            int status, Map<String, String> headers, String body, Duration delay, CompletableFuture<?> gate) {

        public static Reply ok(String body) {
            return new Reply(200, Map.of(), body, Duration.ZERO, null);
        }

        public static Reply status(int status) {
            return new Reply(status, Map.of(), "status " + status, Duration.ZERO, null);
        }

        public Reply header(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, Map.copyOf(more), body, delay, gate);
        }

        public Reply after(Duration newDelay) {
            return new Reply(status, headers, body, newDelay, gate);
        }

        public Reply when(CompletableFuture<?> newGate) {
            return new Reply(status, headers, body, delay, newGate);
        }
    }

    private final Server server;
    private final URI uri;
    private final AtomicLong received;

    private TestServer(Server server, URI uri, AtomicLong received) {
        this.server = server;
        this.uri = uri;
        this.received = received;
    }

    public static TestServer start(Script script) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("test-server");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        AtomicLong received = new AtomicLong();
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Reply reply = script.reply(received.incrementAndGet(), request);
                Runnable send = () -> {
                    response.setStatus(reply.status());
                    reply.headers()
                            .forEach((name, value) -> response.getHeaders().put(name, value));
                    response.write(true, ByteBuffer.wrap(reply.body().getBytes(StandardCharsets.UTF_8)), callback);
                };
                Runnable gated =
                        reply.gate() == null ? send : () -> reply.gate().whenComplete((r, e) -> send.run());
                if (reply.delay().isZero()) {
                    gated.run();
                } else {
                    request.getComponents()
                            .getScheduler()
                            .schedule(gated, reply.delay().toNanos(), TimeUnit.NANOSECONDS);
                }
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new TestServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()), received);
    }

    public URI uri() {
        return uri;
    }

    /** Requests received so far. */
    public long received() {
        return received.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
