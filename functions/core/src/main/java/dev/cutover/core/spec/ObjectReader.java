package dev.cutover.core.spec;

import dev.cutover.core.error.FieldError;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One object of the document tree, read field by field. Every read knows the field's path, records a
 * {@link FieldError} when the value is missing or of the wrong kind, and returns {@code null} in that case so the
 * caller can carry on reading the rest of the document.
 */
final class ObjectReader {

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    private ObjectReader(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * @param fields every field this object may have; any other is reported as unknown, with the closest known
     *               name as a suggestion
     * @return null (after recording an error) when {@code node} is not an object
     */
    static ObjectReader of(JsonNode node, String path, Problems problems, List<String> fields) {
        if (node == null || !node.isObject()) {
            problems.add(path, Values.typeError("an object", node));
            return null;
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String name = property.getKey();
            if (!fields.contains(name)) {
                String reason = Values.closest(name, fields)
                        .map(known -> "unknown field; did you mean " + known + "?")
                        .orElse("unknown field; expected one of " + String.join(", ", fields));
                problems.add(SpecPaths.field(path, name), reason);
            }
        }
        return new ObjectReader(node, path, problems);
    }

    String path() {
        return path;
    }

    String pathOf(String field) {
        return SpecPaths.field(path, field);
    }

    /** The field's value as written, or null when absent. */
    JsonNode raw(String field) {
        return node.get(field);
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** A required field's absence is an error; an optional one's is not. */
    private JsonNode get(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null && required) {
            problems.add(pathOf(field), "required");
        }
        return value;
    }

    /** @return the text, or null when absent (an error if required) or not a string */
    String string(String field, boolean required) {
        JsonNode value = get(field, required);
        return value == null ? null : string(value, pathOf(field), problems);
    }

    static String string(JsonNode value, String path, Problems problems) {
        if (!value.isTextual()) {
            problems.add(path, Values.typeError("a string", value));
            return null;
        }
        return value.textValue();
    }

    /**
     * @param defaultValue used when the field is absent; null makes the field required
     * @return the value, or null after recording an error
     */
    Long integer(String field, Long defaultValue, long min, long max) {
        JsonNode value = get(field, defaultValue == null);
        if (value == null) {
            return defaultValue;
        }
        return integer(value, pathOf(field), problems, min, max);
    }

    Integer smallInteger(String field, Integer defaultValue, int min, int max) {
        Long value = integer(field, defaultValue == null ? null : defaultValue.longValue(), min, max);
        return value == null ? null : value.intValue();
    }

    static Long integer(JsonNode value, String path, Problems problems, long min, long max) {
        // JSON Schema counts 10.0 as an integer, so the parser does too: the two must agree
        if (!value.isNumber() || value.isFloatingPointNumber()
                && (!Double.isFinite(value.doubleValue()) || !isWhole(value.decimalValue()))) {
            problems.add(path, Values.typeError("an integer", value));
            return null;
        }
        BigInteger whole = value.bigIntegerValue();
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(path, rangeError(whole.toString(), min, max));
            return null;
        }
        return whole.longValueExact();
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static String rangeError(String got, long min, long max) {
        if (max == Long.MAX_VALUE) {
            return "must be at least " + min + ", got " + got;
        }
        return "must be between " + min + " and " + max + ", got " + got;
    }

    /** @return the number, or null when absent (an error if {@code defaultValue} is null) or not a number */
    Double number(String field, Double defaultValue) {
        JsonNode value = get(field, defaultValue == null);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            problems.add(pathOf(field), Values.typeError("a number", value));
            return null;
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            problems.add(pathOf(field), "must be a finite number, got " + value.asText());
            return null;
        }
        return number;
    }

    /**
     * One of a fixed set of words.
     *
     * @param choices the words the document may use, each with the value it stands for
     */
    <E> E choice(String field, E defaultValue, Map<String, E> choices) {
        JsonNode value = get(field, defaultValue == null);
        if (value == null) {
            return defaultValue;
        }
        String word = string(value, pathOf(field), problems);
        if (word == null) {
            return null;
        }
        E chosen = choices.get(word);
        if (chosen == null) {
            String reason = "expected one of " + String.join(", ", choices.keySet()) + ", got " + Values.quote(word);
            problems.add(pathOf(field), Values.closest(word, choices.keySet())
                    .map(near -> reason + "; did you mean " + near + "?").orElse(reason));
        }
        return chosen;
    }

    /** @return the nested object, or null when absent (an error if required) or not an object */
    ObjectReader object(String field, boolean required, List<String> fields) {
        JsonNode value = get(field, required);
        return value == null ? null : of(value, pathOf(field), problems, fields);
    }

    /**
     * @param nonEmpty whether an empty list is an error
     * @return the elements, or null when absent (an error if required) or not a list
     */
    List<JsonNode> list(String field, boolean required, boolean nonEmpty) {
        JsonNode value = get(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problems.add(pathOf(field), Values.typeError("a list", value));
            return null;
        }
        if (nonEmpty && value.isEmpty()) {
            problems.add(pathOf(field), "must not be empty");
            return null;
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    /**
     * A list of strings; an absent optional list is empty.
     *
     * @return the strings, or null when the list or any element is wrong (each wrong element is reported)
     */
    List<String> strings(String field, boolean required, boolean nonEmpty) {
        List<JsonNode> elements = list(field, required, nonEmpty);
        if (elements == null) {
            return has(field) || required ? null : List.of();
        }
        List<String> strings = new ArrayList<>();
        boolean clean = true;
        for (int i = 0; i < elements.size(); i++) {
            String text = string(elements.get(i), SpecPaths.index(pathOf(field), i), problems);
            clean &= text != null;
            strings.add(text);
        }
        return clean ? strings : null;
    }

    /**
     * A map of string keys to string values; an absent map is empty.
     *
     * @return the entries in document order, or null when the map or any value is wrong
     */
    Map<String, String> stringMap(String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            problems.add(pathOf(field), Values.typeError("an object of names to text", value));
            return null;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        boolean clean = true;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String text = string(entry.getValue(), SpecPaths.field(pathOf(field), entry.getKey()), problems);
            clean &= text != null;
            entries.put(entry.getKey(), text);
        }
        return clean ? entries : null;
    }

    /** A scalar as the Java value a JSON-path assertion compares with: String, Boolean, Long or Double. */
    static Optional<Object> scalar(JsonNode value) {
        if (value.isTextual()) {
            return Optional.of(value.textValue());
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isNumber()) {
            if (value.canConvertToExactIntegral() && value.canConvertToLong()) {
                return Optional.of(value.longValue());
            }
            return Optional.of(value.doubleValue());
        }
        return Optional.empty();
    }

}
