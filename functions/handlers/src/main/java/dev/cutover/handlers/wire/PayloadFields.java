package dev.cutover.handlers.wire;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.UnsafeText;

/**
 * The checks the workflow's wire format makes on top of {@link FieldReader}: text is taken only as written (no
 * surrounding whitespace, no control characters), whole numbers carry their range in what they expect, and
 * instants are ISO-8601. Each returns null after recording a problem, or when an optional field is absent.
 */
final class PayloadFields {

    static final String INSTANT = "an ISO-8601 instant such as 2026-03-01T10:00:00Z";

    private PayloadFields() {}

    /**
     * A non-blank string without surrounding whitespace, control characters, invisible format characters or line
     * and paragraph separators ({@link UnsafeText}).
     */
    static String text(FieldReader object, String field, boolean required, String expected) {
        String text = object.expecting(expected).text(field, required);
        if (text == null) {
            return null;
        }
        if (!text.strip().equals(text) || text.chars().anyMatch(Character::isISOControl)) {
            object.problem(
                    field,
                    "must not have surrounding whitespace or control characters, found " + PayloadDialect.quote(text));
            return null;
        }
        Optional<String> unsafe = UnsafeText.problem(text);
        if (unsafe.isPresent()) {
            object.problem(
                    field,
                    "must not contain control, format or line separator characters (found " + unsafe.get() + "), found "
                            + PayloadDialect.quote(text));
            return null;
        }
        return text;
    }

    /** A required whole number in {@code min..max}; {@code 10.0} counts as one. */
    static Long wholeNumber(FieldReader object, String field, long min, long max) {
        return object.expecting("a whole number " + min + ".." + max).integer(field, null, min, max);
    }

    /** An instant written as {@link #text} that {@link Instant#parse} accepts. */
    static Instant instant(FieldReader object, String field, boolean required) {
        String text = text(object, field, required, INSTANT);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            object.problem(field, "must be " + INSTANT + ", found " + PayloadDialect.quote(text));
            return null;
        }
    }
}
