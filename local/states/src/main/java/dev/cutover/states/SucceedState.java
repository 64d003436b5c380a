package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;

/** Succeed: ends its States block successfully. */
final class SucceedState extends CompiledState {

    SucceedState(String name) {
        super(name, "Succeed", true);
    }

    @Override
    Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
        if (jsonata != null) {
            return new Transition(null, jsonata.finish(rawInput, null, null, run, rawInput));
        }
        return new Transition(null, applyOutputPath(effectiveInput(rawInput, run), run));
    }
}
