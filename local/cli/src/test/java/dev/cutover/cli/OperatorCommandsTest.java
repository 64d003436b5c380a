package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.cutover.cli.FakeAws.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy, status, history, abort, approve and deny through their SDK clients against {@link FakeAws}: the requests
 * each makes (the Query and Abort contracts, the task token calls), its output as text and JSON, and its exit code.
 */
class OperatorCommandsTest extends FakeAwsCommandTest {

    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-deployment";
    static final String NOT_FOUND = "dev.cutover.core.error.DeploymentNotFoundException";

    /** A ledger record as Query returns it; {@code extra} is more single-quoted JSON fields. */
    static String record(String id, String status, String stages, String extra) {
        return ("{'deploymentId':'" + id + "','service':'orders','specVersion':'sha256:0123456789abcdef',"
                        + "'status':'" + status
                        + "','startedAt':'2026-12-07T10:00:00Z','updatedAt':'2026-12-07T10:12:00Z',"
                        + "'stages':[" + stages + "]" + (extra.isEmpty() ? "" : "," + extra) + "}")
                .replace('\'', '"');
    }

    static String stage(int index, int percent, String verdict, String at) {
        return "{'index':" + index + ",'percent':" + percent + ",'blueWeight':" + (100 - percent) + ",'greenWeight':"
                + percent + ",'verdict':'" + verdict + "','at':'" + at + "'}";
    }

    void query(String deploymentJsonOrNull) {
        aws.functions.put("Query", body -> Reply.ok("{'deployment':" + deploymentJsonOrNull + "}"));
    }

    // ---- status ---------------------------------------------------------------------------------------------------

    @Test
    void statusOfADeploymentInProgressShowsItsStagesAndExitsZero() throws Exception {
        query(record("orders-1", "IN_PROGRESS", stage(0, 10, "shifted", "2026-12-07T10:00:05Z"), ""));

        CliRun outcome = cutover("status", "orders-1");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("deployment orders-1 (orders): IN_PROGRESS")
                .contains("stage 1 at 10%: blue 90 / green 10, shifted");
        assertThat(aws.callsTo("Query"))
                .containsExactly(FakeAws.JSON.readTree("{\"action\":\"status\",\"deploymentId\":\"orders-1\"}"));
    }

    @Test
    void statusOfAServiceAsksForItsLastDeploymentAndExitsWithItsOutcome() throws Exception {
        aws.functions.put(
                "Query",
                body -> body.has("service")
                        ? Reply.ok("{'deployment':" + record("orders-7", "ROLLED_BACK", "", "'outcomeReason':'alarm x'")
                                + "}")
                        : Reply.ok("{'deployment':null}"));

        CliRun outcome = cutover("status", "orders");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("orders-7").contains("reason          alarm x");
        assertThat(aws.callsTo("Query").get(1).path("service").asText()).isEqualTo("orders");
    }

    @Test
    void statusExitCodesFollowTheLedger() {
        query(record("orders-1", "ABORTED", "", ""));
        assertThat(cutover("status", "orders-1").exitCode()).isEqualTo(3);
        query(record("orders-1", "PROMOTED", "", ""));
        assertThat(cutover("status", "orders-1").exitCode()).isZero();
        query(record("orders-1", "FAILED", "", ""));
        assertThat(cutover("status", "orders-1").exitCode()).isEqualTo(1);
        query("null");
        CliRun missing = cutover("status", "nothing-here");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("no deployment nothing-here");
    }

