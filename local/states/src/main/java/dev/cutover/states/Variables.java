package dev.cutover.states;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Setting variables (Assign) in either query language: the names a variable may have, the size limits, and the
 * record of what a state assigned, for its StateExited event.
 *
 * <p>AWS: "Passing data between states with variables"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html), sections "Variable name
 * syntax" (Unicode identifier rules, at most 80 characters, {@code $states} reserved) and "Limits" (256 KiB per
 * variable, 256 KiB for one Assign field, 10 MiB for all the variables of an execution).
 */
final class Variables {

    static final int MAX_NAME_LENGTH = 80;
    static final int MAX_VARIABLE_BYTES = 256 * 1024;
    static final int MAX_ASSIGN_BYTES = 256 * 1024;
    static final long MAX_TOTAL_BYTES = 10L * 1024 * 1024;

    private Variables() {}

    /**
     * What is wrong with a variable name, or null when it is valid: it starts with a Unicode ID_Start character
     * or {@code _}, goes on with ID_Continue characters, has at most 80 characters and is not {@code states}.
     */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "a variable name cannot be empty";
        }
        if (name.equals("states")) {
            return "'states' is reserved: $states holds the state's input, result, error output and context";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return "a variable name has at most " + MAX_NAME_LENGTH + " characters";
        }
        if (!JsonPathExpr.isNameStart(name.codePointAt(0))
                || !name.codePoints().skip(1).allMatch(JsonPathExpr::isNamePart)) {
            return "a variable name starts with a letter or _ and goes on with letters, digits and _"
                    + " (Unicode identifier characters), so it cannot be '" + name + "'";
        }
        return null;
    }

    /**
     * Evaluates a JSONPath state's Assign (keys ending in {@code .$} read {@code input}, the Context object or
     * variables) without setting anything yet; null when the state has no Assign.
     */
    static Map<String, JsonNode> evaluate(PayloadTemplate assign, JsonNode input, StateRun run) throws StatesFailure {
        if (assign == null) {
            return null;
        }
        JsonNode values = assign.apply(input, run);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Sets {@code values} in the state's scope after checking the size limits, and keeps them for the state's
     * StateExited event ({@code assignedVariables}).
     *
     * @throws StatesFailure States.Runtime when a limit is exceeded
     */
    static void commit(Map<String, JsonNode> values, StateRun run) throws StatesFailure {
        if (values == null) {
            return;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        long assignBytes = 0;
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            String text = Json.write(e.getValue());
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VARIABLE_BYTES) {
                throw StatesFailure.runtime("The value assigned to the variable '" + e.getKey() + "' is " + bytes
                        + " bytes; a variable holds at most " + MAX_VARIABLE_BYTES + " bytes (256 KiB)");
            }
            assignBytes += bytes;
            texts.put(e.getKey(), text);
            sizes.put(e.getKey(), bytes);
        }
        if (assignBytes > MAX_ASSIGN_BYTES) {
            throw StatesFailure.runtime("The values of this state's Assign add up to " + assignBytes
                    + " bytes; one Assign field sets at most " + MAX_ASSIGN_BYTES + " bytes (256 KiB)");
        }
        long total = run.scope.assign(values, sizes);
        if (total > MAX_TOTAL_BYTES) {
            throw StatesFailure.runtime("The variables of this execution add up to " + total
                    + " bytes; an execution stores at most " + MAX_TOTAL_BYTES + " bytes (10 MiB) of variables");
        }
        run.assigned = texts;
    }

    /** The StateExited details with {@code assignedVariables}, as GetExecutionHistory shows them. */
    static ObjectNode exitedFields(ObjectNode nameFields, Map<String, String> assigned) {
        ObjectNode fields = nameFields.deepCopy();
        ObjectNode variables = fields.putObject("assignedVariables");
        assigned.forEach(variables::put);
        fields.putObject("assignedVariablesDetails").put("truncated", false);
        return fields;
    }
}
