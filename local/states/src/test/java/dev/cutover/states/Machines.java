package dev.cutover.states;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helpers: definitions written with single quotes, run on a virtual clock. */
final class Machines {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Machines() {}

    /** JSON written with ' for " (no JSON text here needs a literal '). */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode node(String singleQuoted) {
        try {
            return MAPPER.readTree(json(singleQuoted));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Engine.Builder engine() {
        return Engine.builder().virtualTime(START).randomSeed(42);
    }

    static ExecutionResult run(String definition, String input) {
        return run(engine().build(), definition, input);
    }

    static ExecutionResult run(Engine engine, String definition, String input) {
        return engine.run(StateMachine.compile(json(definition)).withName("Test"), json(input), "test");
    }

    /** A one-state machine: the given Pass state fields, ending. */
    static String pass(String fields) {
        return "{'StartAt':'P','States':{'P':{'Type':'Pass'," + fields + (fields.isEmpty() ? "" : ",")
                + "'End':true}}}";
    }
}
