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
        String waiting = waitingForApproval("orders-51", shifted, "tok-51", "");
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

        // when it is deployed with --dashboard
        CompletableFuture<Integer> run = deployWithDashboard("orders-51", out, err);

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

    private static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/";
    private static final String ROLES = "'blueTargetGroup':'" + TG + "orders-blue/0123456789abcdef',"
            + "'greenTargetGroup':'" + TG + "orders-green/fedcba9876543210'";

    @Test
    void deployDashboardChartsBluesAndGreensTrafficFromCloudWatch() throws Exception {
        // given a deployment at 10% whose ledger records its roles, and CloudWatch's last minute for each group:
        // blue 1200 requests, 6 5xx, p99 0.25 s; green 120 requests, 3 5xx, p99 0.4 s
        AtomicBoolean done = new AtomicBoolean();
        execution(() -> !done.get(), "SUCCEEDED");
        String shifted = stage(0, 10, "shifted", "2026-12-07T10:00:05Z");
        String running = record("orders-52", "IN_PROGRESS", shifted, ROLES);
        String promoted = record("orders-52", "PROMOTED", shifted, ROLES + ",'finishedAt':'2026-12-07T10:12:00Z'");
        ledger(() -> done.get() ? promoted : running, running);
        aws.cloudWatch.put(
                "GetMetricData",
                body -> metricData(
                        body,
                        Map.of(
                                "targetgroup/orders-blue/0123456789abcdef", new double[] {1200, 6, 0.25},
                                "targetgroup/orders-green/fedcba9876543210", new double[] {120, 3, 0.4})));

        // when it is deployed with --dashboard
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = deployWithDashboard("orders-52", new ByteArrayOutputStream(), err);
        URI page = URI.create(awaitPrinted(err, run).group(1));

        // then the page's feed carries each version's numbers from CloudWatch, per second over the 60 s period
        JsonNode sample =
                awaitEvent(page, "metrics", m -> m.path("source").asText().equals("CloudWatch"));
        assertThat(sample.path("weights").path("green").asInt()).isEqualTo(10);
        assertThat(sample.path("blue").path("rps").asDouble()).isEqualTo(20.0);
        assertThat(sample.path("blue").path("errorRate").asDouble()).isEqualTo(0.005);
        assertThat(sample.path("blue").path("p99Ms").asDouble()).isEqualTo(250.0);
        assertThat(sample.path("green").path("rps").asDouble()).isEqualTo(2.0);
        assertThat(sample.path("green").path("errorRate").asDouble()).isEqualTo(0.025);
        assertThat(sample.path("green").path("p99Ms").asDouble()).isEqualTo(400.0);
        assertThat(awaitEvent(page, "metricsSource").path("available").asBoolean())
                .isTrue();

        // read as the health judge reads them: one call per group, under the production listener's load balancer,
        // and no more within the metric period however often the deployment is polled
        await(() -> aws.callsTo("Query").size() > 20);
        assertThat(aws.callsTo("GetMetricData"))
                .hasSize(2)
                .allSatisfy(call -> assertThat(call.toString()).contains("app/orders/0123456789abcdef"))
                .anySatisfy(call -> assertThat(call.toString()).contains("targetgroup/orders-blue/"))
                .anySatisfy(call -> assertThat(call.toString()).contains("targetgroup/orders-green/"));

        done.set(true);
        assertThat(run.get(20, TimeUnit.SECONDS))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(aws.callsTo("GetMetricData"))
                .as("none once the deployment has ended")
                .hasSize(2);
    }

    @Test
    void aCloudWatchRefusalMarksTheChartsWithoutDataAndTheRestOfTheFeedGoesOn() throws Exception {
        // given a deployment at 10%, and a CLI identity CloudWatch refuses GetMetricData
        AtomicBoolean done = new AtomicBoolean();
        execution(() -> !done.get(), "SUCCEEDED");
        String shifted = stage(0, 10, "shifted", "2026-12-07T10:00:05Z");
        String running = waitingForApproval("orders-53", shifted, "tok-53", ROLES + ",");
        String promoted = record(
                "orders-53",
                "PROMOTED",
                shifted + "," + stage(1, 100, "shifted", "2026-12-07T10:09:00Z"),
                ROLES + ",'finishedAt':'2026-12-07T10:12:00Z'");
        ledger(() -> done.get() ? promoted : running, running);
        aws.cloudWatch.put(
                "GetMetricData",
                body -> FakeAws.Reply.queryError(
                        403, "AccessDenied", "not authorized to perform: cloudwatch:GetMetricData"));

        // when it is deployed with --dashboard
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = deployWithDashboard("orders-53", new ByteArrayOutputStream(), err);
        URI page = URI.create(awaitPrinted(err, run).group(1));

        // then the feed says the charts have no data from CloudWatch, and why
        JsonNode source = awaitEvent(page, "metricsSource");
        assertThat(source.path("available").asBoolean()).isFalse();
        assertThat(source.path("source").asText()).isEqualTo("CloudWatch");
        assertThat(source.path("reason").asText()).contains("AccessDenied");

        // and the deployment's view goes on: its stage, its approval waiting, the service's history
        assertThat(awaitEvent(page, "stage").path("weights").path("green").asInt())
                .isEqualTo(10);
        assertThat(awaitEvent(page, "approval").path("status").asText()).isEqualTo("waiting");
        assertThat(awaitEvent(page, "history").path("deployments").size()).isEqualTo(1);
        JsonNode events = events(page);
        assertThat(events.findValues("source").stream().filter(v -> v.asText().equals("CloudWatch")))
                .as("no CloudWatch sample, one unavailable notice")
                .hasSize(1);

        // and it follows the deployment to its end
        done.set(true);
        assertThat(run.get(20, TimeUnit.SECONDS))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8).split("no data from CloudWatch", -1))
                .as("said once on standard error")
                .hasSize(2);
    }

    /** The ledger's record of a deployment at its first stage, waiting for approval of its second (100%). */
    private static String waitingForApproval(String id, String stages, String taskToken, String extra) {
        return record(
                id,
                "IN_PROGRESS",
                stages,
                extra + "'pendingApproval':{'taskToken':'" + taskToken + "','stageIndex':1,'percent':100,"
                        + "'expiresAt':'2026-12-07T11:00:00Z'}");
    }

    /** {@code cutover deploy --spec orders --dashboard}, polled every 20 ms, in the background. */
    private CompletableFuture<Integer> deployWithDashboard(
            String id, ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
        String spec = orders().toString();
        return CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {
                    "deploy",
                    "--spec",
                    spec,
                    "--deployment-id",
                    id,
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
    }

    /**
     * GetMetricData's answer for the target group the request names: each query's one datapoint, by its id
     * (requests, 5xx, a latency percentile in seconds), as {@code {requests, errors5xx, latencySeconds}}.
     */
    private static FakeAws.Reply metricData(JsonNode request, Map<String, double[]> byTargetGroup) {
        double[] values = null;
        for (JsonNode field : request) {
            values = values != null ? values : byTargetGroup.get(field.asText());
        }
        StringBuilder results = new StringBuilder();
        for (int i = 1; request.has("MetricDataQueries.member." + i + ".Id"); i++) {
            String id = request.path("MetricDataQueries.member." + i + ".Id").asText();
            double value = values[id.equals("requests") ? 0 : id.equals("errors5xx") ? 1 : 2];
            results.append("<member><Id>")
                    .append(id)
                    .append("</Id><Label>")
                    .append(id)
                    .append("</Label><StatusCode>Complete</StatusCode><Timestamps><member>2026-12-07T10:00:00Z")
                    .append("</member></Timestamps><Values><member>")
                    .append(value)
                    .append("</member></Values></member>");
        }
        return new FakeAws.Reply(
                200,
                "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricDataResult>"
                        + "<MetricDataResults>" + results + "</MetricDataResults><Messages/></GetMetricDataResult>"
                        + "<ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>"
                        + "</GetMetricDataResponse>",
                null);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 20 s").isBefore(deadline);
            Thread.sleep(20);
        }
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
        return awaitEvent(page, kind, data -> true);
    }

    /** The last event of that kind whose data matches, waiting for one. */
    private JsonNode awaitEvent(URI page, String kind, java.util.function.Predicate<JsonNode> matching)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            JsonNode found = null;
            for (JsonNode event : events(page)) {
                if (event.path("kind").asText().equals(kind) && matching.test(event.path("data"))) {
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
