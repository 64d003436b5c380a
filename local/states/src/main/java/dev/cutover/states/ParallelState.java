package dev.cutover.states;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Parallel: runs every branch on the same input; the result is the array of branch outputs, in order. */
final class ParallelState extends RecoverableState {

    List<StateGraph> branches = List.of();

    ParallelState(String name) {
        super(name, "Parallel");
    }

    @Override
    Transition attempt(JsonNode rawInput, StateRun run) throws StatesFailure {
        JsonNode input = prepareInput(rawInput, run);
        run.scope.emit("ParallelStateStarted", null);
        ArrayNode results;
        try {
            results = Branches.runAll(
                    run,
                    branches.size(),
                    0,
                    (index, scope) -> Interpreter.run(branches.get(index), input, scope),
                    Branches.NO_EVENTS);
        } catch (StatesFailure failure) {
            run.scope.emit("ParallelStateFailed", null);
            throw failure;
        }
        run.scope.emit("ParallelStateSucceeded", null);
        return new Transition(next, finish(rawInput, results, run));
    }
}
