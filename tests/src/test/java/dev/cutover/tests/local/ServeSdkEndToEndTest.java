package dev.cutover.tests.local;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;

import dev.cutover.runtime.serve.ServeWorld;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cutover serve}'s world driven by the AWS SDK v2 clients, unchanged but for {@code endpointOverride}: a
 * whole deployment through {@link SfnClient}, a function through {@link LambdaClient}, a callback task completed
 * and another stopped through the API, and AWS's error names surfacing as the SDK's exceptions.
 */
class ServeSdkEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/test";
    private static final String CALLBACK = "{\"StartAt\":\"Approve\",\"States\":{\"Approve\":{\"Type\":\"Task\","
            + "\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{"
            + "\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/123456789012/approvals\","
            + "\"MessageBody\":{\"token.$\":\"$$.Task.Token\"}},\"End\":true}}}";

    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private static ServeWorld world;
    private static SfnClient sfn;
    private static LambdaClient lambda;

    @BeforeAll
    static void serve() {
        world = ServeTestWorld.start(progress::add);
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sfn = SfnClient.builder()
                .endpointOverride(world.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        lambda = LambdaClient.builder()
                .endpointOverride(world.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {sfn, lambda, world}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the rest still closes
                }
            }
        }
        progress.forEach(System.out::println);
    }

    @Test
    void aWholeDeploymentThroughSfnClient() throws Exception {
        assertThat(sfn.listStateMachines(r -> {}).stateMachines())
                .extracting(StateMachineListItem::name)
                .contains("cutover-deployment");
        String arn = sfn.startExecution(r -> r.stateMachineArn(world.stateMachineArn())
                        .name("orders-sdk-1")
                        .input(world.sampleInput()))
                .executionArn();

        DescribeExecutionResponse described = describeUntilDone(arn);
        assertThat(described.status()).as(described.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(described.startDate()).isBefore(described.stopDate());
        JsonNode output = JSON.readTree(described.output());
        assertThat(output.at("/result/status").asText()).isEqualTo("PROMOTED");

        List<HistoryEvent> events =
                sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn).maxResults(10)).events().stream()
                        .toList();
        assertThat(events.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(events.get(0).executionStartedEventDetails().input()).isEqualTo(world.sampleInput());
        assertThat(events.get(events.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events)
                .filteredOn(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED)
                .extracting(e -> e.stateEnteredEventDetails().name())
                .containsSubsequence("ValidateAndLock", "PreTrafficChecks", "ShiftTraffic", "Finalize");
        assertThat(events).extracting(HistoryEvent::id).doesNotHaveDuplicates();
        assertThat(sfn.listExecutions(
                                r -> r.stateMachineArn(world.stateMachineArn()).statusFilter(ExecutionStatus.SUCCEEDED))
                        .executions())
                .extracting(e -> e.name())
                .contains("orders-sdk-1");
    }

    @Test
    void theAlarmPathStopsADeploymentStartedThroughTheApi() throws Exception {
        String arn = sfn.startExecution(r -> r.stateMachineArn(world.stateMachineArn())
                        .name("orders-sdk-alarm")
                        .input(world.sampleInput()))
                .executionArn();
        awaitTaskEntered(arn, "ShiftTraffic");

        // EventBridge's delivery of one of the spec's alarms going to ALARM, through Lambda's Invoke
        ObjectNode event = (ObjectNode) JSON.readTree(RepoFiles.read("events/alarm-state-change-alarm.json"));
        ((ObjectNode) event.get("detail")).put("alarmName", "orders-green-5xx-rate");
        InvokeResponse response =
                lambda.invoke(r -> r.functionName("AlarmTrigger").payload(SdkBytes.fromUtf8String(event.toString())));
        assertThat(response.functionError())
                .as(response.payload().asUtf8String())
                .isNull();

        DescribeExecutionResponse stopped = describeUntilDone(arn);
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).isEqualTo("dev.cutover.core.error.AlarmTriggeredRollback");
        assertThat(stopped.cause()).contains("orders-green-5xx-rate");
    }

    @Test
    void invokesAFunctionThroughLambdaClient() throws Exception {
        // the sample event of an alarm going back to OK: AlarmTrigger answers that it has nothing to do
        String event = RepoFiles.read("events/alarm-state-change-ok.json");
        InvokeResponse response =
                lambda.invoke(r -> r.functionName("AlarmTrigger").payload(SdkBytes.fromUtf8String(event)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(JSON.readTree(response.payload().asUtf8String())
                        .get("action")
                        .asText())
                .isEqualTo("IGNORED");

        InvokeResponse failed =
                lambda.invoke(r -> r.functionName("arn:aws:lambda:us-east-1:123456789012:function:ValidateAndLock")
                        .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(JSON.readTree(failed.payload().asUtf8String())
                        .get("errorType")
                        .asText())
                .isEqualTo("dev.cutover.core.error.InvalidWorkflowInputException");

        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("NoSuchFunction")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aCallbackTaskCompletesAndAnotherStopsThroughTheApi() throws Exception {
        String machine = sfn.createStateMachine(
                        r -> r.name("approval").definition(CALLBACK).roleArn(ROLE))
                .stateMachineArn();

        String approved = sfn.startExecution(r -> r.stateMachineArn(machine).name("approve-1"))
                .executionArn();
        String token = awaitToken(approved);
        sfn.sendTaskHeartbeat(r -> r.taskToken(token));
        sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":true}"));
        DescribeExecutionResponse done = describeUntilDone(approved);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree("{\"approved\":true}"));
        assertThatThrownBy(() -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")))
                .isInstanceOf(TaskDoesNotExistException.class);

        String rejected = sfn.startExecution(r -> r.stateMachineArn(machine).name("approve-2"))
                .executionArn();
        String token2 = awaitToken(rejected);
        sfn.sendTaskFailure(r -> r.taskToken(token2).error("Rejected").cause("no"));
        DescribeExecutionResponse failed = describeUntilDone(rejected);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("Rejected");

        String stopped = sfn.startExecution(r -> r.stateMachineArn(machine).name("approve-3"))
                .executionArn();
        awaitToken(stopped);
        sfn.stopExecution(r -> r.executionArn(stopped).error("Operator").cause("stopped by the test"));
        DescribeExecutionResponse aborted = describeUntilDone(stopped);
        assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(aborted.cause()).isEqualTo("stopped by the test");
    }

    @Test
    void awsErrorNamesAreTheSdksExceptions() {
        String unknown = world.stateMachineArn().replace(":stateMachine:", ":execution:") + ":never-started";
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(unknown)))
                .isInstanceOf(ExecutionDoesNotExistException.class)
                .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
    }

    /** The task token, as a client finds it: in TaskScheduled's parameters, once TaskSubmitted says it waits. */
    private static String awaitToken(String executionArn) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<HistoryEvent> events =
                    sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events();
            if (events.stream().anyMatch(e -> e.type() == HistoryEventType.TASK_SUBMITTED)) {
                HistoryEvent scheduled = events.stream()
                        .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED)
                        .findFirst()
                        .orElseThrow();
                return JSON.readTree(scheduled.taskScheduledEventDetails().parameters())
                        .at("/MessageBody/token")
                        .asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no task of " + executionArn + " waited for a callback within 20 s");
    }

    private static void awaitTaskEntered(String executionArn, String state) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            boolean entered = sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events().stream()
                    .anyMatch(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED
                            && e.stateEnteredEventDetails().name().equals(state));
            if (entered) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(executionArn + " did not enter " + state + " within 60 s");
    }

    private static DescribeExecutionResponse describeUntilDone(String executionArn) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(180);
        while (true) {
            DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (described.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                return described;
            }
            Thread.sleep(250);
        }
    }
}
