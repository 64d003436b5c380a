package dev.cutover.states.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.cutover.states.TaskContext;
import dev.cutover.states.TaskHandler;

/**
 * Runs an AWS Lambda Java handler ({@link RequestHandler} or {@link RequestStreamHandler}) as a Task handler,
 * in-process, as the Lambda Java runtime would: the task input is converted to the handler's input type with
 * Jackson (unknown properties ignored), the handler's result is converted back to JSON, and the handler gets a
 * {@link Context} whose remaining time counts down the function timeout, cut short by the Task's own
 * TimeoutSeconds. An exception the handler throws fails the task with the exception's fully qualified class
 * name as the error and its message as the cause.
 *
 * <pre>{@code
 * TaskHandler shift = LambdaTaskHandler.of(new ShiftTrafficHandler()).withFunctionName("cutover-shift");
 * }</pre>
 */
public final class LambdaTaskHandler implements TaskHandler {

    private static final ObjectMapper DEFAULT_MAPPER =
            new ObjectMapper().findAndRegisterModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What actually runs: a RequestHandler with its input type, or a stream handler. */
    private interface Call {
        JsonNode invoke(JsonNode input, Context context, ObjectMapper mapper) throws Exception;
    }

    private final Call call;
    private final String functionName;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final LambdaLogger logger;

    private LambdaTaskHandler(
            Call call, String functionName, Duration timeout, ObjectMapper mapper, LambdaLogger logger) {
        this.call = call;
        this.functionName = functionName;
        this.timeout = timeout;
        this.mapper = mapper;
        this.logger = logger;
    }

    /**
     * Adapts a RequestHandler, reading its input type from its class's generic signature (a handler written
     * as a lambda expression has none: its input is then read as plain JSON values — maps, lists, strings).
     */
    public static <I, O> LambdaTaskHandler of(RequestHandler<I, O> handler) {
        Type input = inputType(handler.getClass());
        return of(handler, input == null ? Object.class : input);
    }

    /** Adapts a RequestHandler whose input is converted to {@code inputType}. */
    public static <I, O> LambdaTaskHandler of(RequestHandler<I, O> handler, Type inputType) {
        Objects.requireNonNull(handler, "handler");
        JavaType type = DEFAULT_MAPPER.getTypeFactory().constructType(inputType);
        Call call = (input, context, mapper) -> {
            Object converted = toInput(input, type, mapper);
            @SuppressWarnings("unchecked")
            O out = handler.handleRequest((I) converted, context);
            return out == null ? NullNode.getInstance() : mapper.valueToTree(out);
        };
        return new LambdaTaskHandler(
                call, defaultName(handler), Duration.ofMinutes(15), DEFAULT_MAPPER, stderrLogger(defaultName(handler)));
    }

    /** Adapts a RequestStreamHandler: it reads the input as JSON bytes and writes its result as JSON bytes. */
    public static LambdaTaskHandler of(RequestStreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Call call = (input, context, mapper) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(mapper.writeValueAsBytes(input)), out, context);
            byte[] bytes = out.toByteArray();
            return bytes.length == 0 ? NullNode.getInstance() : mapper.readTree(bytes);
        };
        return new LambdaTaskHandler(
                call, defaultName(handler), Duration.ofMinutes(15), DEFAULT_MAPPER, stderrLogger(defaultName(handler)));
    }

    /** The function name the Context reports (and the name in its ARN); default: the handler's class name. */
    public LambdaTaskHandler withFunctionName(String name) {
        return new LambdaTaskHandler(call, Objects.requireNonNull(name, "name"), timeout, mapper, logger);
    }

    /** The function's configured timeout, which the Context's remaining time counts down (default 15 minutes). */
    public LambdaTaskHandler withTimeout(Duration functionTimeout) {
        return new LambdaTaskHandler(
                call, functionName, Objects.requireNonNull(functionTimeout, "functionTimeout"), mapper, logger);
    }

    /** The mapper converting input and output (default: modules found on the classpath, unknown fields ignored). */
    public LambdaTaskHandler withObjectMapper(ObjectMapper objectMapper) {
        return new LambdaTaskHandler(
                call, functionName, timeout, Objects.requireNonNull(objectMapper, "objectMapper"), logger);
    }

    /** Where {@code context.getLogger()} writes (default: standard error, prefixed with the function name). */
    public LambdaTaskHandler withLogger(LambdaLogger lambdaLogger) {
        return new LambdaTaskHandler(
                call, functionName, timeout, mapper, Objects.requireNonNull(lambdaLogger, "lambdaLogger"));
    }

    @Override
    public JsonNode invoke(JsonNode input, TaskContext context) throws Exception {
        return call.invoke(input, new LocalContext(context), mapper);
    }

    private static Object toInput(JsonNode input, JavaType type, ObjectMapper mapper) {
        if (type.isTypeOrSubTypeOf(JsonNode.class)) {
            return input;
        }
        if (input == null || input.isNull()) {
            return null;
        }
        return mapper.convertValue(input, type);
    }

    /** The I of RequestHandler&lt;I, O&gt; as the handler's class declares it; null when erased. */
    static Type inputType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    Type argument = parameterized.getActualTypeArguments()[0];
                    return argument instanceof Class<?> || argument instanceof ParameterizedType ? argument : null;
                }
            }
        }
        return null;
    }

    private static String defaultName(Object handler) {
        String simple = handler.getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$") ? "local-function" : simple;
    }

    private static LambdaLogger stderrLogger(String name) {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                PrintStream err = System.err;
                err.println("[" + name + "] " + message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    /** The Lambda Context a handler sees: identity from the execution, time from the Task's clock. */
    private final class LocalContext implements Context {
        private final TaskContext task;
        private final Instant started;
        private final String requestId = UUID.randomUUID().toString();

        LocalContext(TaskContext task) {
            this.task = task;
            this.started = task.now();
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "local/" + requestId;
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            // region and account come from the execution's ARN: arn:aws:states:REGION:ACCOUNT:execution:...
            String[] parts = task.executionArn().split(":");
            String region = parts.length > 3 ? parts[3] : "us-east-1";
            String account = parts.length > 4 ? parts[4] : "123456789012";
            return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            Duration left = timeout.minus(Duration.between(started, task.now()));
            Duration taskLeft = task.remainingTime().orElse(left);
            Duration remaining = taskLeft.compareTo(left) < 0 ? taskLeft : left;
            long millis = Math.max(0, remaining.toMillis());
            return (int) Math.min(Integer.MAX_VALUE, millis);
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return logger;
        }
    }
}
