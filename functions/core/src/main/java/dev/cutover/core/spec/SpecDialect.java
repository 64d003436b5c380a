package dev.cutover.core.spec;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.field.Dialect;

/**
 * The spec's words for the problems the field reader finds: "required", "expected an integer, got "ten"", and a
 * "did you mean" for near-miss names and words, as the spec's error messages and documentation show them.
 */
final class SpecDialect implements Dialect {

    static final SpecDialect INSTANCE = new SpecDialect();

    private SpecDialect() {}

    @Override
    public String missing(String field, JsonNode parent, String expected) {
        return "required";
    }

    @Override
    public String wrongType(String kind, String expected, JsonNode value) {
        return Values.typeError(kind, value);
    }

    @Override
    public String unknownField(String name, List<String> known) {
        return Values.closest(name, known)
                .map(near -> "unknown field; did you mean " + near + "?")
                .orElse("unknown field; expected one of " + String.join(", ", known));
    }

    @Override
    public String outOfRange(JsonNode value, long min, long max, String expected) {
        String got = value.bigIntegerValue().toString();
        if (max == Long.MAX_VALUE) {
            return "must be at least " + min + ", got " + got;
        }
        return "must be between " + min + " and " + max + ", got " + got;
    }

    @Override
    public String notFinite(JsonNode value) {
        return "must be a finite number, got " + value.asText();
    }

    @Override
    public String notOneOf(String word, Set<String> choices) {
        String reason = "expected one of " + String.join(", ", choices) + ", got " + Values.quote(word);
        return Values.closest(word, choices)
                .map(near -> reason + "; did you mean " + near + "?")
                .orElse(reason);
    }

    @Override
    public String blank(String text, String expected) {
        return "must not be blank, got " + Values.quote(text);
    }

    @Override
    public String emptyList(String expected) {
        return "must not be empty";
    }
}
