package dev.cutover.handlers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.field.Dialect;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.field.UnsafeText;
import dev.cutover.core.port.model.HookExecution;

/**
 * How lifecycle hook events word their problems: the field name followed by what is wrong with it ("DeploymentId
 * is missing", "executionId must be a string, found a number (17)"), with values shown as the Lambda runtime
 * handed them over ({@code {id=d-...}}, {@code [a, b]}). CodeDeploy events add hints to a missing or blank id, since
 * without both ids nobody can be told; ECS events keep the terse form.
 */
final class HookEventDialect implements Dialect {

    /** CodeDeploy's events: a missing id names the keys that were there, a blank one shows what was found. */
    static final HookEventDialect CODE_DEPLOY = new HookEventDialect(true);
    /** ECS's events. */
    static final HookEventDialect ECS = new HookEventDialect(false);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 60;

    private final boolean hints;

    private HookEventDialect(boolean hints) {
        this.hints = hints;
    }

    /** A reader of the event as a tree (the runtime hands over maps, lists, strings, numbers and booleans). */
    FieldReader reader(Map<String, ?> event, Problems problems) {
        return FieldReader.of(JSON.valueToTree(event), "", problems, this);
    }

    /** The exception for every problem found; each reads "field reason", as hook event problems always have. */
    static InvalidHookEventException exception(
            String what, List<FieldError> errors, Optional<HookExecution> reportable) {
        return new InvalidHookEventException(
                what, errors.stream().map(e -> e.path() + " " + e.reason()).toList(), reportable);
    }

    @Override
    public String missing(String field, JsonNode parent, String expected) {
        return hints ? "is missing" + missingHint(parent, field) : "is missing";
    }

    @Override
    public String wrongType(String kind, String expected, JsonNode value) {
        return "must be " + expected + ", found " + describe(value);
    }

    @Override
    public String unknownField(String name, List<String> known) {
        return "is not a field of this event; expected " + String.join(", ", known);
    }

    @Override
    public String outOfRange(JsonNode value, long min, long max, String expected) {
        return "must be between " + min + " and " + max + ", found " + describe(value);
    }

    @Override
    public String notFinite(JsonNode value) {
        return "must be a finite number, found " + describe(value);
    }

    @Override
    public String notOneOf(String word, Set<String> choices) {
        return "must be one of " + String.join(", ", choices) + ", found " + quote(word);
    }

    @Override
    public String blank(String text, String expected) {
        return hints ? "is blank (found " + quote(text) + ")" : "is blank";
    }

    @Override
    public String emptyList(String expected) {
        return "must not be empty";
    }

    private static String missingHint(JsonNode event, String name) {
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, JsonNode> property : event.properties()) {
            if (property.getKey().equalsIgnoreCase(name)) {
                return " (found " + quote(property.getKey()) + ": field names are case-sensitive)";
            }
            keys.add(property.getKey());
        }
        return keys.isEmpty() ? " (the event is empty)" : " (keys present: " + keys + ")";
    }

    /** What kind of JSON value was found, and (shortened) the value. */
    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isNumber()) {
            return "a number (" + value.asText() + ")";
        }
        if (value.isBoolean()) {
            return "a boolean (" + value.asText() + ")";
        }
        if (value.isObject()) {
            return "an object " + shorten(runtimeText(value));
        }
        if (value.isArray()) {
            return "an array " + shorten(runtimeText(value));
        }
        return "a string (" + shorten(value.asText()) + ")";
    }

    /** The value as the map or list the runtime handed over prints itself: {@code {id=d-1, n=[1, 2]}}. */
    private static String runtimeText(JsonNode value) {
        if (value.isObject()) {
            StringJoiner out = new StringJoiner(", ", "{", "}");
            value.properties().forEach(field -> out.add(field.getKey() + "=" + runtimeText(field.getValue())));
            return out.toString();
        }
        if (value.isArray()) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            value.forEach(element -> out.add(runtimeText(element)));
            return out.toString();
        }
        return value.isNull() ? "null" : value.asText();
    }

    /** Quoted with whitespace made visible; a long value keeps its start and end, where stray whitespace sits. */
    static String quote(String text) {
        if (text.length() <= SHOWN) {
            return "\"" + escape(text) + "\"";
        }
        return "\"" + escape(text.substring(0, SHOWN - 20)) + "...(" + text.length() + " chars)..."
                + escape(text.substring(text.length() - 12)) + "\"";
    }

    private static String escape(String text) {
        return UnsafeText.escape(text.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r"));
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...(" + text.length() + " chars)";
    }
}
