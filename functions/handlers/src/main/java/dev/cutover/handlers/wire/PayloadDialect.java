package dev.cutover.handlers.wire;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.Dialect;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.workflow.Reporting;

/**
 * How workflow payloads (execution inputs, task payloads, alarm events) word their problems: "missing: expected
 * the lock token", "must be a string (the service name), found the number 17", with what was found described by
 * {@link #describe}. A field set to {@code null} counts as absent, as Step Functions writes absent values as null.
 */
final class PayloadDialect implements Dialect {

    static final PayloadDialect INSTANCE = new PayloadDialect();

    /** How a problem with the payload as a whole is placed. */
    private static final String ROOT = "(payload)";
    /** Kinds whose description already says which values are allowed ("a whole number 1..100"). */
    private static final Set<String> DESCRIBED_BY_VALUES = Set.of("an integer", "a number", "true or false");

    private static final int SHOWN = 60;

    private PayloadDialect() {}

    /** Problems of one payload, a problem with the whole placed at {@code (payload)}. */
    static Problems problems() {
        return new Problems(ROOT);
    }

    /**
     * A reader of the object at {@code path} of a payload.
     *
     * @param expected what the object should be, for the problem when it is not one
     * @return null (after recording a problem) when {@code node} is not an object
     */
    static FieldReader reader(JsonNode node, String path, Problems problems, String expected) {
        return FieldReader.of(node, path, problems, INSTANCE, expected);
    }

    /**
     * @param what what was read, e.g. "ShiftTraffic payload"
     * @throws InvalidWorkflowInputException naming every problem found
     */
    static void throwIfAny(Problems problems, String what) {
        problems.throwIfAny(errors -> new InvalidWorkflowInputException(what, errors));
    }

    @Override
    public String missing(String field, JsonNode parent, String expected) {
        return "missing: expected " + expected;
    }

    @Override
    public String wrongType(String kind, String expected, JsonNode value) {
        if (expected.equals(kind) || DESCRIBED_BY_VALUES.contains(kind)) {
            return "must be " + expected + ", found " + describe(value);
        }
        return "must be " + kind + " (" + expected + "), found " + describe(value);
    }

    @Override
    public String unknownField(String name, List<String> known) {
        return "is not a field here; expected " + String.join(", ", known);
    }

    @Override
    public String outOfRange(JsonNode value, long min, long max, String expected) {
        return "must be a whole number " + min + ".." + max + ", found " + describe(value);
    }

    @Override
    public String notFinite(JsonNode value) {
        return "must be a finite number, found " + describe(value);
    }

    @Override
    public String notOneOf(String word, Set<String> choices) {
        return quote(word) + " is not one of " + String.join(", ", choices);
    }

    @Override
    public String blank(String text, String expected) {
        return "is blank: expected " + expected;
    }

    @Override
    public String emptyList(String expected) {
        return "is empty: expected " + expected;
    }

    @Override
    public boolean nullIsAbsent() {
        return true;
    }

    /** What kind of JSON value was found, shortened: "nothing", "the string \"x\"", "an array [1,2]". */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "the string " + quote(value.textValue());
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        String text = value.toString();
        return (value.isArray() ? "an array " : "an object ")
                + (text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...");
    }

    /** A value for a message, in double quotes, escaped and shortened. */
    static String quote(String text) {
        return Reporting.quote(text);
    }
}
