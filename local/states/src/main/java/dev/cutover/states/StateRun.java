package dev.cutover.states;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One entry into one state: what its paths and templates evaluate against, including the Context object. */
final class StateRun implements EvalEnv {

    final Scope scope;
    final CompiledState state;
    final Instant enteredTime;
    long enteredEventId;
    int retryCount;
    String taskToken;
    /** The variables this state set (name to JSON text), for its StateExited event; null when it set none. */
    java.util.Map<String, String> assigned;

    private JsonNode context;

    StateRun(Scope scope, CompiledState state, Instant enteredTime) {
        this.scope = scope;
        this.state = state;
        this.enteredTime = enteredTime;
    }

    Run run() {
        return scope.run;
    }

    /** Drops the cached Context object after RetryCount or the task token changed. */
    void contextChanged() {
        context = null;
    }

    @Override
    public JsonNode context() {
        if (context == null) {
            context = buildContext(null, null);
        }
        return context;
    }

    @Override
    public Random random() {
        return scope.run.random();
    }

    @Override
    public Map<String, JsonNode> variables() {
        return scope.variables();
    }

    @Override
    public StateRun stateRun() {
        return this;
    }

    /** The environment of a Map state's ItemSelector for one item: {@code $$.Map.Item.Index} and {@code Value}. */
    EvalEnv forMapItem(int index, JsonNode value) {
        StateRun self = this;
        return new EvalEnv() {
            private JsonNode itemContext;

            @Override
            public JsonNode context() {
                if (itemContext == null) {
                    itemContext = buildContext(index, value);
                }
                return itemContext;
            }

            @Override
            public Random random() {
                return self.random();
            }

            @Override
            public Map<String, JsonNode> variables() {
                return self.variables();
            }

            @Override
            public StateRun stateRun() {
                return self;
            }
        };
    }

    private JsonNode buildContext(Integer mapIndex, JsonNode mapValue) {
        Run run = scope.run;
        ObjectNode ctx = Json.object();
        ctx.set("Execution", run.executionContext);
        ctx.set("StateMachine", run.machineContext);
        ObjectNode stateNode = ctx.putObject("State");
        stateNode.put("Name", state.name);
        stateNode.put("EnteredTime", Json.timestamp(enteredTime));
        if (state instanceof RecoverableState) {
            stateNode.put("RetryCount", retryCount);
        }
        if (taskToken != null) {
            ctx.putObject("Task").put("Token", taskToken);
        }
        if (mapIndex != null) {
            ObjectNode item = ctx.putObject("Map").putObject("Item");
            item.put("Index", mapIndex);
            item.set("Value", mapValue);
        }
        return ctx;
    }
}
