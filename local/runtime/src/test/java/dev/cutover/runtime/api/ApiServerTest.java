package dev.cutover.runtime.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.states.Engine;
import dev.cutover.states.TaskResolvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Step Functions and Lambda APIs over real HTTP on 127.0.0.1, each operation and each error shape. */
class ApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/test";
    private static final String PASS = "{\"StartAt\":\"Hello\",\"States\":{\"Hello\":{\"Type\":\"Pass\","
            + "\"Parameters\":{\"greeting.$\":\"$.name\"},\"Next\":\"Echo\"},"
            + "\"Echo\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:echo\","
            + "\"End\":true}}}";
    private static final String WAIT =
            "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\"," + "\"Seconds\":600,\"End\":true}}}";
    private static final String CALLBACK = "{\"StartAt\":\"Approve\",\"States\":{\"Approve\":{\"Type\":\"Task\","
            + "\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{"
            + "\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/123456789012/approvals\","
            + "\"MessageBody\":{\"token.$\":\"$$.Task.Token\"}},\"HeartbeatSeconds\":600,\"End\":true}}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private ApiServer server;

    @BeforeEach
    void start() {
        Engine engine = Engine.builder()
                .realTime()
                .taskResolver(TaskResolvers.builder()
                        .lambdaFunction("echo", (input, ctx) -> input)
                        .fallback(new CallbackTasks(progress::add))
                        .build())
                .build();
        StepFunctionsApi stepFunctions =
                new StepFunctionsApi(engine, "us-east-1", "123456789012", Clock.systemUTC(), progress::add);
        RequestHandler<Map<String, Object>, Map<String, Object>> echo = (event, context) -> Map.of("echo", event);
        RequestHandler<Map<String, Object>, Map<String, Object>> broken = (event, context) -> {
            throw new IllegalStateException("the spec is missing");
        };
        RequestHandler<Map<String, Object>, Map<String, Object>> asserting = (event, context) -> {
            throw new AssertionError("an invariant broke");
        };
        server = ApiServer.start(
                0,
                stepFunctions,
                new LambdaApi(
                        Map.of("Echo", echo, "Broken", broken, "Asserting", asserting), Runnable::run, progress::add));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- state machines ----------------------------------------------------------------------------------------

    @Test
    void createsDescribesAndListsStateMachinesWithPaging() throws Exception {
        JsonNode created = ok("CreateStateMachine", body("name", "pass", "definition", PASS, "roleArn", ROLE));
        String arn = created.get("stateMachineArn").asText();
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:pass");
        assertThat(created.get("creationDate").isNumber()).isTrue();
        // the same name, definition and role again: the same machine (idempotent)
        assertThat(ok("CreateStateMachine", body("name", "pass", "definition", PASS, "roleArn", ROLE))
                        .get("stateMachineArn")
                        .asText())
                .isEqualTo(arn);
        ok("CreateStateMachine", body("name", "wait", "definition", WAIT, "roleArn", ROLE));

        JsonNode described = ok("DescribeStateMachine", body("stateMachineArn", arn));
        assertThat(described.get("name").asText()).isEqualTo("pass");
        assertThat(described.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(described.get("type").asText()).isEqualTo("STANDARD");
        assertThat(described.get("roleArn").asText()).isEqualTo(ROLE);
        assertThat(JSON.readTree(described.get("definition").asText())).isEqualTo(JSON.readTree(PASS));

        JsonNode first = ok("ListStateMachines", JSON.createObjectNode().put("maxResults", 1));
        assertThat(first.get("stateMachines")).hasSize(1);
        assertThat(first.get("stateMachines").get(0).get("name").asText()).isEqualTo("pass");
        JsonNode second = ok(
                "ListStateMachines",
                JSON.createObjectNode()
                        .put("maxResults", 1)
                        .put("nextToken", first.get("nextToken").asText()));
        assertThat(second.get("stateMachines").get(0).get("name").asText()).isEqualTo("wait");
        assertThat(second.has("nextToken")).isFalse();
    }

    @Test
    void refusesBadStateMachinesInAwsTerms() throws Exception {
        ok("CreateStateMachine", body("name", "pass", "definition", PASS, "roleArn", ROLE));
        error(
                "CreateStateMachine",
                body("name", "pass", "definition", WAIT, "roleArn", ROLE),
                "StateMachineAlreadyExists");
        error(
                "CreateStateMachine",
                body("name", "bad", "definition", "{\"StartAt\":\"X\"}", "roleArn", ROLE),
                "InvalidDefinition");
        error(
                "CreateStateMachine",
                body("name", "bad", "definition", "not json", "roleArn", ROLE),
                "InvalidDefinition");
        error("CreateStateMachine", body("name", "a b", "definition", PASS, "roleArn", ROLE), "InvalidName");
        error("CreateStateMachine", body("name", "ok", "definition", PASS, "roleArn", "nope"), "InvalidArn");
        JsonNode missing =
                error("CreateStateMachine", body("definition", PASS, "roleArn", ROLE), "ValidationException");
        assertThat(missing.get("message").asText()).contains("'name'");
        error("DescribeStateMachine", body("stateMachineArn", "not-an-arn"), "InvalidArn");
        error(
                "DescribeStateMachine",
                body("stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:nope"),
                "StateMachineDoesNotExist");
        error(
                "StartExecution",
                body("stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:nope"),
                "StateMachineDoesNotExist");
    }

    // ---- executions --------------------------------------------------------------------------------------------

    @Test
    void runsAnExecutionAndAnswersItsDescriptionHistoryAndListing() throws Exception {
        String machine = create("pass", PASS);
        JsonNode started =
                ok("StartExecution", body("stateMachineArn", machine, "name", "run-1", "input", "{\"name\":\"blue\"}"));
        String arn = started.get("executionArn").asText();
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:pass:run-1");
        assertThat(started.get("startDate").isNumber()).isTrue();

        JsonNode done = awaitStatus(arn, "SUCCEEDED");
        assertThat(JSON.readTree(done.get("output").asText())).isEqualTo(JSON.readTree("{\"greeting\":\"blue\"}"));
        assertThat(done.get("input").asText()).isEqualTo("{\"name\":\"blue\"}");
        assertThat(done.get("stopDate").decimalValue())
                .isGreaterThanOrEqualTo(done.get("startDate").decimalValue());
        assertThat(done.get("stateMachineArn").asText()).isEqualTo(machine);

        JsonNode history = ok("GetExecutionHistory", body("executionArn", arn)).get("events");
        List<String> types = new ArrayList<>();
        history.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types)
                .containsExactly(
                        "ExecutionStarted",
                        "PassStateEntered",
                        "PassStateExited",
                        "TaskStateEntered",
                        "LambdaFunctionScheduled",
                        "LambdaFunctionStarted",
                        "LambdaFunctionSucceeded",
                        "TaskStateExited",
                        "ExecutionSucceeded");
        JsonNode first = history.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(1);
        assertThat(first.get("previousEventId").asLong()).isZero();
        assertThat(first.get("timestamp").isNumber()).isTrue();
        assertThat(first.get("executionStartedEventDetails").get("input").asText())
                .isEqualTo("{\"name\":\"blue\"}");
        assertThat(history.get(1).get("stateEnteredEventDetails").get("name").asText())
                .isEqualTo("Hello");

        // paging, newest first, and without the execution data
        JsonNode page = ok(
                "GetExecutionHistory",
                JSON.createObjectNode()
                        .put("executionArn", arn)
                        .put("reverseOrder", true)
                        .put("maxResults", 2)
                        .put("includeExecutionData", false));
        assertThat(page.get("events")).hasSize(2);
        assertThat(page.get("events").get(0).get("type").asText()).isEqualTo("ExecutionSucceeded");
        assertThat(page.get("events")
                        .get(0)
                        .get("executionSucceededEventDetails")
                        .has("output"))
                .isFalse();
        JsonNode rest = ok(
                "GetExecutionHistory",
                JSON.createObjectNode()
                        .put("executionArn", arn)
                        .put("reverseOrder", true)
                        .put("nextToken", page.get("nextToken").asText()));
        assertThat(rest.get("events")).hasSize(types.size() - 2);
        assertThat(rest.has("nextToken")).isFalse();

        JsonNode listed = ok("ListExecutions", body("stateMachineArn", machine, "statusFilter", "SUCCEEDED"));
        assertThat(listed.get("executions")).hasSize(1);
        assertThat(listed.get("executions").get(0).get("executionArn").asText()).isEqualTo(arn);
        assertThat(ok("ListExecutions", body("stateMachineArn", machine, "statusFilter", "RUNNING"))
                        .get("executions"))
                .isEmpty();
        assertThat(progress).contains("execution run-1 of pass started");
        await().atMost(Duration.ofSeconds(5)).until(() -> progress.contains("execution run-1 SUCCEEDED"));
    }

    @Test
    void startIsIdempotentWhileRunningAndRefusesAReusedName() throws Exception {
        String machine = create("wait", WAIT);
        String arn = ok("StartExecution", body("stateMachineArn", machine, "name", "once", "input", "{\"a\":1}"))
                .get("executionArn")
                .asText();
        assertThat(ok("StartExecution", body("stateMachineArn", machine, "name", "once", "input", "{ \"a\" : 1 }"))
                        .get("executionArn")
                        .asText())
                .isEqualTo(arn);
        error(
                "StartExecution",
                body("stateMachineArn", machine, "name", "once", "input", "{\"a\":2}"),
                "ExecutionAlreadyExists");
        error("StartExecution", body("stateMachineArn", machine, "name", "bad name"), "InvalidName");
        error("StartExecution", body("stateMachineArn", machine, "input", "{oops"), "InvalidExecutionInput");
        error(
                "StartExecution",
                body("stateMachineArn", machine, "name", "twice", "input", "{\"a\":1,\"a\":2}"),
                "InvalidExecutionInput");

        JsonNode stopped =
                ok("StopExecution", body("executionArn", arn, "error", "Operator", "cause", "changed my mind"));
        assertThat(stopped.get("stopDate").isNumber()).isTrue();
        JsonNode aborted = awaitStatus(arn, "ABORTED");
        assertThat(aborted.get("error").asText()).isEqualTo("Operator");
        assertThat(aborted.get("cause").asText()).isEqualTo("changed my mind");
        List<String> types = new ArrayList<>();
        ok("GetExecutionHistory", body("executionArn", arn))
                .get("events")
                .forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).last().isEqualTo("ExecutionAborted");
        // a name is not reused once its execution ended, whatever the input
        error(
                "StartExecution",
                body("stateMachineArn", machine, "name", "once", "input", "{\"a\":1}"),
                "ExecutionAlreadyExists");
        assertThat(ok("ListExecutions", body("stateMachineArn", machine, "statusFilter", "ABORTED"))
                        .get("executions"))
                .hasSize(1);
        error("ListExecutions", body("stateMachineArn", machine, "statusFilter", "DONE"), "ValidationException");
    }

    @Test
    void unknownAndMalformedExecutionArnsAreAwsErrors() throws Exception {
        String unknown = "arn:aws:states:us-east-1:123456789012:execution:pass:nope";
        error("DescribeExecution", body("executionArn", unknown), "ExecutionDoesNotExist");
        error("GetExecutionHistory", body("executionArn", unknown), "ExecutionDoesNotExist");
        error("StopExecution", body("executionArn", unknown), "ExecutionDoesNotExist");
        error(
                "DescribeExecution",
                body("executionArn", "arn:aws:states:us-east-1:123456789012:stateMachine:pass"),
                "InvalidArn");
        error("DescribeExecution", JSON.createObjectNode(), "ValidationException");
        error("DescribeExecution", JSON.createObjectNode().put("executionArn", 42), "ValidationException");
        String machine = create("pass", PASS);
        error("ListExecutions", body("stateMachineArn", machine, "nextToken", "garbage"), "InvalidToken");
    }

    // ---- task tokens -------------------------------------------------------------------------------------------

    @Test
    void sendTaskSuccessCompletesAWaitingTask() throws Exception {
        String machine = create("approval", CALLBACK);
        String arn = start(machine, "approve-1");
        String token = awaitToken(arn);
        assertThat(progress).anyMatch(line -> line.startsWith("task waits for a callback") && line.contains(token));

        ok("SendTaskHeartbeat", body("taskToken", token));
        error("SendTaskSuccess", body("taskToken", token, "output", "{not json"), "InvalidOutput");
        ok("SendTaskSuccess", body("taskToken", token, "output", "{\"approved\":true}"));
        JsonNode done = awaitStatus(arn, "SUCCEEDED");
        assertThat(JSON.readTree(done.get("output").asText())).isEqualTo(JSON.readTree("{\"approved\":true}"));
        // the task is over: its token answers no more
        error("SendTaskSuccess", body("taskToken", token, "output", "{}"), "TaskDoesNotExist");
        error("SendTaskHeartbeat", body("taskToken", token), "TaskDoesNotExist");
    }

    @Test
    void sendTaskFailureFailsAWaitingTask() throws Exception {
        String machine = create("approval", CALLBACK);
        String arn = start(machine, "approve-2");
        String token = awaitToken(arn);
        ok("SendTaskFailure", body("taskToken", token, "error", "Rejected", "cause", "not today"));
        JsonNode failed = awaitStatus(arn, "FAILED");
        assertThat(failed.get("error").asText()).isEqualTo("Rejected");
        assertThat(failed.get("cause").asText()).isEqualTo("not today");
        error("SendTaskFailure", body("taskToken", "not-a-token"), "InvalidToken");
        error("SendTaskSuccess", body("output", "{}"), "ValidationException");
    }

    // ---- the protocol ------------------------------------------------------------------------------------------

    @Test
    void unknownOperationsAndBadBodiesAreAwsErrors() throws Exception {
        HttpResponse<String> unknown = post("AWSStepFunctions.DeleteStateMachine", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");

        HttpResponse<String> noTarget = post(null, "{}");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noTarget.body()).get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<String> badJson = post("AWSStepFunctions.ListStateMachines", "{\"maxResults\":");
        assertThat(badJson.statusCode()).isEqualTo(400);
        JsonNode badJsonBody = JSON.readTree(badJson.body());
        assertThat(badJsonBody.get("__type").asText()).isEqualTo("SerializationException");
        assertThat(badJsonBody.get("message").asText()).doesNotContain("\tat ");

        HttpResponse<String> notObject = post("AWSStepFunctions.ListStateMachines", "[1]");
        assertThat(JSON.readTree(notObject.body()).get("__type").asText()).isEqualTo("SerializationException");

        HttpResponse<String> elsewhere = http.send(
                HttpRequest.newBuilder(server.uri().resolve("/elsewhere")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(elsewhere.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    // ---- Lambda ------------------------------------------------------------------------------------------------

    @Test
    void invokesAFunctionByNameOrArn() throws Exception {
        HttpResponse<String> byName = invoke("Echo", "{\"a\":1}", null);
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(byName.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(JSON.readTree(byName.body())).isEqualTo(JSON.readTree("{\"echo\":{\"a\":1}}"));

        HttpResponse<String> byArn =
                invoke("arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3AEcho", "{}", null);
        assertThat(byArn.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(byArn.body())).isEqualTo(JSON.readTree("{\"echo\":{}}"));

        assertThat(invoke("Echo", "{}", "Event").statusCode()).isEqualTo(202);
        assertThat(invoke("Echo", "{}", "DryRun").statusCode()).isEqualTo(204);
    }

    @Test
    void aFunctionErrorIsAnUnhandledErrorAsLambdaAnswersIt() throws Exception {
        HttpResponse<String> failed = invoke("Broken", "{}", null);
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode body = JSON.readTree(failed.body());
        assertThat(body.get("errorMessage").asText()).isEqualTo("the spec is missing");
        assertThat(body.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");

        HttpResponse<String> error = invoke("Asserting", "{}", null);
        assertThat(error.statusCode()).isEqualTo(200);
        assertThat(error.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(JSON.readTree(error.body()).get("errorType").asText()).isEqualTo("java.lang.AssertionError");

        HttpResponse<String> notAnObject = invoke("Echo", "[1,2]", null);
        assertThat(notAnObject.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
    }

    @Test
    void unknownFunctionsAndBadPayloadsAreLambdaErrors() throws Exception {
        HttpResponse<String> unknown = invoke("Nope", "{}", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-Amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(JSON.readTree(unknown.body()).get("message").asText())
                .contains("Nope")
                .contains("Echo");

        HttpResponse<String> badPayload = invoke("Echo", "{oops", null);
        assertThat(badPayload.statusCode()).isEqualTo(400);
        assertThat(badPayload.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidRequestContentException");

        // a key given twice is refused, as in specs, not left for the last one to win
        HttpResponse<String> twice = invoke("Echo", "{\"a\":1,\"a\":2}", null);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidRequestContentException");
        assertThat(JSON.readTree(twice.body()).get("message").asText()).contains("Duplicate field 'a'");

        HttpResponse<String> badType = invoke("Echo", "{}", "Later");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidParameterValueException");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private String create(String name, String definition) throws Exception {
        return ok("CreateStateMachine", body("name", name, "definition", definition, "roleArn", ROLE))
                .get("stateMachineArn")
                .asText();
    }

    private String start(String machine, String name) throws Exception {
        return ok("StartExecution", body("stateMachineArn", machine, "name", name))
                .get("executionArn")
                .asText();
    }

    /**
     * The task token, as a client finds it: in the TaskScheduled event's parameters, once TaskSubmitted says the
     * request went out (and the task waits).
     */
    private String awaitToken(String executionArn) {
        String[] token = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode events = ok("GetExecutionHistory", body("executionArn", executionArn))
                    .get("events");
            boolean submitted = false;
            for (JsonNode event : events) {
                String type = event.get("type").asText();
                if (type.equals("TaskScheduled")) {
                    JsonNode parameters = JSON.readTree(event.get("taskScheduledEventDetails")
                            .get("parameters")
                            .asText());
                    token[0] = parameters.get("MessageBody").get("token").asText();
                }
                submitted |= type.equals("TaskSubmitted");
            }
            return submitted;
        });
        return token[0];
    }

    private JsonNode awaitStatus(String executionArn, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            last[0] = ok("DescribeExecution", body("executionArn", executionArn));
            return last[0].get("status").asText().equals(status);
        });
        return last[0];
    }

    private static ObjectNode body(String... pairs) {
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put(pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private JsonNode ok(String operation, JsonNode request) throws Exception {
        HttpResponse<String> response = post("AWSStepFunctions." + operation, request.toString());
        assertThat(response.statusCode()).as(operation + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        return JSON.readTree(response.body());
    }

    private JsonNode error(String operation, JsonNode request, String type) throws Exception {
        HttpResponse<String> response = post("AWSStepFunctions." + operation, request.toString());
        assertThat(response.statusCode()).as(operation + ": " + response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("__type").asText()).as(response.body()).isEqualTo(type);
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> invoke(String function, String payload, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.uri() + "/2015-03-31/functions/" + function + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (type != null) {
            request.header("X-Amz-Invocation-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