    @Test
    void statusAsJsonIsTheRecord() throws Exception {
        query(record("orders-1", "IN_PROGRESS", "", pendingApproval()));

        CliRun outcome = cutover("status", "orders-1", "--output", "json");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.json()
                        .path("deployment")
                        .path("pendingApproval")
                        .path("taskToken")
                        .asText())
                .isEqualTo("token-1");
    }

    @Test
    void aPendingApprovalSaysHowToAnswerIt() {
        query(record("orders-1", "IN_PROGRESS", "", pendingApproval()));

        assertThat(cutover("status", "orders-1").out())
                .contains("waiting for approval to shift stage 2 to 50%")
                .contains("cutover approve orders-1")
                .contains("cutover deny orders-1");
    }

    static String pendingApproval() {
        return "'pendingApproval':{'taskToken':'token-1','stageIndex':1,'percent':50,"
                + "'requestedAt':'2026-12-07T10:10:00Z','expiresAt':'2026-12-07T11:10:00Z'}";
    }

    // ---- history --------------------------------------------------------------------------------------------------

    @Test
    void historyIsATableNewestFirstWithTheStagesReached() throws Exception {
        String promoted = record(
                "orders-2",
                "PROMOTED",
                stage(0, 10, "shifted", "2026-12-07T10:00:05Z") + ","
                        + stage(0, 10, "HEALTHY: 5xx-rate green 0.10%", "2026-12-07T10:05:05Z") + ","
                        + stage(1, 100, "shifted", "2026-12-07T10:05:10Z") + ","
                        + stage(1, 100, "HEALTHY: fine", "2026-12-07T10:10:10Z"),
                "'finishedAt':'2026-12-07T10:10:30Z'");
        String aborted = record(
                "orders-1",
                "ABORTED",
                stage(0, 10, "shifted", "2026-12-07T10:00:05Z"),
                "'finishedAt':'2026-12-07T10:01:00Z','outcomeReason':'aborted by ops: wrong build'");
        aws.functions.put("Query", body -> Reply.ok("{'deployments':[" + promoted + "," + aborted + "]}"));

        CliRun outcome = cutover("history", "orders", "--limit", "5");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<String> lines = outcome.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("DEPLOYMENT").contains("STATUS", "STARTED", "DURATION", "STAGES", "REASON");
        assertThat(lines.get(1)).startsWith("orders-2").contains("PROMOTED", "10m30s", "10% HEALTHY, 100% HEALTHY");
        assertThat(lines.get(2)).startsWith("orders-1").contains("ABORTED", "1m00s", "10% shifted", "wrong build");
        assertThat(aws.callsTo("Query"))
                .containsExactly(FakeAws.JSON.readTree("{\"action\":\"history\",\"service\":\"orders\",\"limit\":5}"));

        JsonNode json = cutover("history", "orders", "--output", "json").json();
        assertThat(json.path("deployments")).hasSize(2);
    }

    @Test
    void historyOfAServiceWithoutDeploymentsIsNotFoundAndABadLimitIsUsage() {
        aws.functions.put("Query", body -> Reply.ok("{'deployments':[]}"));
        assertThat(cutover("history", "orders").exitCode()).isEqualTo(4);
        assertThat(cutover("history", "orders", "--limit", "0").exitCode()).isEqualTo(2);
        assertThat(cutover("history").exitCode()).as("SERVICE is required").isEqualTo(2);
    }

    // ---- abort ----------------------------------------------------------------------------------------------------

    @Test
    void abortInvokesAbortAndExitsThreeWhenItAborted() throws Exception {
        aws.functions.put(
                "Abort",
                body -> Reply.ok("{'deploymentId':'orders-1','service':'orders','outcome':'ABORTED','status':'ABORTED',"
                        + "'weights':{'blue':100,'green':0},'executionStopped':true,'message':'back on blue'}"));

        CliRun outcome = cutover("abort", "orders-1", "--reason", "wrong build", "--requested-by", "ops");

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(3);
        assertThat(outcome.out()).contains("orders-1: ABORTED (status ABORTED, blue 100 / green 0, execution stopped)");
        assertThat(aws.callsTo("Abort"))
                .containsExactly(FakeAws.JSON.readTree(
                        "{\"deploymentId\":\"orders-1\",\"reason\":\"wrong build\",\"requestedBy\":\"ops\"}"));
    }

    @Test
    void abortOfAFinishedDeploymentChangesNothingAndExitsWithItsOutcome() throws Exception {
        aws.functions.put(
                "Abort",
                body -> Reply.ok("{'deploymentId':'orders-1','service':'orders','outcome':'ALREADY_FINISHED',"
                        + "'status':'PROMOTED','weights':{'blue':0,'green':100},'executionStopped':false,"
                        + "'message':'already promoted'}"));
        CliRun promoted = cutover("abort", "orders-1", "--output", "json");
        assertThat(promoted.exitCode()).isZero();
        assertThat(promoted.json().path("outcome").asText()).isEqualTo("ALREADY_FINISHED");

        aws.functions.put(
                "Abort",
                body -> Reply.ok("{'deploymentId':'orders-1','service':'orders','outcome':'ALREADY_FINISHED',"
                        + "'status':'ROLLED_BACK','weights':{'blue':100,'green':0},'executionStopped':false}"));
        assertThat(cutover("abort", "orders-1").exitCode()).isEqualTo(1);
    }

    @Test
    void abortOfAnUnknownDeploymentIsNotFound() {
        aws.functions.put("Abort", body -> Reply.functionError(NOT_FOUND, "no deployment orders-404"));

        CliRun outcome = cutover("abort", "orders-404");

        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.err()).contains("no deployment orders-404");
    }

    // ---- approve and deny -----------------------------------------------------------------------------------------

    @Test
    void approveSendsTaskSuccessWithTheTokenOfThePendingApproval() {
        query(record("orders-1", "IN_PROGRESS", "", pendingApproval()));
        aws.sfn.put("SendTaskSuccess", body -> Reply.ok("{}"));

        CliRun outcome = cutover("approve", "orders-1", "--requested-by", "lead");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("orders-1: stage 2 (50%) approved by lead");
        JsonNode call = aws.callsTo("SendTaskSuccess").get(0);
        assertThat(call.path("taskToken").asText()).isEqualTo("token-1");
        JsonNode output = readJson(call.path("output").asText());
        assertThat(output.path("approvedBy").asText()).isEqualTo("lead");
        assertThat(output.path("at").asText()).isNotEmpty();
    }

    @Test
    void denySendsTaskFailureWithTheDeniedErrorAndTheReason() {
        query(record("orders-1", "IN_PROGRESS", "", pendingApproval()));
        aws.sfn.put("SendTaskFailure", body -> Reply.ok("{}"));

        CliRun outcome = cutover(
                "deny", "orders-1", "--reason", "error budget spent", "--requested-by", "lead", "--output", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode call = aws.callsTo("SendTaskFailure").get(0);
        assertThat(call.path("taskToken").asText()).isEqualTo("token-1");
        assertThat(call.path("error").asText()).isEqualTo("dev.cutover.core.error.ApprovalDeniedException");
        assertThat(call.path("cause").asText()).isEqualTo("denied by lead: error budget spent");
    }

    @Test
    void approveOrDenyWithNothingWaitingIsRefusedAndSendsNothing() {
        query(record("orders-1", "IN_PROGRESS", "", ""));
        CliRun approve = cutover("approve", "orders-1");
        assertThat(approve.exitCode()).isEqualTo(4);
        assertThat(approve.err()).contains("nothing waits for approval");
        assertThat(cutover("deny", "orders-1").exitCode()).isEqualTo(4);
        query("null");
        assertThat(cutover("approve", "orders-9").exitCode()).isEqualTo(4);
        assertThat(aws.callsTo("SendTaskSuccess")).isEmpty();
        assertThat(aws.callsTo("SendTaskFailure")).isEmpty();
    }

    @Test
    void anExpiredGateIsRefused() {
        query(record("orders-1", "IN_PROGRESS", "", pendingApproval()));
        aws.sfn.put("SendTaskSuccess", body -> Reply.error("TaskTimedOut", "Task Timed Out"));

        CliRun outcome = cutover("approve", "orders-1");

        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.err()).contains("TaskTimedOut");
    }

    // ---- deploy ---------------------------------------------------------------------------------------------------

    @Test
    void anInvalidSpecIsRefusedBeforeAnyCallNamingTheFileAndField() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, Files.readString(orders()).replace("percent: 100", "percent: 90"));

        CliRun outcome = cutover("deploy", "--spec", spec.toString(), "--wait");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains(spec.toString()).contains("shifting.stages[3].percent");
        assertThat(aws.calls).isEmpty();
    }

    @Test
    void deployStartsTheExecutionNamedAfterTheDeploymentWithTheSpecInline() throws Exception {
        aws.sfn.put(
                "StartExecution",
                body -> Reply.ok("{'executionArn':'" + MACHINE.replace("stateMachine", "execution") + ":"
                        + body.path("name").asText() + "','startDate':1700000000}"));

        CliRun outcome = cutover("deploy", "--spec", orders().toString(), "--deployment-id", "orders-42");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode start = aws.callsTo("StartExecution").get(0);
        assertThat(start.path("stateMachineArn").asText()).isEqualTo(MACHINE);
        assertThat(start.path("name").asText()).isEqualTo("orders-42");
        JsonNode input = readJson(start.path("input").asText());
        assertThat(input.path("service").asText()).isEqualTo("orders");
        assertThat(input.path("deploymentId").asText()).isEqualTo("orders-42");
        assertThat(input.path("spec").path("shifting").path("stages")).hasSize(4);
        assertThat(input.has("specParameter")).isFalse();
        assertThat(outcome.out()).startsWith("orders-42 arn:aws:states:");
    }

    @Test
    void deployBySpecParameterNeedsTheService() throws Exception {
        assertThat(cutover("deploy", "--spec-parameter", "/cutover/orders/spec").exitCode())
                .isEqualTo(2);
        aws.sfn.put("StartExecution", body -> Reply.ok("{'executionArn':'arn:x','startDate':1700000000}"));

        CliRun outcome = cutover(
                "deploy", "--spec-parameter", "/cutover/orders/spec", "--service", "orders", "--output", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode input =
                readJson(aws.callsTo("StartExecution").get(0).path("input").asText());
        assertThat(input.path("specParameter").asText()).isEqualTo("/cutover/orders/spec");
        assertThat(input.has("spec")).isFalse();
        assertThat(input.path("deploymentId").asText()).startsWith("orders-");
        assertThat(outcome.json().path("executionArn").asText()).isEqualTo("arn:x");
    }

    @Test
    void specAndSpecParameterTogetherAreAUsageError() throws Exception {
        CliRun outcome = cutover("deploy", "--spec", orders().toString(), "--spec-parameter", "/x");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(aws.calls).isEmpty();
    }

    @Test
    void aSecondStartOfTheSameIdIsRefused() throws Exception {
        aws.sfn.put("StartExecution", body -> Reply.error("ExecutionAlreadyExists", "Execution Already Exists"));

        CliRun outcome = cutover("deploy", "--spec", orders().toString(), "--deployment-id", "orders-42");

        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.err()).contains("ExecutionAlreadyExists");
    }

    /** Answers DescribeExecution RUNNING {@code running} times, then {@code finalStatus}. */
    void execution(int running, String finalStatus) {
        AtomicInteger described = new AtomicInteger();
        execution(() -> described.getAndIncrement() < running, finalStatus);
    }

    /** Query answers with the records in turn, then the last one for ever. */
    void ledger(String... records) {
        AtomicInteger asked = new AtomicInteger();
        aws.functions.put(
                "Query",
                body -> Reply.ok(
                        "{'deployment':" + records[Math.min(asked.getAndIncrement(), records.length - 1)] + "}"));
    }

    /** {@code deploy --spec orders --deployment-id ID --wait}, polling every 10 ms, plus {@code more}. */
    CliRun deployAndWait(String id, String... more) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                "deploy", "--spec", orders().toString(), "--deployment-id", id, "--wait", "--poll-interval", "10"));
        line.addAll(List.of(more));
        return cutover(line.toArray(String[]::new));
    }

    @Test
    void deployWaitFollowsTheStagesToPromotionAndExitsZero() throws Exception {
        execution(3, "SUCCEEDED");
        String s1 = stage(0, 10, "shifted", "2026-12-07T10:00:05Z");
        String j1 = stage(0, 10, "HEALTHY: 5xx-rate green 0.10% (2/2000)", "2026-12-07T10:07:05Z");
        String s2 = stage(1, 100, "shifted", "2026-12-07T10:07:10Z");
        ledger(
                "null",
                record("orders-42", "IN_PROGRESS", s1, ""),
                record("orders-42", "IN_PROGRESS", s1 + "," + j1 + "," + s2, ""),
                record("orders-42", "PROMOTED", s1 + "," + j1 + "," + s2, "'finishedAt':'2026-12-07T10:12:00Z'"));

        CliRun outcome = deployAndWait("orders-42");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err())
                .contains("started deployment orders-42 of orders")
                .contains("stage 1 at 10%: blue 90 / green 10, shifted")
                .contains("stage 1 at 10%: blue 90 / green 10, HEALTHY: 5xx-rate green 0.10% (2/2000)")
                .contains("stage 2 at 100%: blue 0 / green 100, shifted")
                .contains("orders-42: PROMOTED");
        assertThat(outcome.err().indexOf("HEALTHY: 5xx-rate"))
                .as("each entry once, in order")
                .isEqualTo(outcome.err().lastIndexOf("HEALTHY: 5xx-rate"))
                .isGreaterThan(outcome.err().indexOf(", shifted"));
        assertThat(outcome.out()).contains("orders-42: PROMOTED (execution SUCCEEDED)");
        assertThat(aws.callsTo("DescribeExecution")).hasSize(4);
    }

    @Test
    void deployWaitExitsOneOnARollbackAndThreeOnAnAbort() throws Exception {
        execution(1, "FAILED");
        ledger(record("orders-42", "ROLLED_BACK", "", "'outcomeReason':'HealthGateFailedException: UNHEALTHY'"));
        CliRun rolledBack = deployAndWait("orders-42", "--output", "json");
        assertThat(rolledBack.exitCode()).as(rolledBack.err()).isEqualTo(1);
        assertThat(rolledBack.json().path("deployment").path("outcomeReason").asText())
                .contains("UNHEALTHY");
        assertThat(rolledBack.json().path("executionStatus").asText()).isEqualTo("FAILED");

        execution(0, "ABORTED");
        ledger(record("orders-43", "ABORTED", "", ""));
        assertThat(cutover("deploy", "--spec", orders().toString(), "--deployment-id", "orders-43", "--wait")
                        .exitCode())
                .isEqualTo(3);
    }

    @Test
    void withASpecParameterTheBakeTimeLeftComesFromTheExecutionsPlan() throws Exception {
        execution(2, "SUCCEEDED");
        String now = java.time.Instant.now().toString();
        ledger(
                record("orders-44", "IN_PROGRESS", stage(0, 10, "shifted", now), ""),
                record("orders-44", "PROMOTED", stage(0, 10, "shifted", now), ""));
        aws.sfn.put(
                "GetExecutionHistory",
                body -> Reply.ok("{'events':[{'id':1,'type':'ExecutionStarted','timestamp':1700000000},"
                        + "{'id':2,'type':'LambdaFunctionSucceeded','timestamp':1700000001,"
                        + "'lambdaFunctionSucceededEventDetails':{'output':'"
                        + "{\\'deploymentId\\':\\'orders-44\\',\\'stages\\':[{\\'index\\':0,"
                        + "\\'percent\\':10,\\'bakeSeconds\\':600}]}'}}]}"));

        CliRun outcome = cutover(
                "deploy",
                "--spec-parameter",
                "/cutover/orders/spec",
                "--service",
                "orders",
                "--deployment-id",
                "orders-44",
                "--wait",
                "--poll-interval",
                "10");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).containsPattern("baking at 10%: (9m5\\ds|10m00s) left, then judged");
        assertThat(aws.callsTo("GetExecutionHistory")).hasSize(1);
    }

    @Test
    void deployWithoutALedgerRecordTakesTheExecutionsOutcome() throws Exception {
        execution(0, "FAILED");
        aws.sfn.put(
                "DescribeExecution",
                body -> Reply.ok("{'executionArn':'x','stateMachineArn':'" + MACHINE + "','status':'FAILED',"
                        + "'startDate':1700000000,'error':'dev.cutover.core.error.SpecException',"
                        + "'cause':'spec.routing: not the stack'}"));
        ledger("null");

        CliRun outcome = cutover("deploy", "--spec", orders().toString(), "--wait", "--poll-interval", "10");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("no ledger record").contains("SpecException: spec.routing: not the stack");
    }

    @Test
    void aCodeDeployDeploymentIsFollowedWithoutStartingAnything() throws Exception {
        execution(1, "SUCCEEDED");
        ledger(record("d-ABCDEF123", "PROMOTED", "", ""));

        CliRun outcome = cutover("deploy", "--codedeploy-deployment", "d-ABCDEF123", "--poll-interval", "10");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(aws.callsTo("StartExecution")).isEmpty();
        assertThat(aws.callsTo("DescribeExecution").get(0).path("executionArn").asText())
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:cutover-deployment:d-ABCDEF123");
    }

    // ---- where Cutover is -----------------------------------------------------------------------------------------

    @Test
    void theStateMachineArnAndTheFunctionPrefixAreUsedAsGiven() {
        aws.functions.put(
                "cutover-orders-Query", body -> Reply.ok("{'deployment':" + record("o-1", "PROMOTED", "", "") + "}"));
        aws.sfn.put(
                "DescribeExecution",
                body -> Reply.ok("{'executionArn':'x','stateMachineArn':'y','status':'SUCCEEDED','startDate':1}"));

        assertThat(cutover("status", "o-1", "--function-prefix", "cutover-orders-")
                        .exitCode())
                .isZero();
        assertThat(cutover(
                                "deploy",
                                "--codedeploy-deployment",
                                "o-1",
                                "--function-prefix",
                                "cutover-orders-",
                                "--state-machine-arn",
                                "arn:aws:states:us-east-1:123456789012:stateMachine:mine")
                        .exitCode())
                .isZero();
        assertThat(aws.callsTo("ListStateMachines")).isEmpty();
        assertThat(aws.callsTo("DescribeExecution").get(0).path("executionArn").asText())
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:mine:o-1");
    }

    @Test
    void anUnreachableEndpointOrAMissingFunctionIsRefused() {
        CliRun missing = cutover("status", "orders-1");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("Query");

        CliRun unreachable =
                cutover("status", "orders-1", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1");
        assertThat(unreachable.exitCode()).isEqualTo(4);
        assertThat(unreachable.err()).contains("cannot reach AWS");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(cutover("status", "orders-1", "--nope").exitCode()).isEqualTo(2);
        assertThat(cutover("abort").exitCode()).isEqualTo(2);
    }

    static JsonNode readJson(String text) {
        try {
            return FakeAws.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
