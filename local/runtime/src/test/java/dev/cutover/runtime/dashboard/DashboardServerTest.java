package dev.cutover.runtime.dashboard;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's HTTP side: read-only pages and events for anyone local, the buttons only with the run's token. */
class DashboardServerTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger aborts = new AtomicInteger();
    private DeploymentFeed feed;
    private DashboardServer server;

    @BeforeEach
    void start() {
        feed = new DeploymentFeed(Clock.systemUTC());
        server = DashboardServer.start(feed, 0, () -> () -> "aborted " + aborts.incrementAndGet());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String header, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (header != null) {
            request.header(DashboardServer.TOKEN_HEADER, header);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.uri().resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theButtonsRefuseARequestWithoutTheRunsToken() throws Exception {
        for (String action : List.of("abort", "approve", "deny")) {
            assertThat(post("/api/" + action, null, "").statusCode()).as(action).isEqualTo(403);
            assertThat(post("/api/" + action, "not-the-token", "").statusCode())
                    .as(action)
                    .isEqualTo(403);
            assertThat(post("/api/" + action, null, "token=not-the-token").statusCode())
                    .as(action)
                    .isEqualTo(403);
            assertThat(post("/api/" + action, "", "").statusCode()).as(action).isEqualTo(403);
        }
        assertThat(aborts).hasValue(0);
    }

    @Test
    void theRightTokenInTheHeaderOrTheFormPressesTheButton() throws Exception {
        HttpResponse<String> byHeader = post("/api/abort", server.token(), "");
        assertThat(byHeader.statusCode()).isEqualTo(202);
        assertThat(byHeader.body()).isEqualTo("aborted 1");

        HttpResponse<String> byForm = post("/api/abort", null, "token=" + server.token());
        assertThat(byForm.statusCode()).isEqualTo(202);
        assertThat(aborts).hasValue(2);

        // no approval gate waits: the placeholders answer that, with the token
        HttpResponse<String> approve = post("/api/approve", server.token(), "");
        assertThat(approve.statusCode()).isEqualTo(409);
        assertThat(approve.body()).contains("no stage is waiting for approval");
        assertThat(post("/api/deny", server.token(), "").statusCode()).isEqualTo(409);
    }

    @Test
    void eachRunHasItsOwnToken() {
        try (DashboardServer other = DashboardServer.start(feed, 0, () -> DashboardControls.NONE)) {
            assertThat(other.token()).isNotEqualTo(server.token()).hasSizeGreaterThanOrEqualTo(32);
        }
    }

    @Test
    void nothingButTheButtonsChangesAnything() throws Exception {
        assertThat(get("/api/abort").statusCode()).isEqualTo(405);
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(server.uri())
                        .method("PUT", HttpRequest.BodyPublishers.ofString(""))
                        .header(DashboardServer.TOKEN_HEADER, server.token())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(aborts).hasValue(0);
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() throws Exception {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(InetAddress.getByName(server.uri().getHost()).isLoopbackAddress())
                .isTrue();
        // the port answers on 127.0.0.1 ...
        assertThat(get("/").statusCode()).isEqualTo(200);
        // ... and on no other address of this machine
        InetAddress local = InetAddress.getLocalHost();
        if (!local.isLoopbackAddress()) {
            try (java.net.Socket socket = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                                new java.net.InetSocketAddress(
                                        local, server.uri().getPort()),
                                2000))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void answersOnlyForItsOwnHostName() throws Exception {
        assertThat(statusFor("127.0.0.1:" + server.uri().getPort())).isEqualTo(200);
        assertThat(statusFor("localhost:" + server.uri().getPort())).isEqualTo(200);
        // a name made to resolve to 127.0.0.1 by another site (DNS rebinding) reads nothing
        assertThat(statusFor("rebound.example:" + server.uri().getPort())).isEqualTo(421);
    }

    /** The status line's code for a GET of /api/events sent with that Host header (HttpClient sets its own). */
    private int statusFor(String host) throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/events HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void servesThePageAndItsScriptFromTheJarWithNoOtherHost() throws Exception {
        for (String path : List.of("/", "/dashboard.js", "/dashboard.css")) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            // (the SVG namespace is a name, not an address: nothing is fetched from it)
            assertThat(page.body().replace("http://www.w3.org/2000/svg", ""))
                    .as(path)
                    .doesNotContain("http://", "https://", "//cdn");
        }
        assertThat(get("/").body()).contains("<script src=\"dashboard.js\">");
        assertThat(get("/dashboard.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void streamsWhatCameBeforeThenEachNewEvent() throws Exception {
        feed.publish("plan", DeploymentFeed.object().put("service", "orders"));
        feed.publish("deployment", DeploymentFeed.object().put("deploymentId", "d-TEST00001"));
        HttpResponse<InputStream> stream = http.send(
                HttpRequest.newBuilder(server.uri().resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            List<String> data = new ArrayList<>();
            data.add(nextData(reader));
            data.add(nextData(reader));
            feed.publish("outcome", DeploymentFeed.object().put("outcome", "PROMOTED"));
            data.add(nextData(reader));
            assertThat(data.get(0)).contains("\"seq\":1", "\"kind\":\"plan\"", "\"service\":\"orders\"");
            assertThat(data.get(1)).contains("\"seq\":2", "d-TEST00001");
            assertThat(data.get(2)).contains("\"seq\":3", "\"outcome\":\"PROMOTED\"");
        }
        assertThat(get("/api/events").body()).contains("d-TEST00001", "PROMOTED");
    }

    private static String nextData(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        throw new AssertionError("the event stream ended");
    }

    @Test
    void aControlThatHasNothingToActOnAnswersConflict() throws Exception {
        try (DashboardServer idle = DashboardServer.start(feed, 0, () -> DashboardControls.NONE)) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(idle.uri().resolve("/api/abort"))
                            .header(DashboardServer.TOKEN_HEADER, idle.token())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("no deployment is running");
        }
        assertThat(URI.create(server.uri().toString()).getPath()).isEqualTo("/");
    }
}
