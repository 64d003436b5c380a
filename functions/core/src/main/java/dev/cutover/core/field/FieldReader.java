package dev.cutover.core.field;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One object of a JSON tree, read field by field. Every read knows the field's path, records a problem (worded by
 * the {@link Dialect}) when the value is missing or of the wrong kind, and returns {@code null} in that case so the
 * caller can carry on reading the rest of the document. Checks that only one format makes (an id's shape, a URL)
 * stay with the caller, which adds them with {@link #problem(String, String)}.
 */
public final class FieldReader {

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Dialect dialect;
    /** The caller's description of the next field read, or null to describe it by its kind. */
    private final String expected;

    private FieldReader(JsonNode node, String path, Problems problems, Dialect dialect, String expected) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.dialect = dialect;
        this.expected = expected;
    }

    /**
     * @param path "" for the root of the document
     * @return null (after recording a problem) when {@code node} is not an object
     */
    public static FieldReader of(JsonNode node, String path, Problems problems, Dialect dialect) {
        return of(node, path, problems, dialect, "an object");
    }

    /**
     * {@link #of(JsonNode, String, Problems, Dialect)} for a root the caller describes in its own words.
     *
     * @param expected what the object should be, e.g. "the ShiftTraffic payload with deploymentId and stage"
     */
    public static FieldReader of(JsonNode node, String path, Problems problems, Dialect dialect, String expected) {
        if (node == null || !node.isObject()) {
            problems.add(path, dialect.wrongType("an object", expected, node));
            return null;
        }
        return new FieldReader(node, path, problems, dialect, null);
    }

    /**
     * Reports every field not in {@code known}: a misspelt field would otherwise be silently ignored.
     *
     * @return this reader
     */
    public FieldReader onlyKnown(List<String> known) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!known.contains(property.getKey())) {
                problems.add(pathOf(property.getKey()), dialect.unknownField(property.getKey(), known));
            }
        }
        return this;
    }

    /**
     * The same object, whose reads describe the field as {@code description} (e.g. "an ISO-8601 instant")
     * wherever the dialect words a problem with what was expected; use one per field read.
     */
    public FieldReader expecting(String description) {
        return new FieldReader(node, path, problems, dialect, description);
    }

    public String path() {
        return path;
    }

    public String pathOf(String field) {
        return FieldPath.field(path, field);
    }

    /** Records a problem with {@code field} that only the caller can see. */
    public void problem(String field, String reason) {
        problems.add(pathOf(field), reason);
    }

    /** The field's value as written, or null when absent. */
    public JsonNode raw(String field) {
        return node.get(field);
    }

    /** Whether the field is present (and, when the dialect counts null as absent, not null). */
    public boolean has(String field) {
        return present(node.get(field));
    }

    private boolean present(JsonNode value) {
        return value != null && !(value.isNull() && dialect.nullIsAbsent());
    }

    /** A required field's absence is a problem; an optional one's is not. @return null when absent */
    private JsonNode get(String field, boolean required, String kind) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            if (required) {
                problems.add(pathOf(field), dialect.missing(field, node, expected(kind)));
            }
            return null;
        }
        return value;
    }

    private String expected(String kind) {
        return expected == null ? kind : expected;
    }

    private void wrongType(String at, String kind, JsonNode value) {
        problems.add(at, dialect.wrongType(kind, expected(kind), value));
    }

    // ---- strings

    /** @return the text, or null when absent (a problem if required) or not a string */
    public String string(String field, boolean required) {
        JsonNode value = get(field, required, "a string");
        return value == null ? null : stringValue(value, pathOf(field));
    }

    /** Like {@link #string}, but an empty or blank string is a problem too. */
    public String text(String field, boolean required) {
        String text = string(field, required);
        if (text != null && text.isBlank()) {
            problems.add(pathOf(field), dialect.blank(text, expected("a string")));
            return null;
        }
        return text;
    }

    /** A string found outside an object field, such as a list element; {@code at} is where it was found. */
    public String stringValue(JsonNode value, String at) {
        if (!value.isTextual()) {
            wrongType(at, "a string", value);
            return null;
        }
        return value.textValue();
    }

    /**
     * One of a fixed set of words.
     *
     * @param defaultValue used when the field is absent; null makes the field required
     * @param choices      the words the document may use, each with the value it stands for
     */
    public <E> E choice(String field, E defaultValue, Map<String, E> choices) {
        JsonNode value = get(field, defaultValue == null, "a string");
        if (value == null) {
            return defaultValue;
        }
        String word = stringValue(value, pathOf(field));
        if (word == null) {
            return null;
        }
        E chosen = choices.get(word);
        if (chosen == null) {
            problems.add(pathOf(field), dialect.notOneOf(word, choices.keySet()));
        }
        return chosen;
    }

    // ---- numbers and booleans

    /**
     * A whole number; like JSON Schema, {@code 10.0} counts as one.
     *
     * @param defaultValue used when the field is absent; null makes the field required
     * @return the value, or null after recording a problem
     */
    public Long integer(String field, Long defaultValue, long min, long max) {
        JsonNode value = get(field, defaultValue == null, "an integer");
        return value == null ? defaultValue : integerValue(value, pathOf(field), min, max);
    }

    /** {@link #integer} for values that fit an int. */
    public Integer smallInteger(String field, Integer defaultValue, int min, int max) {
        Long value = integer(field, defaultValue == null ? null : defaultValue.longValue(), min, max);
        return value == null ? null : value.intValue();
    }

    /** A whole number found outside an object field, such as a list element. */
    public Long integerValue(JsonNode value, String at, long min, long max) {
        if (!value.isNumber()
                || value.isFloatingPointNumber()
                        && (!Double.isFinite(value.doubleValue()) || !isWhole(value.decimalValue()))) {
            wrongType(at, "an integer", value);
            return null;
        }
        BigInteger whole = value.bigIntegerValue();
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(at, dialect.outOfRange(value, min, max, expected("an integer")));
            return null;
        }
        return whole.longValueExact();
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    /**
     * @param defaultValue used when the field is absent; null makes the field required
     * @return the finite number, or null after recording a problem
     */
    public Double number(String field, Double defaultValue) {
        JsonNode value = get(field, defaultValue == null, "a number");
        if (value == null) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            wrongType(pathOf(field), "a number", value);
            return null;
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            problems.add(pathOf(field), dialect.notFinite(value));
            return null;
        }
        return number;
    }

    /**
     * @param defaultValue used when the field is absent; null makes the field required
     * @return the value, or null after recording a problem
     */
    public Boolean bool(String field, Boolean defaultValue) {
        JsonNode value = get(field, defaultValue == null, "true or false");
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            wrongType(pathOf(field), "true or false", value);
            return null;
        }
        return value.booleanValue();
    }

    // ---- objects and lists

    /** @return the nested object, or null when absent (a problem if required) or not an object */
    public FieldReader object(String field, boolean required) {
        JsonNode value = get(field, required, "an object");
        return value == null ? null : objectValue(value, pathOf(field));
    }

    /** {@link #object(String, boolean)} that also reports fields not in {@code known}. */
    public FieldReader object(String field, boolean required, List<String> known) {
        FieldReader object = object(field, required);
        return object == null ? null : object.onlyKnown(known);
    }

    /** An object found outside an object field, such as a list element. @return null when it is not one */
    public FieldReader objectValue(JsonNode value, String at) {
        return of(value, at, problems, dialect, expected("an object"));
    }

    /** {@link #objectValue(JsonNode, String)} that also reports fields not in {@code known}. */
    public FieldReader objectValue(JsonNode value, String at, List<String> known) {
        FieldReader object = objectValue(value, at);
        return object == null ? null : object.onlyKnown(known);
    }

    /**
     * @param nonEmpty whether an empty list is a problem
     * @return the elements, or null when absent (a problem if required), not a list, or empty against the rule
     */
    public List<JsonNode> list(String field, boolean required, boolean nonEmpty) {
        JsonNode value = get(field, required, "a list");
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            wrongType(pathOf(field), "a list", value);
            return null;
        }
        if (nonEmpty && value.isEmpty()) {
            problems.add(pathOf(field), dialect.emptyList(expected("a list")));
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
    public List<String> strings(String field, boolean required, boolean nonEmpty) {
        List<JsonNode> elements = list(field, required, nonEmpty);
        if (elements == null) {
            return has(field) || required ? null : List.of();
        }
        List<String> strings = new ArrayList<>();
        boolean clean = true;
        for (int i = 0; i < elements.size(); i++) {
            String text = stringValue(elements.get(i), FieldPath.index(pathOf(field), i));
            clean &= text != null;
            strings.add(text);
        }
        return clean ? strings : null;
    }

    /**
     * A map of names to strings; an absent map is empty.
     *
     * @return the entries in document order, or null when the map or any value is wrong
     */
    public Map<String, String> stringMap(String field) {
        JsonNode value = get(field, false, "an object of names to text");
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            wrongType(pathOf(field), "an object of names to text", value);
            return null;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        boolean clean = true;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String text = stringValue(entry.getValue(), FieldPath.field(pathOf(field), entry.getKey()));
            clean &= text != null;
            entries.put(entry.getKey(), text);
        }
        return clean ? entries : null;
    }
}
