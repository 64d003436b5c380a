package dev.cutover.states;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.json;
import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;

/** Task states run by Java handlers: resolution, substitutions, results, errors, timeouts, callbacks. */
class TaskStateTest {

    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:check";

    static class InventoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InventoryException(String message) {
            super(message);
        }
    }

    private static String task(String resource, String extra) {
        return "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + resource + "'"
                + (extra.isEmpty() ? "" : "," + extra) + ",'End':true}}}";
    }

    private static ExecutionResult run(TaskResolver resolver, String definition, String input) {
        return Machines.run(Machines.engine().taskResolver(resolver).build(), definition, input);
    }

    @Test
    void aHandlerGetsTheEffectiveInputAndItsResultGoesThroughSelectorAndResultPath() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    seen.set(input);
                    return node("{'status':'ok','noise':1}");
                })
                .build();
        ExecutionResult result = run(
                resolver,
                task(
                        FN,
                        "'InputPath':'$.req','Parameters':{'id.$':'$.id','k':'v'},"
                                + "'ResultSelector':{'s.$':'$.status'},'ResultPath':'$.check'"),
                "{'req':{'id':7}}");
        assertThat(seen.get()).isEqualTo(node("{'id':7,'k':'v'}"));
        assertThat(result.output()).isEqualTo(node("{'req':{'id':7},'check':{'s':'ok'}}"));
    }

    @Test
    void resourcePlaceholdersAreSubstitutedBeforeResolution() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> TextNode.valueOf(ctx.resource()))
                .build();
        StateMachine machine = StateMachine.compile(json(task("${CheckArn}", "")), Map.of("CheckArn", FN));
        ExecutionResult result =
                Machines.engine().taskResolver(resolver).build().run(machine, "{}", "t");
        assertThat(result.output().textValue()).isEqualTo(FN);
    }

    @Test
    void anUnresolvedResourceFailsWithTaskFailedAndSaysWhy() {
        ExecutionResult result = run(TaskResolver.none(), task("${Missing}", ""), "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause())
                .contains("No handler or mock is configured for resource '${Missing}'")
                .contains("state 'T'")
                .contains("substitution");
    }

    @Test
    void aHandlerExceptionBecomesTheErrorNamedByItsClass() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    throw new InventoryException("out of stock");
                })
                .build();
        ExecutionResult result = run(resolver, task(FN, ""), "{}");
        assertThat(result.error()).isEqualTo("dev.cutover.states.TaskStateTest$InventoryException");
        assertThat(result.cause()).isEqualTo("out of stock");
    }

    @Test
    void statesErrorChoosesTheErrorName() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    throw new StatesError("Lambda.TooManyRequestsException", "Rate exceeded");
                })
                .build();
        ExecutionResult result = run(resolver, task(FN, ""), "{}");
        assertThat(result.error()).isEqualTo("Lambda.TooManyRequestsException");
        assertThat(result.cause()).isEqualTo("Rate exceeded");
    }

    @Test
    void lambdaFunctionsAnswerTheirArnAndTheInvokeIntegration() {
        TaskResolver resolver = TaskResolvers.builder()
                .lambdaFunction("check", (input, ctx) -> node("{'got':" + input + "}"))
                .build();
        ExecutionResult direct = run(resolver, task(FN + ":live", ""), "{'a':1}");
        assertThat(direct.output()).isEqualTo(node("{'got':{'a':1}}"));
        ExecutionResult integration = run(
                resolver,
                task(
                        "arn:aws:states:::lambda:invoke",
                        "'Parameters':{'FunctionName':'" + FN + "','Payload.$':'$'},'OutputPath':'$.Payload'"),
                "{'a':2}");
        assertThat(integration.output()).isEqualTo(node("{'got':{'a':2}}"));
        ExecutionResult unknown = run(
                resolver,
                task("arn:aws:states:::lambda:invoke", "'Parameters':{'FunctionName':'other','Payload.$':'$'}"),
                "{}");
        assertThat(unknown.error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void lambdaArnsRecordLambdaFunctionEventsAndIntegrationsRecordTaskEvents() {
        TaskResolver resolver = TaskResolvers.builder()
                .lambdaFunction("check", (input, ctx) -> input)
                .build();
        List<String> direct = run(resolver, task(FN, ""), "{}").history().stream()
                .map(HistoryEvent::type)
                .toList();
        assertThat(direct)
                .containsExactly(
                        "ExecutionStarted",
                        "TaskStateEntered",
                        "LambdaFunctionScheduled",
                        "LambdaFunctionStarted",
                        "LambdaFunctionSucceeded",
                        "TaskStateExited",
                        "ExecutionSucceeded");
        ExecutionResult viaIntegration = run(
                resolver,
                task("arn:aws:states:::lambda:invoke", "'Parameters':{'FunctionName':'check','Payload':{}}"),
                "{}");
        assertThat(viaIntegration.history().stream().map(HistoryEvent::type).toList())
                .containsExactly(
                        "ExecutionStarted",
                        "TaskStateEntered",
                        "TaskScheduled",
                        "TaskStarted",
                        "TaskSucceeded",
                        "TaskStateExited",
                        "ExecutionSucceeded");
        HistoryEvent scheduled = viaIntegration.history().get(2);
        assertThat(scheduled.details().get("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.details().get("resource").asText()).isEqualTo("invoke");
        assertThat(scheduled.details().get("region").asText()).isEqualTo("us-east-1");
        assertThat(scheduled.details().get("parameters").asText())
                .isEqualTo("{\"FunctionName\":\"check\",\"Payload\":{}}");
    }

    @Test
    void aFailedTaskRecordsItsErrorInTheHistory() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::sns:publish", (input, ctx) -> {
                    throw new StatesError("SNS.NotFoundException", "no topic");
                })
                .build();
        ExecutionResult result = run(resolver, task("arn:aws:states:::sns:publish", ""), "{}");
        HistoryEvent failed = result.history().get(4);
        assertThat(failed.type()).isEqualTo("TaskFailed");
        assertThat(failed.error()).isEqualTo("SNS.NotFoundException");
        assertThat(failed.cause()).isEqualTo("no topic");
        assertThat(failed.details().get("resourceType").asText()).isEqualTo("sns");
        assertThat(result.history().get(5).type()).isEqualTo("ExecutionFailed");
    }

    @Test
    void aHandlerSleepingPastTimeoutSecondsTimesOutAtTheDeadlineInVirtualTime() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    ctx.sleep(Duration.ofMinutes(10));
                    return input;
                })
                .build();
        ExecutionResult result = run(resolver, task(FN, "'TimeoutSeconds':30"), "{}");
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(result.history().stream().map(HistoryEvent::type)).contains("LambdaFunctionTimedOut");
    }

    @Test
    void timeoutSecondsPathReadsTheLimitFromTheInput() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    assertThat(ctx.remainingTime()).contains(Duration.ofSeconds(5));
                    ctx.sleep(Duration.ofSeconds(6));
                    return input;
                })
                .build();
        ExecutionResult result = run(resolver, task(FN, "'TimeoutSecondsPath':'$.limit'"), "{'limit':5}");
        assertThat(result.error()).isEqualTo("States.Timeout");
    }

    @Test
    void heartbeatsKeepALongTaskAliveAndMissingOneTimesItOut() {
        TaskResolver beating = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    for (int i = 0; i < 10; i++) {
                        ctx.sleep(Duration.ofSeconds(50));
                        ctx.heartbeat();
                    }
                    return TextNode.valueOf("done");
                })
                .build();
        ExecutionResult alive = run(beating, task(FN, "'HeartbeatSeconds':60,'TimeoutSeconds':3600"), "{}");
        assertThat(alive.output().textValue()).isEqualTo("done");
        assertThat(alive.duration()).isEqualTo(Duration.ofSeconds(500));

        TaskResolver silent = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    ctx.sleep(Duration.ofSeconds(50));
                    ctx.heartbeat();
                    ctx.sleep(Duration.ofSeconds(70));
                    return TextNode.valueOf("never");
                })
                .build();
        ExecutionResult dead = run(silent, task(FN, "'HeartbeatSeconds':60"), "{}");
        assertThat(dead.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(dead.duration()).isEqualTo(Duration.ofSeconds(110));
    }

    @Test
    void realTimeTimeoutInterruptsASlowHandler() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    Thread.sleep(30_000);
                    return input;
                })
                .build();
        Engine engine = Engine.builder().taskResolver(resolver).build();
        long start = System.nanoTime();
        ExecutionResult result = engine.run(StateMachine.compile(json(task(FN, "'TimeoutSeconds':1"))), "{}", "t");
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 10_000L);
    }

    @Test
    void waitForTaskTokenWaitsForTheCallbackAndExposesTheToken() throws Exception {
        List<String> tokens = new CopyOnWriteArrayList<>();
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken", (input, ctx) -> {
                    assertThat(ctx.taskToken()).hasValue(input.get("token").asText());
                    tokens.add(input.get("token").asText());
                    return node("{'MessageId':'m-1'}");
                })
                .build();
        Engine engine = Engine.builder().taskResolver(resolver).build();
        StateMachine machine = StateMachine.compile(json(
                task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "'Parameters':{'token.$':'$$.Task.Token'}")));
        Execution execution = engine.start(machine, "{}", "callback");
        while (tokens.isEmpty()) {
            Thread.onSpinWait();
        }
        engine.sendTaskSuccess(tokens.get(0), node("{'approved':true}"));
        ExecutionResult result = execution.await(Duration.ofSeconds(10));
        assertThat(result.output()).isEqualTo(node("{'approved':true}"));
        assertThat(result.history().stream().map(HistoryEvent::type))
                .containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void aCallbackFailureFailsTheTask() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken", (input, ctx) -> null)
                .build();
        Engine[] holder = new Engine[1];
        TaskResolver failing = resource -> resolver.resolve(resource).map(h -> (input, ctx) -> {
            holder[0].sendTaskFailure(ctx.taskToken().orElseThrow(), "Approval.Denied", "nope");
            return null;
        });
        holder[0] = Machines.engine().taskResolver(failing).build();
        ExecutionResult result =
                Machines.run(holder[0], task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", ""), "{}");
        assertThat(result.error()).isEqualTo("Approval.Denied");
        assertThat(result.cause()).isEqualTo("nope");
    }

    @Test
    void aHandlerReturningNullGivesJsonNull() {
        TaskResolver resolver =
                TaskResolvers.builder().resource(FN, (input, ctx) -> null).build();
        assertThat(run(resolver, task(FN, "'ResultPath':'$.r'"), "{}").output()).isEqualTo(node("{'r':null}"));
    }

    @Test
    void theContextTellsTheHandlerWhereItRuns() {
        AtomicReference<String> seen = new AtomicReference<>();
        TaskResolver resolver = TaskResolvers.builder()
                .resource(FN, (input, ctx) -> {
                    seen.set(ctx.stateName() + "|" + ctx.executionName() + "|" + ctx.executionArn() + "|"
                            + ctx.retryCount() + "|"
                            + ctx.contextObject().at("/State/Name").asText());
                    return input;
                })
                .build();
        run(resolver, task(FN, ""), "{}");
        assertThat(seen.get()).isEqualTo("T|test|arn:aws:states:us-east-1:123456789012:execution:Test:test|0|T");
    }
}
