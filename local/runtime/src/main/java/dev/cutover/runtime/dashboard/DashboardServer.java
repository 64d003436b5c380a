package dev.cutover.runtime.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The live dashboard: a page on 127.0.0.1 that follows a {@link DeploymentFeed} through server-sent events. The
 * page, its script and its style are served from the jar ({@code dashboard/} on the classpath): no build step, no
 * CDN, no other host.
 *
 * <ul>
 *   <li>{@code GET /}: the page; {@code /dashboard.js}, {@code /dashboard.css}: its script and style
 *   <li>{@code GET /events}: the feed as {@code text/event-stream}, everything so far first, then live
 *   <li>{@code GET /api/events}: the feed so far as one JSON array
 *   <li>{@code POST /api/abort}, {@code /api/approve}, {@code /api/deny}: the {@link DashboardControls}; each needs
 *       the run's {@link #token()} in the {@value #TOKEN_HEADER} header or a {@code token} form field, else 403
 * </ul>
 *
 * Only the loopback interface is bound: another machine cannot reach it, and the token keeps another local user
 * or a web page open in the same browser from pressing the buttons (a cross-origin page cannot read the token).
 * A request naming another host is refused (421), so a page of another origin cannot read the feed through a name
 * made to resolve to 127.0.0.1.
 */
public final class DashboardServer implements AutoCloseable {

    public static final String TOKEN_HEADER = "X-Cutover-Token";

    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    private static final long KEEP_ALIVE_MS = 10_000;
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");

    private final DeploymentFeed feed;
    private final Supplier<DashboardControls> controls;
    private final String token;
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile boolean closed;

    private DashboardServer(
            DeploymentFeed feed, Supplier<DashboardControls> controls, String token, HttpServer server) {
        this.feed = feed;
        this.controls = controls;
        this.token = token;
        this.server = server;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving {@code feed} on 127.0.0.1.
     *
     * @param port     0 for a free port
     * @param controls what the buttons do, asked on each press (so a deployment started later can be aborted)
     */
    public static DashboardServer start(DeploymentFeed feed, int port, Supplier<DashboardControls> controls) {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(controls, "controls");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--dashboard-port must be 0..65535, got " + port);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("the dashboard cannot listen on 127.0.0.1:" + port + ": " + e, e);
        }
        DashboardServer dashboard = new DashboardServer(feed, controls, newToken(), http);
        http.start();
        return dashboard;
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The page's address. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** This run's token for the buttons: printed in the terminal, never served. */
    public String token() {
        return token;
    }

    // ---- requests ----------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!ownHost(exchange.getRequestHeaders().getFirst("Host"))) {
                // a page whose name was made to resolve to 127.0.0.1 (DNS rebinding) reads nothing here
                send(exchange, 421, "text/plain", "this dashboard answers for 127.0.0.1 and localhost only");
                return;
            }
            if (path.startsWith("/api/") && !path.equals("/api/events")) {
                control(exchange, method, path.substring("/api/".length()));
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain", "read-only: " + method + " " + path);
            } else if (path.equals("/events")) {
                stream(exchange);
            } else if (path.equals("/api/events")) {
                send(exchange, 200, "application/json", eventsJson(feed.events()));
            } else if (ASSETS.containsKey(path)) {
                asset(exchange, ASSETS.get(path));
            } else {
                send(exchange, 404, "text/plain", "no such page: " + path);
            }
        } catch (IOException e) {
            // the browser went away: nothing to answer
        }
    }

    private void control(HttpExchange exchange, String method, String action) throws IOException {
        if (!method.equals("POST")) {
            send(exchange, 405, "text/plain", "use POST");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(4096);
        String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null) {
            given = formField(new String(body, StandardCharsets.UTF_8), "token");
        }
        if (given == null
                || !MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            send(exchange, 403, "text/plain", "the run's token is missing or wrong (it is printed in the terminal)");
            return;
        }
        DashboardControls now = controls.get();
        try {
            String answer = switch (action) {
                case "abort" -> now.abort();
                case "approve" -> now.approve();
                case "deny" -> now.deny();
                default -> null;
            };
            if (answer == null) {
                send(exchange, 404, "text/plain", "no such action: " + action);
            } else {
                send(exchange, 202, "text/plain", answer);
            }
        } catch (IllegalStateException e) {
            send(exchange, 409, "text/plain", e.getMessage());
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", action + " failed: " + e.getMessage());
        }
    }

    private boolean ownHost(String host) {
        int port = server.getAddress().getPort();
        return host != null && (host.equals("127.0.0.1:" + port) || host.equalsIgnoreCase("localhost:" + port));
    }

    static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Server-sent events: the feed so far, then each new event, with a comment now and then to keep it open. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", EVENT_STREAM);
        exchange.sendResponseHeaders(200, 0);
        BlockingQueue<DeploymentFeed.Event> queue = new LinkedBlockingQueue<>();
        OutputStream out = exchange.getResponseBody();
        try (AutoCloseable subscription = feed.subscribe(queue::add)) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long quietSince = System.nanoTime();
            while (!closed) {
                DeploymentFeed.Event event = queue.poll(250, TimeUnit.MILLISECONDS);
                if (event != null) {
                    out.write(("id: " + event.seq() + "\ndata: " + eventJson(event) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MS)) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void asset(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                send(exchange, 500, "text/plain", "dashboard/" + name + " is missing from the jar");
                return;
            }
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
            send(exchange, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static ObjectNode eventNode(DeploymentFeed.Event event) {
        ObjectNode node = DeploymentFeed.object();
        node.put("seq", event.seq());
        node.put("at", event.at().toString());
        node.put("kind", event.kind());
        node.set("data", event.data());
        return node;
    }

    private static String eventJson(DeploymentFeed.Event event) {
        return json(eventNode(event));
    }

    static String eventsJson(List<DeploymentFeed.Event> events) {
        ArrayNode array = DeploymentFeed.JSON.createArrayNode();
        events.forEach(e -> array.add(eventNode(e)));
        return json(array);
    }

    private static String json(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return DeploymentFeed.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
