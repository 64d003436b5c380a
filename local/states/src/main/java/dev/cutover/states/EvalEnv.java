package dev.cutover.states;

import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/** What evaluating a path, payload template or intrinsic function may need besides the input. */
interface EvalEnv {

    /** The Context object ({@code $$}), built on first use. */
    JsonNode context();

    /** The randomness States.UUID and States.MathRandom draw from. */
    Random random();

    /** The state run this evaluation belongs to (for its history events); null outside of one. */
    default StateRun stateRun() {
        return null;
    }

    /** The variables the state sees (Assign of earlier states in its scope and the scopes around it). */
    default Map<String, JsonNode> variables() {
        return Map.of();
    }

    /**
     * Reads a path against the input, the Context object for a {@code $$} path, or a variable for a
     * {@code $name} path; null when the path names nothing.
     *
     * @throws StatesFailure States.Runtime when a {@code $name} path names a variable no state has assigned
     */
    default JsonNode read(JsonPathExpr path, JsonNode input) throws StatesFailure {
        if (path.variable != null) {
            JsonNode value = variables().get(path.variable);
            if (value == null) {
                throw StatesFailure.runtime("The JSONPath '" + path + "' references the variable '$" + path.variable
                        + "', which has not been assigned: no state before this one in its scope (or an outer"
                        + " scope) sets it in Assign");
            }
            return path.readFrom(value);
        }
        return path.contextPath ? path.readFrom(context()) : path.readFrom(input);
    }

    /** What {@code path} is read from: the Context object, the variable's value, or the input (for messages). */
    default JsonNode sourceOf(JsonPathExpr path, JsonNode input) {
        if (path.variable != null) {
            return variables().get(path.variable);
        }
        return path.contextPath ? context() : input;
    }
}
