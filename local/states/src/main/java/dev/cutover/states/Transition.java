package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a state sends the execution next (null: the end of its States block) and with what. */
record Transition(CompiledState next, JsonNode output) {}
