package dev.cutover.handlers.wire;

import dev.cutover.core.error.InvalidWorkflowInputException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.workflow.Reporting;

/**
 * Reads a task's payload (JSON as the Lambda runtime hands it over: maps, lists, strings, numbers) field by field,
 * collecting every problem with its path, so one failed read names everything wrong at once. The workflow's wire
 * format is read through this at the edge; the domain gets plain records.
 */
final class Payload {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final int SHOWN = 60;

    private final String what;
    private final List<FieldError> problems = new ArrayList<>();

    /** @param what what is read, for the exception message, e.g. "ShiftTraffic payload" */
    Payload(String what) {
        this.what = what;
    }

    /** The payload as a tree; null becomes a missing node. */
    static JsonNode tree(Object payload) {
        return payload == null ? JSON.missingNode() : JSON.valueToTree(payload);
    }

    /** A tree as plain maps and lists, what the Lambda runtime serialises back. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode node) {
        return JSON.convertValue(node, Map.class);
    }

    static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    void problem(String path, String reason) {
        problems.add(new FieldError(path.isEmpty() ? "(payload)" : path, reason));
    }

    int mark() {
        return problems.size();
    }

    boolean cleanSince(int mark) {
        return problems.size() == mark;
    }

    /** @throws InvalidWorkflowInputException when any problem was found */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidWorkflowInputException(what, problems);
        }
    }

    /** Checks that {@code node} at {@code path} is an object; false (with a problem) when not. */
    boolean requireObject(JsonNode node, String path, String expected) {
        if (node == null || !node.isObject()) {
            problem(path, "must be an object (" + expected + "), found " + describe(node));
            return false;
        }
        return true;
    }

    /** Refuses fields not in {@code known}: a misspelt field would otherwise be silently ignored. */
    void onlyKnown(JsonNode object, String path, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(path(path, name), "is not a field here; expected " + String.join(", ", known));
            }
        }
    }

    Optional<JsonNode> object(JsonNode parent, String parentPath, String field, boolean required, String expected) {
        JsonNode value = parent.get(field);
        String at = path(parentPath, field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(at, "missing: expected " + expected);
            }
            return Optional.empty();
        }
        return requireObject(value, at, expected) ? Optional.of(value) : Optional.empty();
    }

    /** A non-blank string without control characters or surrounding whitespace. */
    Optional<String> text(JsonNode parent, String parentPath, String field, boolean required, String expected) {
        JsonNode value = parent.get(field);
        String at = path(parentPath, field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(at, "missing: expected " + expected);
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problem(at, "must be a string (" + expected + "), found " + describe(value));
            return Optional.empty();
        }
        String text = value.textValue();
        if (text.isBlank()) {
            problem(at, "is blank: expected " + expected);
            return Optional.empty();
        }
        if (!text.strip().equals(text) || text.chars().anyMatch(Character::isISOControl)) {
            problem(at, "must not have surrounding whitespace or control characters, found " + quote(text));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    Optional<Long> integer(JsonNode parent, String parentPath, String field, long min, long max) {
        JsonNode value = parent.get(field);
        String at = path(parentPath, field);
        if (value == null || value.isNull()) {
            problem(at, "missing: expected a whole number " + min + ".." + max);
            return Optional.empty();
        }
        if (!value.isNumber() || !(value.isIntegralNumber() || value.doubleValue() == Math.rint(value.doubleValue()))
                || value.doubleValue() < min || value.doubleValue() > max) {
            problem(at, "must be a whole number " + min + ".." + max + ", found " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.longValue());
    }

    Optional<Boolean> bool(JsonNode parent, String parentPath, String field) {
        JsonNode value = parent.get(field);
        String at = path(parentPath, field);
        if (value == null || value.isNull()) {
            problem(at, "missing: expected true or false");
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            problem(at, "must be true or false, found " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Instant> instant(JsonNode parent, String parentPath, String field, boolean required) {
        Optional<String> text = text(parent, parentPath, field, required, "an ISO-8601 instant such as "
                + "2026-03-01T10:00:00Z");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            problem(path(parentPath, field), "must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, found "
                    + quote(text.get()));
            return Optional.empty();
        }
    }

    /** What kind of JSON value was found, shortened. */
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

    static String quote(String text) {
        return Reporting.quote(text);
    }
}
