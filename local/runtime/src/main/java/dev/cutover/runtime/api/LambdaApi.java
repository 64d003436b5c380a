package dev.cutover.runtime.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lambda's Invoke ({@code POST /2015-03-31/functions/{FunctionName}/invocations}) for Cutover's functions, by their
 * logical names or a full local ARN ({@code arn:aws:lambda:<region>:<account>:function:<name>}, an optional
 * {@code :$LATEST} qualifier). As the Lambda API Reference (docs.aws.amazon.com/lambda/latest/api/API_Invoke.html)
 * says: {@code RequestResponse} answers 200 with the function's result; a function that throws still answers 200,
 * with {@code X-Amz-Function-Error: Unhandled} and {@code {"errorMessage", "errorType"}}; {@code Event} answers 202
 * and runs the function in the background; {@code DryRun} answers 204. An unknown function is a 404
 * {@code ResourceNotFoundException}, a payload that is not JSON a 400 {@code InvalidRequestContentException}.
 */
public final class LambdaApi {

    /** What Invoke answers: status, headers, body. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {}

    /** A key given twice in an input or payload is refused, as in specs, not left for the last one to win. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private static final Pattern ARN =
            Pattern.compile("arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]+)(?::(\\$LATEST))?");

    private final Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions;
    private final Executor background;
    private final Consumer<String> progress;

    /**
     * @param functions  the handlers by logical name
     * @param background where {@code Event} invocations run
     * @param progress   told a line per invocation
     */
    public LambdaApi(
            Map<String, ? extends RequestHandler<Map<String, Object>, Map<String, Object>>> functions,
            Executor background,
            Consumer<String> progress) {
        this.functions = new LinkedHashMap<>(functions);
        this.background = Objects.requireNonNull(background, "background");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The logical names this API invokes. */
    public List<String> names() {
        return List.copyOf(functions.keySet());
    }

    /**
     * @param functionName   the path's {@code FunctionName}, decoded
     * @param invocationType {@code X-Amz-Invocation-Type}; null for RequestResponse
     * @param payload        the request body
     * @throws AwsError for an unknown function, a bad invocation type or a payload that is not JSON
     */
    public Reply invoke(String functionName, String invocationType, byte[] payload) {
        String name = logicalName(functionName);
        RequestHandler<Map<String, Object>, Map<String, Object>> function = functions.get(name);
        if (function == null) {
            throw new AwsError(
                    "ResourceNotFoundException",
                    404,
                    "Function not found: " + functionName + " (the local functions are "
                            + String.join(", ", functions.keySet()) + ")");
        }
        String type = invocationType == null || invocationType.isEmpty() ? "RequestResponse" : invocationType;
        if (!List.of("RequestResponse", "Event", "DryRun").contains(type)) {
            throw new AwsError(
                    "InvalidParameterValueException",
                    "1 validation error detected: Value '" + type + "' at 'invocationType' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        Object event = parse(payload);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Executed-Version", "$LATEST");
        switch (type) {
            case "DryRun":
                return new Reply(204, headers, new byte[0]);
            case "Event":
                background.execute(() -> {
                    try {
                        run(name, function, event);
                    } catch (RuntimeException | Error e) {
                        progress.accept("function " + name + " failed: " + e);
                    }
                });
                return new Reply(202, headers, new byte[0]);
            default:
                break;
        }
        Object result;
        try {
            result = run(name, function, event);
        } catch (RuntimeException | Error e) {
            // the Java runtime reports an Error (a failed assertion, a missing class) as a function error too
            headers.put("X-Amz-Function-Error", "Unhandled");
            ObjectNode error = JSON.createObjectNode()
                    .put("errorMessage", e.getMessage() == null ? e.toString() : e.getMessage())
                    .put("errorType", e.getClass().getName());
            return new Reply(200, headers, error.toString().getBytes(StandardCharsets.UTF_8));
        }
        try {
            return new Reply(200, headers, JSON.writeValueAsBytes(result));
        } catch (JsonProcessingException e) {
            headers.put("X-Amz-Function-Error", "Unhandled");
            ObjectNode error = JSON.createObjectNode()
                    .put("errorMessage", "the function's result cannot be serialized: " + e.getOriginalMessage())
                    .put("errorType", "java.lang.IllegalStateException");
            return new Reply(200, headers, error.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private Map<String, Object> run(
            String name, RequestHandler<Map<String, Object>, Map<String, Object>> function, Object event) {
        progress.accept("function " + name + " invoked");
        if (!(event instanceof Map<?, ?>)) {
            // the Java runtime cannot turn anything but a JSON object into the handlers' Map input
            throw new IllegalArgumentException("the function " + name + " takes a JSON object, not "
                    + JSON.valueToTree(event).getNodeType());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>) event;
        return function.handleRequest(input, null);
    }

    private static Object parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return Map.of();
        }
        try {
            return JSON.readValue(payload, Object.class);
        } catch (java.io.IOException e) {
            throw new AwsError(
                    "InvalidRequestContentException",
                    "Could not parse request body into json: "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The logical name in a name, {@code name:$LATEST} or full ARN. */
    private static String logicalName(String functionName) {
        Matcher arn = ARN.matcher(functionName);
        if (arn.matches()) {
            return arn.group(1);
        }
        return functionName.endsWith(":$LATEST")
                ? functionName.substring(0, functionName.length() - ":$LATEST".length())
                : functionName;
    }
}
