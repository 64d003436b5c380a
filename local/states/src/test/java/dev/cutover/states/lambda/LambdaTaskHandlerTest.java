package dev.cutover.states.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.cutover.states.Engine;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.StateMachine;
import dev.cutover.states.TaskResolvers;

import static org.assertj.core.api.Assertions.assertThat;

/** Lambda RequestHandlers run as Task handlers: typed input/output, Context, exceptions named by class. */
class LambdaTaskHandlerTest {

    public record ShiftRequest(String service, int percent) {}

    public record ShiftResult(String service, int green, int blue, int remainingMillis) {}

    public static final class WeightsUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WeightsUnavailableException(String message) {
            super(message);
        }
    }

    static final class ShiftHandler implements RequestHandler<ShiftRequest, ShiftResult> {
        @Override
        public ShiftResult handleRequest(ShiftRequest request, Context context) {
            if (request.percent() > 100) {
                throw new WeightsUnavailableException("percent " + request.percent() + " is over 100");
            }
            context.getLogger().log("shifting " + request.service());
            return new ShiftResult(
                    request.service(), request.percent(), 100 - request.percent(), context.getRemainingTimeInMillis());
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ExecutionResult run(LambdaTaskHandler handler, String taskFields, String input) {
        String definition = "{\"StartAt\":\"Shift\",\"States\":{\"Shift\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:eu-west-1:123456789012:function:shift\"" + taskFields
                + ",\"End\":true}}}";
        Engine engine = Engine.builder()
                .virtualTime(Instant.parse("2024-01-01T00:00:00Z"))
                .region("eu-west-1")
                .taskResolver(
                        TaskResolvers.builder().lambdaFunction("shift", handler).build())
                .build();
        return engine.run(StateMachine.compile(definition), input, "lambda-test");
    }

    @Test
    void typedInputAndOutputConvertThroughJackson() {
        List<String> logs = new ArrayList<>();
        LambdaTaskHandler handler = LambdaTaskHandler.of(new ShiftHandler())
                .withFunctionName("shift")
                .withLogger(collecting(logs));
        ExecutionResult result = run(handler, "", "{\"service\":\"orders\",\"percent\":10,\"ignored\":true}");
        assertThat(result.status().name()).isEqualTo("SUCCEEDED");
        assertThat(result.output().get("service").asText()).isEqualTo("orders");
        assertThat(result.output().get("green").asInt()).isEqualTo(10);
        assertThat(result.output().get("blue").asInt()).isEqualTo(90);
        assertThat(logs).containsExactly("shifting orders");
    }

    @Test
    void anExceptionBecomesTheErrorNamedByItsFullyQualifiedClass() {
        ExecutionResult result =
                run(LambdaTaskHandler.of(new ShiftHandler()), "", "{\"service\":\"orders\",\"percent\":150}");
        assertThat(result.error())
                .isEqualTo("dev.cutover.states.lambda.LambdaTaskHandlerTest$WeightsUnavailableException");
        assertThat(result.cause()).isEqualTo("percent 150 is over 100");
    }

    @Test
    void theContextCountsDownTheShorterOfFunctionTimeoutAndTaskTimeout() {
        ExecutionResult byFunction = run(
                LambdaTaskHandler.of(new ShiftHandler()).withTimeout(Duration.ofSeconds(30)),
                "",
                "{\"service\":\"s\",\"percent\":1}");
        assertThat(byFunction.output().get("remainingMillis").asInt()).isEqualTo(30_000);
        ExecutionResult byTask = run(
                LambdaTaskHandler.of(new ShiftHandler()).withTimeout(Duration.ofSeconds(30)),
                ",\"TimeoutSeconds\":5",
                "{\"service\":\"s\",\"percent\":1}");
        assertThat(byTask.output().get("remainingMillis").asInt()).isEqualTo(5_000);
    }

    @Test
    void theContextDescribesTheFunction() {
        List<String> seen = new ArrayList<>();
        RequestHandler<Map<String, Object>, String> handler = (input, context) -> {
            seen.add(context.getFunctionName() + "|" + context.getInvokedFunctionArn() + "|"
                    + context.getFunctionVersion() + "|" + input.get("k"));
            return "ok";
        };
        ExecutionResult result = run(LambdaTaskHandler.of(handler).withFunctionName("shift"), "", "{\"k\":[1]}");
        assertThat(result.output().asText()).isEqualTo("ok");
        assertThat(seen).containsExactly("shift|arn:aws:lambda:eu-west-1:123456789012:function:shift|$LATEST|[1]");
    }

    @Test
    void streamHandlersReadAndWriteJsonBytes() {
        RequestStreamHandler handler = (in, out, context) -> {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            out.write(MAPPER.writeValueAsBytes(Map.of("echo", text)));
        };
        ExecutionResult result = run(LambdaTaskHandler.of(handler), "", "{\"a\":1}");
        assertThat(result.output().get("echo").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void theInputTypeIsReadFromTheHandlersGenericSignature() {
        assertThat(LambdaTaskHandler.inputType(ShiftHandler.class)).isEqualTo(ShiftRequest.class);
    }

    private static LambdaLogger collecting(List<String> logs) {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logs.add(message);
            }

            @Override
            public void log(byte[] message) {
                logs.add(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
