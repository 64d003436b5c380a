package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass: passes its input (or Parameters, or a fixed Result) on, optionally placed by ResultPath. */
final class PassState extends CompiledState {

    PayloadTemplate parameters;
    JsonNode result;
    ResultPathSpec resultPath = ResultPathSpec.REPLACE;

    PassState(String name) {
        super(name, "Pass", true);
    }

    @Override
    Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
        if (jsonata != null) {
            return new Transition(next, jsonata.finish(rawInput, null, null, run, rawInput));
        }
        JsonNode effective = effectiveInput(rawInput, run);
        JsonNode value;
        if (result != null) {
            value = result;
        } else {
            value = parameters == null ? effective : parameters.apply(effective, run);
        }
        java.util.Map<String, JsonNode> values = Variables.evaluate(assign, value, run);
        JsonNode output = applyOutputPath(resultPath.apply(rawInput, value), run);
        Variables.commit(values, run);
        return new Transition(next, output);
    }
}
