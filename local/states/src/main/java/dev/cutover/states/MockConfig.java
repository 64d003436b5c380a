package dev.cutover.states;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A mock configuration in the AWS Step Functions Local format ({@code MockConfigFile.json}), so teams can
 * reuse the files they already have:
 *
 * <pre>{@code
 * {"StateMachines": {"Machine": {"TestCases": {"HappyPath": {"TaskState": "MockedSuccess"}}}},
 *  "MockedResponses": {"MockedSuccess": {"0": {"Return": {...}}, "1-2": {"Throw": {"Error": "...", "Cause": "..."}}}}}
 * }</pre>
 *
 * <p>Each mocked response answers a Task state's invocations by zero-based index (retries and Map
 * iterations count), with single indexes ({@code "0"}) or inclusive ranges ({@code "1-2"}). An invocation
 * with no response defined fails the execution, as in Step Functions Local.
 */
public final class MockConfig {

    private final Map<String, Map<String, TestCase>> stateMachines;
    private final Map<String, MockedResponse> responses;

    private MockConfig(Map<String, Map<String, TestCase>> stateMachines, Map<String, MockedResponse> responses) {
        this.stateMachines = stateMachines;
        this.responses = responses;
    }

    /** Reads a mock configuration file. */
    public static MockConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MockConfigException("cannot read mock config " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (MockConfigException e) {
            throw new MockConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and checks a mock configuration. */
    public static MockConfig parse(String json) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new MockConfigException("the mock config is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MockConfigException(
                    "the mock config must be a JSON object with StateMachines and MockedResponses");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("StateMachines") && !field.equals("MockedResponses")) {
                throw new MockConfigException(
                        field + ": unknown field; a mock config has StateMachines and" + " MockedResponses");
            }
        }
        Map<String, MockedResponse> responses = new LinkedHashMap<>();
        JsonNode responsesNode = object(root, "MockedResponses", "MockedResponses");
        for (Map.Entry<String, JsonNode> entry : responsesNode.properties()) {
            responses.put(entry.getKey(), parseResponse(entry.getKey(), entry.getValue()));
        }
        Map<String, Map<String, TestCase>> machines = new LinkedHashMap<>();
        JsonNode machinesNode = object(root, "StateMachines", "StateMachines");
        for (Map.Entry<String, JsonNode> machine : machinesNode.properties()) {
            String where = "StateMachines." + machine.getKey();
            if (!machine.getValue().isObject()) {
                throw new MockConfigException(where + ": must be an object with TestCases");
            }
            JsonNode testCases = object(machine.getValue(), "TestCases", where + ".TestCases");
            Map<String, TestCase> cases = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> testCase : testCases.properties()) {
                String caseWhere = where + ".TestCases." + testCase.getKey();
                if (!testCase.getValue().isObject()) {
                    throw new MockConfigException(caseWhere + ": must map Task state names to mocked response names");
                }
                Map<String, MockedResponse> states = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> state : testCase.getValue().properties()) {
                    String stateWhere = caseWhere + "." + state.getKey();
                    if (!state.getValue().isTextual()) {
                        throw new MockConfigException(
                                stateWhere + ": must be the name of a mocked response (a string)");
                    }
                    MockedResponse response = responses.get(state.getValue().textValue());
                    if (response == null) {
                        throw new MockConfigException(stateWhere + ": the mocked response '"
                                + state.getValue().textValue()
                                + "' is not defined in MockedResponses (defined: "
                                + String.join(", ", responses.keySet())
                                + ")");
                    }
                    states.put(state.getKey(), response);
                }
                cases.put(testCase.getKey(), new TestCase(machine.getKey(), testCase.getKey(), Map.copyOf(states)));
            }
            machines.put(machine.getKey(), Map.copyOf(cases));
        }
        return new MockConfig(Map.copyOf(machines), Map.copyOf(responses));
    }

    private static JsonNode object(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new MockConfigException(where + ": missing");
        }
        if (!node.isObject()) {
            throw new MockConfigException(where + ": must be an object, not " + Json.typeName(node));
        }
        return node;
    }

    private static MockedResponse parseResponse(String name, JsonNode node) {
        String where = "MockedResponses." + name;
        if (!node.isObject() || node.isEmpty()) {
            throw new MockConfigException(
                    where + ": must be an object of invocation indexes (\"0\", \"1-2\") to" + " Return or Throw");
        }
        List<Range> ranges = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            String keyWhere = where + ".\"" + key + "\"";
            int from;
            int to;
            try {
                int dash = key.indexOf('-');
                from = Integer.parseInt(dash < 0 ? key : key.substring(0, dash));
                to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new MockConfigException(keyWhere + ": an invocation key must be a zero-based index (\"0\") or an"
                        + " inclusive range (\"1-2\")");
            }
            if (from < 0 || to < from) {
                throw new MockConfigException(keyWhere + ": the range must be non-negative and ascending");
            }
            ranges.add(new Range(from, to, parseOutcome(keyWhere, entry.getValue())));
        }
        ranges.sort(Comparator.comparingInt(Range::from));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).from() <= ranges.get(i - 1).to()) {
                throw new MockConfigException(
                        where + ": invocation " + ranges.get(i).from() + " is defined more than once");
            }
        }
        return new MockedResponse(name, List.copyOf(ranges));
    }

    private static Response parseOutcome(String where, JsonNode node) {
        if (!node.isObject() || node.size() != 1 || !(node.has("Return") || node.has("Throw"))) {
            throw new MockConfigException(where + ": must hold exactly one field, Return or Throw");
        }
        if (node.has("Return")) {
            return new Response(node.get("Return"), null, null);
        }
        JsonNode thrown = node.get("Throw");
        if (!thrown.isObject()
                || thrown.get("Error") == null
                || !thrown.get("Error").isTextual()) {
            throw new MockConfigException(where + ".Throw: must be an object with an Error string (and a Cause)");
        }
        JsonNode cause = thrown.get("Cause");
        if (cause != null && !cause.isTextual() && !cause.isNull()) {
            throw new MockConfigException(where + ".Throw.Cause: must be a string");
        }
        return new Response(
                null, thrown.get("Error").textValue(), cause == null || cause.isNull() ? null : cause.textValue());
    }

    /** The state machines this configuration has test cases for. */
    public Set<String> stateMachines() {
        return stateMachines.keySet();
    }

    /** The test case named {@code "Machine#Case"}. */
    public TestCase testCase(String machineAndCase) {
        int hash = machineAndCase == null ? -1 : machineAndCase.indexOf('#');
        if (hash <= 0 || hash == machineAndCase.length() - 1) {
            throw new MockConfigException("the test case '" + machineAndCase + "' must be written MACHINE#CASE");
        }
        return testCase(machineAndCase.substring(0, hash), machineAndCase.substring(hash + 1));
    }

    public TestCase testCase(String stateMachine, String testCase) {
        Map<String, TestCase> cases = stateMachines.get(stateMachine);
        if (cases == null) {
            throw new MockConfigException("StateMachines." + stateMachine + ": no such state machine in the mock config"
                    + " (it has: " + String.join(", ", stateMachines.keySet()) + ")");
        }
        TestCase found = cases.get(testCase);
        if (found == null) {
            throw new MockConfigException("StateMachines." + stateMachine + ".TestCases." + testCase
                    + ": no such test case (it has: " + String.join(", ", cases.keySet()) + ")");
        }
        return found;
    }

    /** One test case: which mocked response answers which Task state. */
    public static final class TestCase {
        private final String stateMachine;
        private final String name;
        private final Map<String, MockedResponse> states;

        TestCase(String stateMachine, String name, Map<String, MockedResponse> states) {
            this.stateMachine = stateMachine;
            this.name = name;
            this.states = states;
        }

        public String stateMachine() {
            return stateMachine;
        }

        public String name() {
            return name;
        }

        /** The Task states this test case mocks. */
        public Set<String> mockedStates() {
            return states.keySet();
        }

        /** The mocked response for a Task state; null when the test case does not mock it. */
        public MockedResponse responseFor(String stateName) {
            return states.get(stateName);
        }
    }

    /** A named sequence of responses, by invocation index. */
    public static final class MockedResponse {
        private final String name;
        private final List<Range> ranges;

        MockedResponse(String name, List<Range> ranges) {
            this.name = name;
            this.ranges = ranges;
        }

        public String name() {
            return name;
        }

        /** The response to the zero-based {@code invocation}; null when none is defined for it. */
        public Response forInvocation(int invocation) {
            for (Range range : ranges) {
                if (invocation >= range.from() && invocation <= range.to()) {
                    return range.response();
                }
            }
            return null;
        }
    }

    /**
     * A Return (a task result) or a Throw (an error and cause).
     *
     * @param value the result for Return; null for Throw
     * @param error the error name for Throw; null for Return
     * @param cause the cause for Throw; may be null
     */
    public record Response(JsonNode value, String error, String cause) {
        public boolean isThrow() {
            return error != null;
        }
    }

    private record Range(int from, int to, Response response) {}
}
