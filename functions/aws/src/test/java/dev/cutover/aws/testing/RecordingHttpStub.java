package dev.cutover.aws.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.cutover.aws.AwsClients;

/**
 * An HTTP server on 127.0.0.1 and a free port that records every request and answers from a script of canned
 * responses; the last one repeats once the script runs out. Stands in for AWS APIs moto lacks, at the wire.
 */
public final class RecordingHttpStub implements AutoCloseable {

    /** One canned answer. */
    public record Response(int status, String contentType, String body) {

        public static Response json(int status, String body) {
            return new Response(status, "application/x-amz-json-1.1", body);
        }

        /** An AWS JSON-protocol error, as services send it. */
        public static Response awsError(int status, String type, String message) {
            return json(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    /** One request as it arrived. Header names are case-insensitive. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final Deque<Response> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private Response last = Response.json(200, "{}");
    private volatile Duration delay = Duration.ZERO;
    private final CountDownLatch closed = new CountDownLatch(1);

    private RecordingHttpStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static RecordingHttpStub start() throws IOException {
        return new RecordingHttpStub();
    }

    /**
     * AWS clients that talk to this stub only: the test region and credentials, and retries that back off for a
     * millisecond or so, so a test of retried faults stays fast.
     */
    public AwsClients clients() {
        return AwsClients.builder()
                .endpointOverride(endpoint())
                .region(MotoServerExtension.REGION)
                .credentialsProvider(MotoServerExtension.CREDENTIALS)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues answers for the next requests, in order. */
    public synchronized RecordingHttpStub respond(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    /** Answers every later request only after this long (a slow or hung service); released by {@link #close}. */
    public RecordingHttpStub delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Response response;
            synchronized (this) {
                requests.add(new Request(
                        exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
                if (!script.isEmpty()) {
                    last = script.removeFirst();
                }
                response = last;
            }
            if (!delay.isZero()) {
                try {
                    closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", "stub-" + requests().size());
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
