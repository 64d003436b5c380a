package dev.cutover.states;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The RFC 3339 timestamps ASL uses (Wait Timestamp, Timestamp comparisons, IsTimestamp). */
final class Timestamps {

    private Timestamps() {}

    /**
     * Parses an RFC 3339 timestamp with an uppercase {@code T} and a {@code Z} or numeric offset, as Step
     * Functions requires; null when the text is not one.
     */
    static Instant parse(String text) {
        if (text == null || text.indexOf('t') >= 0 || text.indexOf('z') >= 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
