package dev.cutover.core.field;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one format words the problems {@link FieldReader} finds, and whether it counts {@code null} as absent. The
 * checks are the same for specs, workflow inputs and hook events; the words users have come to know differ, so
 * each format keeps its own.
 *
 * <p>Every {@code expected} parameter is the caller's description of the field, set with
 * {@link FieldReader#expecting(String)}, or else the kind of value the read asked for ({@code "a string"},
 * {@code "an integer"}, {@code "a number"}, {@code "true or false"}, {@code "an object"}, {@code "a list"},
 * {@code "an object of names to text"}).
 */
public interface Dialect {

    /**
     * A required field is absent.
     *
     * @param parent the object it is missing from, for hints such as a field spelt in another case
     */
    String missing(String field, JsonNode parent, String expected);

    /**
     * The value is not of the kind the read asked for.
     *
     * @param kind  the kind asked for, as listed above
     * @param value what was found: {@code null} or a missing node when there was nothing
     */
    String wrongType(String kind, String expected, JsonNode value);

    /** A field the object may not have. */
    String unknownField(String name, List<String> known);

    /** A whole number outside {@code min..max}. */
    String outOfRange(JsonNode value, long min, long max, String expected);

    /** A number that is infinite or not a number. */
    String notFinite(JsonNode value);

    /** A word that is not one of {@code choices}. */
    String notOneOf(String word, Set<String> choices);

    /** A string that is empty or only whitespace where text was required. */
    String blank(String text, String expected);

    /** A list that must have elements has none. */
    String emptyList(String expected);

    /** Whether a field set to {@code null} counts as absent; when not, null is a value of the wrong kind. */
    default boolean nullIsAbsent() {
        return false;
    }
}
