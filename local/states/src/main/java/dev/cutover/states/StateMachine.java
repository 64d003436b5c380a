package dev.cutover.states;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A state machine definition (Amazon States Language, JSONPath), checked and compiled once; immutable and
 * reusable by any number of executions on any number of threads.
 *
 * <pre>{@code
 * StateMachine machine = StateMachine.compile(Files.readString(definition), Map.of("CheckFunctionArn", arn));
 * ExecutionResult result = Engine.builder().virtualTime().taskResolver(resolver).build().run(machine, "{}", "test");
 * }</pre>
 */
public final class StateMachine {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]+)\\}");
    private static final String DEFAULT_NAME = "StateMachine";

    final StateGraph graph;
    final Long timeoutSeconds;
    private final Set<String> stateNames;
    private final JsonNode definition;
    private final String name;

    private StateMachine(
            StateGraph graph, Long timeoutSeconds, Set<String> stateNames, JsonNode definition, String name) {
        this.graph = graph;
        this.timeoutSeconds = timeoutSeconds;
        this.stateNames = stateNames;
        this.definition = definition;
        this.name = name;
    }

    /** Compiles a definition without substitutions. */
    public static StateMachine compile(String definitionJson) {
        return compile(definitionJson, Map.of());
    }

    /**
     * Compiles a definition after replacing each {@code ${KEY}} in its string values with the substitution's
     * value, as SAM's DefinitionSubstitutions do. Placeholders without a substitution are left as they are.
     *
     * @throws DefinitionException listing every problem, each naming its state and field
     */
    public static StateMachine compile(String definitionJson, Map<String, String> substitutions) {
        JsonNode definition;
        try {
            definition = Json.parse(definitionJson);
        } catch (JsonProcessingException e) {
            throw new DefinitionException(List.of(new DefinitionError(
                    "", "", "the definition is not valid JSON: " + e.getOriginalMessage() + where(e))));
        }
        return compile(definition, substitutions);
    }

    /**
     * Where the parser stopped, when it says: a limit such as the nesting depth is reported without a location.
     */
    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    /** Compiles a parsed definition; see {@link #compile(String, Map)}. */
    public static StateMachine compile(JsonNode definition, Map<String, String> substitutions) {
        Objects.requireNonNull(definition, "definition");
        JsonNode substituted =
                substitutions == null || substitutions.isEmpty() ? definition : substitute(definition, substitutions);
        Compiler.Result result = Compiler.compile(substituted);
        return new StateMachine(
                result.graph(), result.timeoutSeconds(), result.stateNames(), substituted, DEFAULT_NAME);
    }

    /** The same compiled machine under another name (used in ARNs and {@code $$.StateMachine.Name}). */
    public StateMachine withName(String newName) {
        if (newName == null
                || newName.isEmpty()
                || newName.length() > 80
                || newName.chars()
                        .anyMatch(c -> Character.isWhitespace(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("a state machine name must have 1 to 80 characters, without"
                    + " whitespace or any of <>{}[]?*\"#%\\^|~`$&,;:/ : '" + newName + "'");
        }
        return new StateMachine(graph, timeoutSeconds, stateNames, definition, newName);
    }

    public String name() {
        return name;
    }

    /** The definition as compiled, substitutions applied. */
    public JsonNode definition() {
        return definition.deepCopy();
    }

    /** Every state's name, nested states included. */
    public Set<String> stateNames() {
        return stateNames;
    }

    String arn(String region, String accountId) {
        return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> substitutions) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.indexOf("${") < 0) {
                return node;
            }
            Matcher m = SUBSTITUTION.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = substitutions.get(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
            }
            m.appendTail(out);
            return Json.NODES.textNode(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), substitute(field.getValue(), substitutions));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.NODES.arrayNode(node.size());
            for (JsonNode item : node) {
                copy.add(substitute(item, substitutions));
            }
            return copy;
        }
        return node;
    }
}
