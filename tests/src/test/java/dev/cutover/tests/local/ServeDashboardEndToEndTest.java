package dev.cutover.tests.local;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.serve.ServeWorld;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover serve --dashboard}: the page follows the deployments the served world runs, whoever starts them
 * (here {@code cutover deploy} through the API), over server-sent events; its Approve and Deny answer the stage
 * waiting at an approval gate as {@code cutover approve|deny} do, only with the run's token; its history is the
 * ledger's. The page is served as {@code ServeCommand} serves it: over the world's feed and controls.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeDashboardEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The gated stage (the second) bakes briefly: the test waits at the gate, not in the bake. */
    private static final List<Duration> BAKES = ServeTestWorld.BAKES;

    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private static ServeWorld world;
    private static DashboardServer page;
    private static Path gated;
    private static final HttpClient http = HttpClient.newHttpClient();
    /** What the page's event stream delivered, in order. */
    private static final List<JsonNode> streamed = new CopyOnWriteArrayList<>();

    private static CompletableFuture<?> stream;

    @BeforeAll
    static void serve() throws Exception {
        world = ServeTestWorld.start(progress::add);
        page = DashboardServer.start(world.feed(), 0, world::controls);
        gated = ServeTestWorld.gatedSpec(world, BAKES);
        // the page's live stream, as the browser's EventSource reads it
        stream = http.sendAsync(
                        HttpRequest.newBuilder(page.uri().resolve("/events")).build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body()
                        .filter(line -> line.startsWith("data: "))
                        .forEach(line -> streamed.add(parse(line.substring("data: ".length())))));
    }

    @AfterAll
    static void stop() {
        if (stream != null) {
            stream.cancel(true);
        }
        if (page != null) {
            page.close();
        }
        if (world != null) {
            world.close();
        }
        progress.forEach(System.out::println);
    }

    private static final List<String> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void abortLeftovers() {
        for (String id : started) {
            if (status(id).path("status").asText().equals("IN_PROGRESS")) {
                cutover("abort", id, "--reason", "left over by a failed test");
            }
        }
        started.clear();
    }

    @Test
    @Order(1)
    void approveOnThePageNeedsTheTokenThenTheDeploymentGoesOnToPromotion() throws Exception {
        // given a deployment of the served world waiting at its approval gate, as the page shows it
        startGated("orders-dash-1");
        JsonNode waiting = awaitStreamed(
                "orders-dash-1", "approval", e -> e.path("status").asText().equals("waiting"));
        assertThat(waiting.path("stageIndex").asInt()).isEqualTo(1);
        assertThat(waiting.path("percent").asInt()).isEqualTo(50);
        assertThat(status("orders-dash-1").path("pendingApproval").isObject()).isTrue();

        // when Approve is pressed without the run's token, or with another
        assertThat(press("approve", null).statusCode()).isEqualTo(403);
        assertThat(press("approve", "guessed").statusCode()).isEqualTo(403);

        // then nothing changed: the stage still waits
        JsonNode still = status("orders-dash-1");
        assertThat(still.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(still.path("pendingApproval").path("stageIndex").asInt()).isEqualTo(1);

        // when it is pressed with the token, the deployment goes on, and the page shows it advancing to its outcome
        HttpResponse<String> approved = press("approve", page.token());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        assertThat(approved.body()).contains("approved stage 2 (50%) of orders-dash-1");
        JsonNode outcome = awaitStreamed("orders-dash-1", "outcome", e -> true);
        assertThat(outcome.path("outcome").asText()).isEqualTo("PROMOTED");
        assertThat(outcome.path("finalWeights").path("green").asInt()).isEqualTo(100);

        JsonNode record = status("orders-dash-1");
        assertThat(record.path("status").asText()).isEqualTo("PROMOTED");
        assertThat(record.path("stages").findValuesAsText("verdict"))
                .anyMatch(v -> v.contains("approved by dashboard"));
        // the stream showed the stages shifting in order, the gate answered, then the promotion
        List<JsonNode> run = streamedFor("orders-dash-1");
        assertThat(run.stream()
                        .filter(e -> kind(e, "stage") && e.path("data").has("shiftedAt"))
                        .map(e -> e.path("data").path("weights").path("green").asInt())
                        .distinct())
                .containsExactly(10, 50, 100);
        assertThat(run.stream()
                        .filter(e -> kind(e, "approval"))
                        .map(e -> e.at("/data/status").asText()))
                .containsExactly("waiting", "answered");
        assertThat(run.stream()
                        .filter(e -> kind(e, "state"))
                        .map(e -> e.at("/data/state").asText()))
                .contains("ValidateAndLock", "RequestApproval", "ShiftTraffic", "JudgeHealth", "Finalize");
        assertThat(press("approve", page.token()).statusCode())
                .as("nothing waits any more")
                .isEqualTo(409);
    }

    @Test
    @Order(2)
    void denyOnThePageRollsTheDeploymentBack() throws Exception {
        startGated("orders-dash-2");
        awaitStreamed(
                "orders-dash-2", "approval", e -> e.path("status").asText().equals("waiting"));
        assertThat(press("deny", null).statusCode()).isEqualTo(403);
        assertThat(status("orders-dash-2").path("pendingApproval").isObject()).isTrue();

        HttpResponse<String> denied = press("deny", page.token());

        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(202);
        JsonNode outcome = awaitStreamed("orders-dash-2", "outcome", e -> true);
        assertThat(outcome.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(outcome.path("rollbackReason").asText()).contains("denied by dashboard");
        JsonNode record = status("orders-dash-2");
        assertThat(record.path("status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(record.path("outcomeReason").asText())
                .contains("ApprovalDeniedException")
                .contains("denied by dashboard");
        assertThat(outcome.path("finalWeights").path("blue").asInt())
                .as("production back on blue")
                .isEqualTo(100);
    }

    @Test
    @Order(3)
    void thePagesHistoryIsTheLedgers() throws Exception {
        // the page's last history (sent after the last outcome) against what cutover history reads from the ledger
        JsonNode shown = null;
        for (JsonNode event : JSON.readTree(get("/api/events"))) {
            if (kind(event, "history")) {
                shown = event.path("data");
            }
        }
        assertThat(shown).isNotNull();
        JsonNode ledger = json(cutover("history", "orders", "--limit", "20", "--output", "json"))
                .path("deployments");
        List<String> pageRows = new ArrayList<>();
        shown.path("deployments")
                .forEach(r -> pageRows.add(
                        r.path("deploymentId").asText() + " " + r.path("status").asText() + " "
                                + r.path("outcomeReason").asText("") + " "
                                + r.path("stages").size() + " "
                                + r.path("finishedAt").asText("")));
        List<String> ledgerRows = new ArrayList<>();
        ledger.forEach(r -> ledgerRows.add(r.path("deploymentId").asText() + " "
                + r.path("status").asText() + " "
                + r.path("outcomeReason").asText("") + " " + r.path("stages").size() + " "
                + r.path("finishedAt").asText("")));
        assertThat(pageRows).isEqualTo(ledgerRows);
        assertThat(pageRows.get(0)).startsWith("orders-dash-2 ROLLED_BACK");
        assertThat(pageRows.get(1)).startsWith("orders-dash-1 PROMOTED");
        assertThat(get("/api/events")).as("no task token on the page").doesNotContain("taskToken");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void startGated(String id) {
        started.add(id);
        OperatorCliEndToEndTest.Outcome run = cutover("deploy", "--spec", gated.toString(), "--deployment-id", id);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static OperatorCliEndToEndTest.Outcome cutover(String... args) {
        return ServeTestWorld.cutover(world, args);
    }

    private static JsonNode json(OperatorCliEndToEndTest.Outcome run) {
        return parse(run.out());
    }

    /** The ledger's record of the deployment ({@code cutover status --output json}); missing when it has none. */
    private static JsonNode status(String id) {
        OperatorCliEndToEndTest.Outcome run = cutover("status", id, "--output", "json");
        return run.out().isBlank() ? JSON.missingNode() : json(run).path("deployment");
    }

    private static HttpResponse<String> press(String action, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(page.uri().resolve("/api/" + action)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header(DashboardServer.TOKEN_HEADER, token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(page.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The streamed events from the {@code deployment} event naming {@code id} on. */
    private static List<JsonNode> streamedFor(String id) {
        List<JsonNode> all = List.copyOf(streamed);
        int from = -1;
        for (int i = 0; i < all.size(); i++) {
            if (kind(all.get(i), "deployment")
                    && all.get(i).at("/data/deploymentId").asText().equals(id)) {
                from = i;
            }
        }
        return from < 0 ? List.of() : all.subList(from, all.size());
    }

    /** Waits for the stream to deliver, during {@code id}'s deployment, an event of {@code kind} that matches. */
    private static JsonNode awaitStreamed(String id, String kind, Predicate<JsonNode> matches) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (Stream<JsonNode> events = streamedFor(id).stream()) {
                var found = events.filter(e -> kind(e, kind))
                        .map(e -> e.path("data"))
                        .filter(matches)
                        .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            assertThat(stream).as("the event stream is open").isNotDone();
            Thread.sleep(100);
        }
        throw new AssertionError("no " + kind + " event for " + id + "; progress: " + progress);
    }

    private static boolean kind(JsonNode event, String kind) {
        return event.path("kind").asText().equals(kind);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
