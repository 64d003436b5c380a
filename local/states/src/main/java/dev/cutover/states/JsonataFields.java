package dev.cutover.states;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields a JSONata state (or one of its Catch entries or Choice rules) uses instead of JSONPath's five:
 * Arguments (what the task or branches receive), Output (what the state passes on) and Assign (variables set
 * when the state ends). Output and Assign are evaluated against the same {@code $states} and the variables as
 * they were before the state's own assignments, as AWS documents.
 *
 * <p>AWS: "Transforming data with JSONata in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html) and "Passing data between states
 * with variables" (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
 */
final class JsonataFields {

    JsonataTemplate arguments;
    JsonataTemplate output;
    /** Variable name to value template, in definition order; null when the state assigns nothing. */
    Map<String, JsonataTemplate> assign;

    /** Arguments evaluated with {@code $states.input}; the input itself without Arguments. */
    JsonNode arguments(JsonNode input, StateRun run) throws StatesFailure {
        return arguments == null ? input : arguments.apply(JsonataScope.of(run, run.scope, input, null, null));
    }

    /**
     * Evaluates Output (or returns {@code fallback} without one) and Assign, then sets the variables.
     *
     * @param result {@code $states.result}, null where the field does not have it
     * @param errorOutput {@code $states.errorOutput}, in a Catch only
     */
    JsonNode finish(JsonNode input, JsonNode result, JsonNode errorOutput, StateRun run, JsonNode fallback)
            throws StatesFailure {
        if (output == null && assign == null) {
            return fallback;
        }
        JsonataScope scope = JsonataScope.of(run, run.scope, input, result, errorOutput);
        JsonNode out = output == null ? fallback : output.apply(scope);
        if (assign != null) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonataTemplate> e : assign.entrySet()) {
                values.put(e.getKey(), e.getValue().apply(scope));
            }
            Variables.commit(values, run);
        }
        return out;
    }
}
