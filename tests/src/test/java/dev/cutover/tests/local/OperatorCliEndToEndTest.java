package dev.cutover.tests.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.cutover.runtime.demo.DemoSpec;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.serve.ServeWorld;
import dev.cutover.tests.support.CutoverCli;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands against {@code cutover serve}'s world, in-process: the same SDK clients and the same
 * Step Functions and Lambda APIs as on AWS. One world for the class, the deployments in order: a deploy followed
 * to promotion, a deploy aborted in its second stage's bake (100% blue, ledger ABORTED, lock free: the next
 * deployment starts), the history of all of them, and status by deployment and by service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * 4 s at 10% of 100 requests a second bring green twice the gates' 20 requests; the second stage bakes long
     * enough to be aborted in its bake.
     */
    private static final List<Duration> BAKES =
            List.of(Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofSeconds(2));

    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private static ServeWorld world;

    record Outcome(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void serve() {
        LocalLogging.configure("warn");
        world = ServeWorld.start(new ServeWorld.Options(0, 100, 16, BAKES, progress::add));
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        progress.forEach(System.out::println);
    }

    static Outcome cutover(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--endpoint-url", world.endpoint().toString(), "--region", "us-east-1"));
        CutoverCli run = CutoverCli.run(line);
        return new Outcome(run.exit(), run.out(), run.err());
    }

    /** Deployments the tests started, aborted after each test if still in progress, so the next can take the lock. */
    private static final List<String> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void abortLeftovers() throws Exception {
        for (String id : started) {
            Outcome status = cutover("status", id, "--output", "json");
            if (status.exitCode() == 0
                    && status.json().at("/deployment/status").asText().equals("IN_PROGRESS")) {
                cutover("abort", id, "--reason", "left over by a failed test");
            }
        }
        started.clear();
    }

    static Outcome deploy(String id, String... more) {
        started.add(id);
        List<String> line = new ArrayList<>(List.of(
                "deploy",
                "--spec-parameter",
                world.specParameter(),
                "--service",
                "orders",
                "--deployment-id",
                id,
                "--poll-interval",
                "200"));
        line.addAll(List.of(more));
        return cutover(line.toArray(String[]::new));
    }

    /** The app versions answering 20 requests on the production listener. */
    static Set<String> versionsServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Set<String> versions = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(world.productionUri() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            versions.add(JSON.readTree(response.body()).path("version").asText());
        }
        return versions;
    }

    @Test
    @Order(1)
    void deployWaitFollowsADeploymentToPromotion() throws Exception {
        Outcome outcome = deploy("orders-cli-1", "--wait");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err())
                .contains("started deployment orders-cli-1 of orders")
                .contains("stage 1 at 10%: blue 90 / green 10, shifted")
                .contains("stage 3 at 100%: blue 0 / green 100");
        assertThat(outcome.out()).contains("orders-cli-1: PROMOTED (execution SUCCEEDED)");

        Outcome status = cutover("status", "orders-cli-1", "--output", "json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.json().at("/deployment/status").asText()).isEqualTo("PROMOTED");
        assertThat(status.json().at("/deployment/stages")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(cutover("status", "orders").out()).contains("deployment orders-cli-1 (orders): PROMOTED");
        assertThat(versionsServed()).containsExactly("v2");
    }

    @Test
    @Order(2)
    void abortInTheSecondStagesBakePutsEverythingBackOnBlue() throws Exception {
        Set<String> before = versionsServed();
        Outcome start = deploy("orders-cli-2");
        assertThat(start.exitCode()).as(start.err()).isZero();

        // wait until the ledger shows the second stage's shift: its 12 s bake has begun
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode record = null;
        while (Instant.now().isBefore(deadline)) {
            Outcome status = cutover("status", "orders-cli-2", "--output", "json");
            if (status.exitCode() == 0) {
                record = status.json().path("deployment");
                if (record.path("stages").findValues("percent").stream().anyMatch(p -> p.asInt() == 50)) {
                    break;
                }
            }
            // exit 4 until ValidateAndLock opens the ledger entry; a deployment that ended on its own (an alarm on a
            // starved machine) before its second stage cannot be aborted in a bake: say so
            assertThat(status.exitCode())
                    .as("orders-cli-2 ended before its second stage: %s", status.out())
                    .isIn(0, 4);
            Thread.sleep(200);
        }
        assertThat(record).as("the second stage started").isNotNull();
        assertThat(record.path("status").asText()).isEqualTo("IN_PROGRESS");

        Outcome abort = cutover("abort", "orders-cli-2", "--reason", "wrong build", "--output", "json");

        assertThat(abort.exitCode()).as(abort.err()).isEqualTo(3);
        assertThat(abort.json().path("outcome").asText()).isEqualTo("ABORTED");
        assertThat(abort.json().path("weights").path("blue").asInt()).isEqualTo(100);
        assertThat(abort.json().path("weights").path("green").asInt()).isZero();
        Outcome status = cutover("status", "orders-cli-2", "--output", "json");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.json().at("/deployment/status").asText()).isEqualTo("ABORTED");
        assertThat(status.json().at("/deployment/outcomeReason").asText()).contains("wrong build");
        assertThat(versionsServed()).isEqualTo(before);

        Outcome again = cutover("abort", "orders-cli-2");
        assertThat(again.exitCode()).as("already finished: its outcome's code").isEqualTo(3);
        assertThat(cutover("abort", "orders-nope").exitCode()).isEqualTo(4);

        // the lock is free: the next deployment runs to promotion
        Outcome next = deploy("orders-cli-3", "--wait");
        assertThat(next.exitCode()).as(next.err()).isZero();
    }

    @Test
    @Order(3)
    void historyListsTheDeploymentsNewestFirst() throws Exception {
        Outcome history = cutover("history", "orders");

        assertThat(history.exitCode()).as(history.err()).isZero();
        List<String> rows = history.out().lines().skip(1).toList();
        assertThat(rows).extracting(r -> r.split("\\s+")[0]).startsWith("orders-cli-3", "orders-cli-2", "orders-cli-1");
        assertThat(rows.get(1)).contains("ABORTED").contains("wrong build");
        assertThat(rows.get(2)).contains("PROMOTED").contains("100% HEALTHY");

        JsonNode json =
                cutover("history", "orders", "--limit", "2", "--output", "json").json();
        assertThat(json.path("deployments")).hasSize(2);
    }

    // ---- approval gates: the demo's spec with a gate before its second stage, deployed inline -------------------

    static Path gatedSpec;

    /** The spec serve stores, with an approval gate (10 min) before the 50% stage, as a file for --spec. */
    static Path gatedSpec() throws Exception {
        if (gatedSpec == null) {
            String spec = DemoSpec.render(world.productionUri(), world.testUri(), 100, BAKES, false);
            String stage = "- { percent: 50, bakeSeconds: " + BAKES.get(1).toSeconds() + " }";
            assertThat(spec).contains(stage);
            gatedSpec = Files.createTempFile("gated", ".cutover.yaml");
            Files.writeString(
                    gatedSpec,
                    spec.replace(
                            stage,
                            "- { percent: 50, bakeSeconds: " + BAKES.get(1).toSeconds()
                                    + ", approval: { timeoutMinutes: 10 } }"));
        }
        return gatedSpec;
    }

    /** Starts a gated deployment and waits until the ledger shows its pending approval; returns the record. */
    static JsonNode startAndAwaitApproval(String id) throws Exception {
        started.add(id);
        Outcome start = cutover("deploy", "--spec", gatedSpec().toString(), "--deployment-id", id);
        assertThat(start.exitCode()).as(start.err()).isZero();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Outcome status = cutover("status", id, "--output", "json");
            if (status.exitCode() == 0
                    && status.json().at("/deployment/pendingApproval").isObject()) {
                return status.json().path("deployment");
            }
            assertThat(status.json().at("/deployment/status").asText("IN_PROGRESS"))
                    .as(status.out())
                    .isEqualTo("IN_PROGRESS");
            Thread.sleep(200);
        }
        throw new AssertionError(id + " never waited for approval");
    }

    @Test
    @Order(4)
    void approveLetsAGatedDeploymentGoOnToPromotion() throws Exception {
        JsonNode waiting = startAndAwaitApproval("orders-cli-4");
        assertThat(waiting.at("/pendingApproval/stageIndex").asInt()).isEqualTo(1);
        assertThat(cutover("status", "orders-cli-4").out())
                .contains("waiting for approval to shift stage 2 to 50%")
                .contains("cutover approve orders-cli-4");

        Outcome approve = cutover("approve", "orders-cli-4", "--requested-by", "lead");
        assertThat(approve.exitCode()).as(approve.err()).isZero();

        Outcome followed = cutover("deploy", "--follow", "orders-cli-4", "--poll-interval", "200");
        assertThat(followed.exitCode()).as(followed.err()).isZero();
        Outcome status = cutover("status", "orders-cli-4", "--output", "json");
        assertThat(status.json().at("/deployment/status").asText()).isEqualTo("PROMOTED");
        assertThat(status.json().at("/deployment/stages").findValuesAsText("verdict"))
                .anyMatch(v -> v.contains("approved by lead"));
        assertThat(cutover("approve", "orders-cli-4").exitCode())
                .as("nothing waits any more")
                .isEqualTo(4);
    }

    @Test
    @Order(5)
    void denyRollsAGatedDeploymentBack() throws Exception {
        Set<String> before = versionsServed();
        startAndAwaitApproval("orders-cli-5");

        Outcome deny = cutover("deny", "orders-cli-5", "--reason", "not today", "--requested-by", "lead");
        assertThat(deny.exitCode()).as(deny.err()).isZero();

        Outcome followed = cutover("deploy", "--follow", "orders-cli-5", "--poll-interval", "200");
        assertThat(followed.exitCode()).as(followed.err()).isEqualTo(1);
        Outcome status = cutover("status", "orders-cli-5", "--output", "json");
        assertThat(status.json().at("/deployment/status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(status.json().at("/deployment/outcomeReason").asText())
                .contains("ApprovalDeniedException")
                .contains("denied by lead: not today");
        assertThat(versionsServed()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void abortAtAnApprovalGateEndsItAborted() throws Exception {
        Set<String> before = versionsServed();
        startAndAwaitApproval("orders-cli-6");

        Outcome abort = cutover("abort", "orders-cli-6", "--reason", "changed my mind", "--output", "json");

        assertThat(abort.exitCode()).as(abort.err()).isEqualTo(3);
        assertThat(abort.json().path("weights").path("blue").asInt()).isEqualTo(100);
        Outcome status = cutover("status", "orders-cli-6", "--output", "json");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.json().at("/deployment/pendingApproval").isObject()).isFalse();
        assertThat(cutover("approve", "orders-cli-6").exitCode()).isEqualTo(4);
        assertThat(versionsServed()).isEqualTo(before);
    }
}
