package dev.cutover.states;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Task: calls its resource — a mocked response when the execution's mock test case names this state, else
 * the {@link TaskHandler} the engine's {@link TaskResolver} maps the resource to.
 */
final class TaskState extends RecoverableState {

    TaskResource resource;
    Long timeoutSeconds;
    JsonPathExpr timeoutSecondsPath;
    Long heartbeatSeconds;
    JsonPathExpr heartbeatSecondsPath;
    /** JSONata: TimeoutSeconds or HeartbeatSeconds given as an expression. */
    JsonataExpr timeoutExpr;

    JsonataExpr heartbeatExpr;

    TaskState(String name) {
        super(name, "Task");
    }

    @Override
    Transition attempt(JsonNode rawInput, StateRun run) throws StatesFailure {
        JsonNode effective = effectiveInput(rawInput, run);
        Long timeout = timeoutExpr != null
                ? seconds(timeoutExpr, "TimeoutSeconds", effective, run)
                : timeoutSeconds != null ? timeoutSeconds : seconds(timeoutSecondsPath, effective, run);
        Long heartbeat = heartbeatExpr != null
                ? seconds(heartbeatExpr, "HeartbeatSeconds", effective, run)
                : heartbeatSeconds != null ? heartbeatSeconds : seconds(heartbeatSecondsPath, effective, run);
        Engine engine = run.run().engine;
        if (resource.waitForToken()) {
            run.taskToken = engine.newTaskToken();
            run.contextChanged();
        }
        try {
            JsonNode input = applyParameters(effective, run);
            JsonNode result = call(input, run, timeout, heartbeat);
            return new Transition(next, finish(rawInput, result, run));
        } finally {
            if (run.taskToken != null) {
                engine.forgetTaskToken(run.taskToken);
            }
        }
    }

    private JsonNode call(JsonNode input, StateRun run, Long timeout, Long heartbeat) throws StatesFailure {
        Scope scope = run.scope;
        Run execution = run.run();
        ObjectNode scheduled = Json.object();
        if (resource.lambdaFunction()) {
            scheduled.put("resource", resource.arn());
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout);
            }
            scope.emit("LambdaFunctionScheduled", scheduled, "input", input);
        } else {
            scheduled.put("resourceType", resource.resourceType());
            scheduled.put("resource", resource.resource());
            scheduled.put("region", execution.engine.region);
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                scheduled.put("heartbeatInSeconds", heartbeat);
            }
            scope.emit("TaskScheduled", scheduled, "parameters", input);
        }

        MockConfig.Response mock = null;
        if (execution.mocks != null) {
            MockConfig.MockedResponse mocked = execution.mocks.responseFor(name);
            if (mocked != null) {
                int invocation = execution.nextMockInvocation(name);
                mock = mocked.forInvocation(invocation);
                if (mock == null) {
                    emitStarted(scope);
                    StatesFailure failure = StatesFailure.runtime("The mocked response '" + mocked.name()
                            + "' for state '" + name + "' defines no response for invocation " + invocation
                            + " (zero-based); a mocked Task needs a response for every invocation.");
                    emitFailed(scope, failure);
                    throw failure;
                }
            }
        }
        TaskHandler handler = null;
        if (mock == null) {
            Optional<TaskHandler> resolved = execution.engine.resolver.resolve(resource.arn());
            if (resolved.isEmpty()) {
                StatesFailure failure = new StatesFailure(
                        StatesFailure.TASK_FAILED,
                        "No handler or mock is configured"
                                + " for resource '" + resource.arn() + "' (state '" + name + "')"
                                + (resource.arn().contains("${")
                                        ? "; it still holds a ${...} placeholder: pass a" + " substitution for it"
                                        : ""));
                emitFailed(scope, failure);
                throw failure;
            }
            handler = resolved.get();
        }
        emitStarted(scope);
        JsonNode result;
        Invocation invocation = mock == null ? new Invocation(this, run, timeout, heartbeat) : null;
        try {
            if (mock != null) {
                if (mock.error() != null) {
                    throw new StatesFailure(mock.error(), mock.cause());
                }
                result = mock.value();
            } else {
                result = invocation.call(handler, input);
            }
        } catch (StatesFailure failure) {
            if (invocation != null && invocation.timedOut()) {
                scope.emit(
                        resource.lambdaFunction() ? "LambdaFunctionTimedOut" : "TaskTimedOut", failureFields(failure));
            } else {
                emitFailed(scope, failure);
            }
            throw failure;
        }
        if (resource.lambdaFunction()) {
            scope.emit("LambdaFunctionSucceeded", null, "output", result);
        } else {
            scope.emit(
                    "TaskSucceeded",
                    Json.object().put("resourceType", resource.resourceType()).put("resource", resource.resource()),
                    "output",
                    result);
        }
        return result;
    }

    void emitSubmitted(Scope scope, JsonNode output) {
        if (!resource.lambdaFunction()) {
            scope.emit(
                    "TaskSubmitted",
                    Json.object().put("resourceType", resource.resourceType()).put("resource", resource.resource()),
                    "output",
                    output);
        }
    }

    private void emitStarted(Scope scope) {
        if (resource.lambdaFunction()) {
            scope.emit("LambdaFunctionStarted", null);
        } else {
            scope.emit(
                    "TaskStarted",
                    Json.object().put("resourceType", resource.resourceType()).put("resource", resource.resource()));
        }
    }

    private void emitFailed(Scope scope, StatesFailure failure) {
        scope.emit(resource.lambdaFunction() ? "LambdaFunctionFailed" : "TaskFailed", failureFields(failure));
    }

    private ObjectNode failureFields(StatesFailure failure) {
        ObjectNode fields = Json.object();
        if (!resource.lambdaFunction()) {
            fields.put("resourceType", resource.resourceType()).put("resource", resource.resource());
        }
        fields.setAll(Run.errorFields(failure.error(), failure.cause()));
        return fields;
    }

    private static Long seconds(JsonataExpr expr, String field, JsonNode input, StateRun run) throws StatesFailure {
        JsonNode value = expr.evaluate(JsonataScope.of(run, run.scope, input, null, null), field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw JsonataExpr.failed(
                    run,
                    field,
                    "The " + field + " expression '" + expr + "' must evaluate to a positive integer, not " + value);
        }
        return value.longValue();
    }

    private static Long seconds(JsonPathExpr path, JsonNode input, StateRun run) throws StatesFailure {
        if (path == null) {
            return null;
        }
        JsonNode value = run.read(path, input);
        if (value == null) {
            throw noResults(path);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw StatesFailure.runtime(
                    "The value at '" + path + "' must be a positive integer number of seconds, not " + value);
        }
        return value.longValue();
    }
}
