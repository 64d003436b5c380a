package dev.cutover.states;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every conformance case under {@code src/test/resources/conformance/}: one directory per case with
 * {@code definition.asl.json}, {@code input.json}, {@code expected.json} ({@code {"status":"SUCCEEDED","output":...}}
 * or {@code {"status":"FAILED","error":"...","cause":"..."}}, the cause compared only when given), and optionally
 * {@code mock-config.json} with {@code test-case.txt} (MACHINE#CASE) and {@code substitutions.json}.
 *
 * <p>Two more expectations (cases 132 on): {@code {"status":"INVALID_DEFINITION","definitionErrors":[{"state":...,
 * "field":...,"messageContains":...}]}} for what AWS refuses at create time (each listed error must be among the
 * compile errors, which must exist), and {@code "historyContains":[...]} beside a status: each entry is a part of one
 * GetExecutionHistory event (every field it names equal, recursively), e.g. a StateExited event's
 * {@code assignedVariables}.
 *
 * <p>Executions are deterministic: execution name {@code conformance}, state machine name {@code Conformance},
 * a virtual clock starting at 2024-01-01T00:00:00Z. Numbers compare by value (1 equals 1.0), as they do in the
 * JavaScript engine the cases are cross-checked against.
 */
class ConformanceSuiteTest {

    static final String EXECUTION_NAME = "conformance";
    static final String MACHINE_NAME = "Conformance";
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    static Stream<Named<Path>> cases() throws IOException, URISyntaxException {
        return Machines.resources("conformance", Files::isDirectory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformance(Path dir) throws IOException {
        JsonNode expected = Machines.MAPPER.readTree(read(dir, "expected.json"));
        Map<String, String> substitutions = Files.exists(dir.resolve("substitutions.json"))
                ? Machines.MAPPER.readValue(
                        read(dir, "substitutions.json"), new TypeReference<Map<String, String>>() {})
                : Map.of();
        Engine.Builder engine = Engine.builder().virtualTime(START).randomSeed(1);
        if (Files.exists(dir.resolve("mock-config.json"))) {
            MockConfig config = MockConfig.parse(read(dir, "mock-config.json"));
            engine.mockConfig(config, read(dir, "test-case.txt").trim());
        }
        if (expected.path("status").asText().equals("INVALID_DEFINITION")) {
            assertRefused(read(dir, "definition.asl.json"), substitutions, expected.path("definitionErrors"));
            return;
        }
        StateMachine machine = StateMachine.compile(read(dir, "definition.asl.json"), substitutions)
                .withName(MACHINE_NAME);
        String input = Files.exists(dir.resolve("input.json")) ? read(dir, "input.json") : "{}";
        ExecutionResult result = engine.build().run(machine, input, EXECUTION_NAME);

        String actual = result.toJson().toString();
        assertThat(result.status().name())
                .as("status; got %s", actual)
                .isEqualTo(expected.get("status").asText());
        if (expected.has("output")) {
            if (!sameJson(expected.get("output"), result.output())) {
                fail("output differs\nexpected: " + expected.get("output") + "\nactual:   " + result.output());
            }
        }
        if (expected.has("error")) {
            assertThat(result.error())
                    .as("error; got %s", actual)
                    .isEqualTo(expected.get("error").asText());
        }
        if (expected.has("cause")) {
            assertThat(result.cause())
                    .as("cause; got %s", actual)
                    .isEqualTo(expected.get("cause").asText());
        }
        for (JsonNode part : expected.path("historyContains")) {
            JsonNode events = result.historyJson().get("events");
            boolean found = false;
            for (JsonNode event : events) {
                found |= contains(event, part);
            }
            if (!found) {
                fail("no history event contains " + part + "\nhistory: " + events);
            }
        }
    }

    /** Compiling must fail, with at least each expected error (state path, field, part of the message). */
    private static void assertRefused(String definition, Map<String, String> substitutions, JsonNode expectedErrors) {
        assertThat(expectedErrors.size())
                .as("an INVALID_DEFINITION case lists its definitionErrors")
                .isPositive();
        try {
            StateMachine.compile(definition, substitutions);
        } catch (DefinitionException refused) {
            for (JsonNode want : expectedErrors) {
                assertThat(refused.errors())
                        .as("errors %s should include %s", refused.errors(), want)
                        .anySatisfy(error -> {
                            assertThat(error.statePath())
                                    .isEqualTo(want.path("state").asText());
                            assertThat(error.field())
                                    .isEqualTo(want.path("field").asText());
                            assertThat(error.message())
                                    .contains(want.path("messageContains").asText());
                        });
            }
            return;
        }
        fail("the definition compiled; expected it to be refused with " + expectedErrors);
    }

    /** Whether {@code whole} has every field of {@code part}, equal (objects recursively, numbers by value). */
    static boolean contains(JsonNode whole, JsonNode part) {
        if (part.isObject() && whole != null && whole.isObject()) {
            for (Iterator<String> it = part.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!contains(whole.get(field), part.get(field))) {
                    return false;
                }
            }
            return true;
        }
        return sameJson(part, whole);
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    /** JSON equality with numbers compared by value. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!sameJson(a.get(field), b.get(field))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
