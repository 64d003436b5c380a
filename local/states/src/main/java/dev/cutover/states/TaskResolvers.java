package dev.cutover.states;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link TaskResolver} built from exact resource ARNs and Lambda functions.
 *
 * <p>A Lambda function registered by name answers both ways Step Functions calls Lambda: the function ARN as
 * the Resource ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}, with or without a version or alias), where
 * the handler's result is the task's result; and the optimized integration {@code arn:aws:states:::lambda:invoke}
 * with {@code FunctionName} and {@code Payload} parameters, where the handler receives the Payload and the
 * task's result is the Invoke response {@code {"ExecutedVersion", "Payload", "SdkHttpMetadata", "StatusCode"}}.
 */
public final class TaskResolvers {

    private static final String LAMBDA_INVOKE = ":states:::lambda:invoke";

    private TaskResolvers() {}

    public static Builder builder() {
        return new Builder();
    }

    /** The function name in any of the forms Lambda accepts: name, name:alias, partial or full ARN. */
    static String functionName(String nameOrArn) {
        String s = nameOrArn;
        int function = s.indexOf("function:");
        if (function >= 0) {
            s = s.substring(function + "function:".length());
        }
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    public static final class Builder {
        private final Map<String, TaskHandler> resources = new LinkedHashMap<>();
        private final Map<String, TaskHandler> functions = new LinkedHashMap<>();
        private TaskResolver fallback = TaskResolver.none();

        private Builder() {}

        /** A handler for one exact resource ARN. */
        public Builder resource(String arn, TaskHandler handler) {
            resources.put(arn, handler);
            return this;
        }

        /** A handler for a Lambda function, by name or ARN (see the class comment for what it answers). */
        public Builder lambdaFunction(String nameOrArn, TaskHandler handler) {
            functions.put(functionName(nameOrArn), handler);
            return this;
        }

        /** Asked for any resource the registrations above do not answer. */
        public Builder fallback(TaskResolver resolver) {
            this.fallback = resolver;
            return this;
        }

        public TaskResolver build() {
            Map<String, TaskHandler> exact = Map.copyOf(resources);
            Map<String, TaskHandler> lambdas = Map.copyOf(functions);
            TaskResolver otherwise = fallback;
            TaskHandler invoke = (input, context) -> invokeIntegration(lambdas, input, context);
            return resource -> {
                TaskHandler handler = exact.get(resource);
                if (handler != null) {
                    return Optional.of(handler);
                }
                if (!lambdas.isEmpty()) {
                    if (resource.startsWith("arn:") && resource.contains(LAMBDA_INVOKE)) {
                        return Optional.of(invoke);
                    }
                    if (resource.startsWith("arn:")
                            && resource.contains(":lambda:")
                            && resource.contains(":function:")) {
                        TaskHandler function = lambdas.get(functionName(resource));
                        if (function != null) {
                            return Optional.of(function);
                        }
                    }
                }
                return otherwise.resolve(resource);
            };
        }
    }

    private static JsonNode invokeIntegration(Map<String, TaskHandler> lambdas, JsonNode input, TaskContext context)
            throws Exception {
        JsonNode functionName = input.get("FunctionName");
        if (functionName == null || !functionName.isTextual()) {
            throw new StatesError("States.Runtime", "lambda:invoke needs a FunctionName parameter (a string)");
        }
        TaskHandler handler = lambdas.get(functionName(functionName.textValue()));
        if (handler == null) {
            throw new StatesError(
                    "Lambda.ResourceNotFoundException",
                    "Function not found: " + functionName.textValue() + " (no handler is registered for it)");
        }
        JsonNode payload = input.get("Payload");
        JsonNode result = handler.invoke(payload == null ? Json.NODES.nullNode() : payload, context);
        ObjectNode response = Json.object();
        response.put("ExecutedVersion", "$LATEST");
        response.set("Payload", result == null ? Json.NODES.nullNode() : result);
        response.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
        response.put("StatusCode", 200);
        return response;
    }
}
