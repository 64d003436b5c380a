package dev.cutover.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.cutover.cli.FakeAws.Reply;

import static dev.cutover.cli.OperatorCommandsTest.record;
import static dev.cutover.cli.OperatorCommandsTest.stage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover deploy --report} and {@code --dashboard} on the operator's side, against a fake AWS: the report
 * holds the ledger's record and the service's history; the page follows what {@code --wait} polls, and its Approve
 * sends the pending approval's task token only with the run's token.
 */
class DeployDashboardTest extends FakeAwsCommandTest {

    private static final Pattern FIELD = Pattern.compile("data-(field|ledger)=\"([^\"]+)\">([^<]*)<");
    private static final Pattern DASHBOARD =
            Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/) +\\(token for its buttons: (\\S+)\\)");

    final HttpClient http = HttpClient.newHttpClient();

    /** The Query function: status answers {@code current}'s record, history {@code history}'s list. */
    void ledger(java.util.function.Supplier<String> current, String history) {
        aws.functions.put(
                "Query",
                body -> body.path("action").asText().equals("history")
                        ? Reply.ok("{'deployments':[" + history + "]}")
                        : Reply.ok("{'deployment':" + current.get() + "}"));
    }

    @Test
    void deployReportWritesTheLedgersRecordAndTheServicesHistory() throws Exception {
        // given a deployment that the ledger records as promoted, after an earlier rolled-back one
        AtomicBoolean done = new AtomicBoolean(true);
        execution(() -> !done.get(), "SUCCEEDED");
        String stages = stage(0, 10, "shifted", "2026-12-07T10:00:05Z") + ","
                + stage(0, 10, "HEALTHY: 5xx-rate green 0.10% (2/2000)", "2026-12-07T10:07:05Z") + ","
                + stage(1, 100, "shifted", "2026-12-07T10:07:10Z");
        String promoted = record("orders-50", "PROMOTED", stages, "'finishedAt':'2026-12-07T10:12:00Z'");
        String earlier = record(
                        "orders-49",
                        "ROLLED_BACK",
                        stage(0, 10, "UNHEALTHY: 5xx", "2026-12-06T09:01:00Z") + ","
                                + stage(0, 0, "rolled back: UNHEALTHY", "2026-12-06T09:01:02Z"),
                        "'finishedAt':'2026-12-07T10:01:03Z','outcomeReason':'HealthGateFailedException: UNHEALTHY'")
                .replace("2026-12-07T10:00:00Z", "2026-12-07T10:00:30Z");
        ledger(() -> promoted, promoted + "," + earlier);
        Path file = dir.resolve("deploy.html");

        // when it is deployed with --report (which follows it, as --wait does)
        CliRun run = cutover(
                "deploy",
                "--spec",
                orders().toString(),
                "--deployment-id",
                "orders-50",
                "--report",
                file.toString(),
                "--poll-interval",
                "10");

        // then the exit code is the outcome's and every number on the page is the ledger's
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("report of orders-50 (PROMOTED) written to");
        Map<String, String> shown = fields(Files.readString(file));
        JsonNode record = OperatorApi.JSON.readTree(promoted);
        JsonNode history = OperatorApi.JSON.readTree("[" + promoted + "," + earlier + "]");
        for (Map.Entry<String, String> field : shown.entrySet()) {
            String key = field.getKey();
            if (key.startsWith("record:")) {
                String path = key.substring("record:".length());
                assertThat(field.getValue()).as(path).isEqualTo(at(record, path));
            }
        }
        assertThat(shown)
                .containsKeys(
                        "record:status",
                        "record:stages.2.greenWeight",
                        "record:stages.1.verdict",
                        "history.1.outcomeReason");
        // the history, newest first: outcome, reason, stages reached, duration, each as the ledger has it
        for (int i = 0; i < history.size(); i++) {
            JsonNode r = history.get(i);
            String p = "history." + i + ".";
            assertThat(shown.get(p + "deploymentId"))
                    .isEqualTo(r.path("deploymentId").asText());
            assertThat(shown.get(p + "status")).isEqualTo(r.path("status").asText());
            assertThat(shown.get(p + "outcomeReason"))
                    .isEqualTo(r.path("outcomeReason").asText(""));
            assertThat(shown.get(p + "durationMs"))
                    .isEqualTo(String.valueOf(Duration.between(
                                    Instant.parse(r.path("startedAt").asText()),
                                    Instant.parse(r.path("finishedAt").asText()))
                            .toMillis()));
        }
        assertThat(shown.get("history.0.stagesReached")).as("stages 1 and 2").isEqualTo("2");
        assertThat(shown.get("history.1.stagesReached"))
                .as("the rollback's 0%% entry is no stage")
                .isEqualTo("1");
        assertThat(aws.callsTo("Query").stream().map(q -> q.path("action").asText()))
                .contains("status", "history");
    }

    @Test
    void deployDashboardShowsTheWaitingStageAndItsApproveNeedsTheRunsToken() throws Exception {
        // given a deployment waiting for approval before its second stage, until the task token is answered
        AtomicBoolean answered = new AtomicBoolean();
        execution(() -> !answered.get(), "SUCCEEDED");
        String shifted = stage(0, 10, "shifted", "2026-12-07T10:00:05Z");
        String waiting = record(
                "orders-51",
                "IN_PROGRESS",
                shifted,
                "'pendingApproval':{'taskToken':'tok-51','stageIndex':1,'percent':100,"
                        + "'expiresAt':'2026-12-07T11:00:00Z'}");
        String promoted = record(
                "orders-51",
                "PROMOTED",
                shifted + "," + stage(1, 100, "shifted; approved by dashboard", "2026-12-07T10:09:00Z"),
                "'finishedAt':'2026-12-07T10:12:00Z'");
        ledger(() -> answered.get() ? promoted : waiting, waiting);
        aws.sfn.put("SendTaskSuccess", body -> {
            answered.set(true);
            return Reply.ok("{}");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String spec = orders().toString();

        // when it is deployed with --dashboard
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {
                    "deploy",
                    "--spec",
                    spec,
                    "--deployment-id",
                    "orders-51",
                    "--dashboard",
                    "--dashboard-linger",
                    "0",
                    "--poll-interval",
                    "20",
                    "--endpoint-url",
                    aws.endpoint().toString(),
                    "--region",
                    "us-east-1"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));

        // then it prints the page's address and token, and the page shows the stage waiting
        Matcher printed = awaitPrinted(err, run);
        URI page = URI.create(printed.group(1));
        String token = printed.group(2);
        JsonNode approval = awaitEvent(page, "approval");
        assertThat(approval.path("status").asText()).isEqualTo("waiting");
        assertThat(approval.path("stageIndex").asInt()).isEqualTo(1);
        assertThat(events(page).toString())
                .as("the page never serves the task token")
                .doesNotContain("tok-51");

        // a press without the run's token is refused and answers nothing
        assertThat(post(page.resolve("api/approve"), null).statusCode()).isEqualTo(403);
        assertThat(post(page.resolve("api/approve"), "not-the-token").statusCode())
                .isEqualTo(403);
        assertThat(aws.callsTo("SendTaskSuccess")).isEmpty();
        assertThat(run).isNotDone();

        // with it, Approve sends the pending approval's task token, and the deployment goes on to its outcome
        HttpResponse<String> approve = post(page.resolve("api/approve"), token);
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(202);
        assertThat(approve.body()).contains("approved stage 2 (100%) of orders-51");
        assertThat(aws.callsTo("SendTaskSuccess")).singleElement().satisfies(call -> {
            assertThat(call.path("taskToken").asText()).isEqualTo("tok-51");
            assertThat(OperatorApi.JSON
                            .readTree(call.path("output").asText())
                            .path("approvedBy")
                            .asText())
                    .isEqualTo("dashboard");
        });
        assertThat(run.get(20, TimeUnit.SECONDS))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("orders-51: PROMOTED");
    }

    private Matcher awaitPrinted(ByteArrayOutputStream err, CompletableFuture<Integer> run) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = DASHBOARD.matcher(err.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            assertThat(run).as(err.toString(StandardCharsets.UTF_8)).isNotDone();
            Thread.sleep(20);
        }
        throw new AssertionError("no dashboard address printed: " + err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode events(URI page) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(page.resolve("api/events")).build(), HttpResponse.BodyHandlers.ofString());
        return OperatorApi.JSON.readTree(response.body());
    }

    /** The last event of that kind the page has, waiting for one. */
    private JsonNode awaitEvent(URI page, String kind) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            JsonNode found = null;
            for (JsonNode event : events(page)) {
                if (event.path("kind").asText().equals(kind)) {
                    found = event.path("data");
                }
            }
            if (found != null) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the page never had a " + kind + " event: " + events(page));
    }

    private HttpResponse<String> post(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Cutover-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> fields(String html) {
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(html);
        while (m.find()) {
            shown.put(
                    m.group(1).equals("ledger") ? m.group(2) : "record:" + m.group(2),
                    m.group(3)
                            .replace("&lt;", "<")
                            .replace("&gt;", ">")
                            .replace("&quot;", "\"")
                            .replace("&#39;", "'")
                            .replace("&amp;", "&"));
        }
        return shown;
    }

    private static String at(JsonNode node, String path) {
        JsonNode at = node;
        for (String part : path.split("\\.")) {
            at = part.chars().allMatch(Character::isDigit) ? at.path(Integer.parseInt(part)) : at.path(part);
        }
        return at.asText();
    }
}
