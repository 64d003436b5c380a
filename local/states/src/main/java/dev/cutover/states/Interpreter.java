package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Runs a States block from its StartAt to a terminal state, recording Entered/Exited events. */
final class Interpreter {

    private Interpreter() {}

    static JsonNode run(StateGraph graph, JsonNode input, Scope scope) throws StatesFailure {
        CompiledState state = graph.start;
        JsonNode data = input;
        while (true) {
            scope.checkAlive();
            scope.run.checkDeadline(scope.clock);
            StateRun stateRun = new StateRun(scope, state, scope.clock.now());
            stateRun.enteredEventId = scope.emit(state.enteredType, state.nameFields, "input", data);
            Transition transition;
            try {
                transition = state.execute(data, stateRun);
            } catch (StatesFailure failure) {
                throw failure.locatedIn(state.name, stateRun.enteredEventId);
            }
            JsonNode output = transition.output();
            if (state.exitedType != null) {
                ObjectNode fields = stateRun.assigned == null
                        ? state.nameFields
                        : Variables.exitedFields(state.nameFields, stateRun.assigned);
                scope.emit(state.exitedType, fields, "output", output);
            }
            if (transition.next() == null) {
                return output;
            }
            data = output;
            state = transition.next();
        }
    }
}
