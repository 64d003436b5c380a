package dev.cutover.states;

import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/** What evaluating a path, payload template or intrinsic function may need besides the input. */
interface EvalEnv {

    /** The Context object ({@code $$}), built on first use. */
    JsonNode context();

    /** The randomness States.UUID and States.MathRandom draw from. */
    Random random();

    /** Reads a path against the input, or the Context object for a {@code $$} path; null when absent. */
    default JsonNode read(JsonPathExpr path, JsonNode input) {
        return path.contextPath ? path.readFrom(context()) : path.readFrom(input);
    }
}
