package dev.cutover.tests.local;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.runtime.serve.ServeWorld;
import dev.cutover.tests.support.ExternalTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover serve}'s world, started in-process on a free port, driven by the AWS CLI alone: a whole standalone
 * deployment of the demo's healthy spec through {@code aws stepfunctions start-execution}, {@code describe-execution}
 * until it ends, and {@code get-execution-history}. Without {@code aws} on the PATH it fails under CI=true and is
 * skipped elsewhere.
 */
class ServeAwsCliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEPLOYMENT_DEADLINE = Duration.ofSeconds(180);

    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private static ServeWorld world;

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() {
        world = ServeTestWorld.start(progress::add);
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        // the progress lands in the surefire output file, for whoever reads a failure
        progress.forEach(System.out::println);
    }

    @BeforeEach
    void requireAwsCli() {
        ExternalTool.require("install the AWS CLI (pip install awscli)", "aws", "--version");
    }

    @Test
    void aWholeDeploymentThroughTheAwsCli() throws Exception {
        String executionArn = world.stateMachineArn().replace(":stateMachine:", ":execution:") + ":orders-cli-1";
        JsonNode started = aws(
                "stepfunctions",
                "start-execution",
                "--state-machine-arn",
                world.stateMachineArn(),
                "--name",
                "orders-cli-1",
                "--input",
                world.sampleInput());
        assertThat(started.get("executionArn").asText()).isEqualTo(executionArn);

        JsonNode described = describeUntilDone(executionArn);
        assertThat(described.get("status").asText()).as(described.toString()).isEqualTo("SUCCEEDED");
        JsonNode output = JSON.readTree(described.get("output").asText());
        assertThat(output.at("/result/status").asText()).isEqualTo("PROMOTED");
        assertThat(output.at("/result/stageReached").asInt()).isEqualTo(100);
        assertThat(output.at("/deployment/deploymentId").asText()).isEqualTo("orders-cli-1");
        assertThat(output.at("/deployment/standalone").asBoolean()).isTrue();

        JsonNode history = aws("stepfunctions", "get-execution-history", "--execution-arn", executionArn);
        List<String> entered = new ArrayList<>();
        JsonNode events = history.get("events");
        for (JsonNode event : events) {
            if (event.get("type").asText().equals("TaskStateEntered")) {
                entered.add(event.at("/stateEnteredEventDetails/name").asText());
            }
        }
        assertThat(entered)
                .containsExactly(
                        "ValidateAndLock",
                        "PreTrafficChecks",
                        "ShiftTraffic",
                        "JudgeHealth",
                        "ShiftTraffic",
                        "JudgeHealth",
                        "ShiftTraffic",
                        "JudgeHealth",
                        "PostTrafficChecks",
                        "Finalize");
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionSucceeded");
        assertThat(events.get(0).get("timestamp").isNumber()).isTrue();

        JsonNode listed = aws(
                "stepfunctions",
                "list-executions",
                "--state-machine-arn",
                world.stateMachineArn(),
                "--status-filter",
                "SUCCEEDED");
        assertThat(listed.get("executions").get(0).get("name").asText()).isEqualTo("orders-cli-1");

        // the router really moved production: green (v2) answers it now
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(world.productionUri().resolve("/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.headers().firstValue("X-App-Version")).hasValue("v2");
    }

    @Test
    void anUnknownExecutionIsTheCliNamedError() {
        ExternalTool.Result result = cli(
                "stepfunctions",
                "describe-execution",
                "--execution-arn",
                world.stateMachineArn().replace(":stateMachine:", ":execution:") + ":never-started");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.stderr()).contains("(ExecutionDoesNotExist)").doesNotContain("Traceback");
    }

    private JsonNode describeUntilDone(String executionArn) throws Exception {
        Instant deadline = Instant.now().plus(DEPLOYMENT_DEADLINE);
        while (true) {
            JsonNode described = aws("stepfunctions", "describe-execution", "--execution-arn", executionArn);
            if (!described.get("status").asText().equals("RUNNING")
                    || Instant.now().isAfter(deadline)) {
                return described;
            }
            // polling a process: describe-execution is what a user of the CLI does, a second apart
            Thread.sleep(1000);
        }
    }

    private JsonNode aws(String... args) throws Exception {
        ExternalTool.Result result = cli(args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.stdout());
    }

    private ExternalTool.Result cli(String... args) {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", world.endpoint().toString(), "--output", "json"));
        return ExternalTool.run(
                dir,
                Duration.ofSeconds(60),
                Map.of(
                        "AWS_ACCESS_KEY_ID", "test",
                        "AWS_SECRET_ACCESS_KEY", "test",
                        "AWS_DEFAULT_REGION", "us-east-1",
                        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE",
                                dir.resolve("no-credentials").toString()),
                command.toArray(String[]::new));
    }
}
