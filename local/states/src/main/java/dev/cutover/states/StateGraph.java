package dev.cutover.states;

import java.util.Map;

/** A States block (the machine, a Parallel branch, a Map item processor): its start and its states. */
final class StateGraph {

    final String startAt;
    final Map<String, CompiledState> states;
    CompiledState start;

    StateGraph(String startAt, Map<String, CompiledState> states) {
        this.startAt = startAt;
        this.states = states;
    }
}
