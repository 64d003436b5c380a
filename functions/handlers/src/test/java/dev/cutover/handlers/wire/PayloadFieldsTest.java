package dev.cutover.handlers.wire;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire format's own checks on top of the field reader. */
class PayloadFieldsTest {

    final Problems problems = PayloadDialect.problems();

    FieldReader read(Map<String, ?> payload) {
        return PayloadDialect.reader(JsonMaps.tree(payload), "at", problems, "a test payload");
    }

    @Test
    void textIsTakenOnlyAsWritten() {
        FieldReader reader = read(Map.of("ok", "orders", "padded", "orders ", "control", "or\u0007ders"));

        assertThat(PayloadFields.text(reader, "ok", true, "a name")).isEqualTo("orders");
        assertThat(PayloadFields.text(reader, "padded", true, "a name")).isNull();
        assertThat(PayloadFields.text(reader, "control", true, "a name")).isNull();
        assertThat(PayloadFields.text(reader, "absent", false, "a name")).isNull();
        assertThat(problems.all()).extracting(FieldError::path).containsExactly("at.padded", "at.control");
    }

    @Test
    void textWithUnicodeLineOrFormatSeparatorsIsRefusedNamingTheField() {
        FieldReader reader = read(Map.of(
                "line", "d-1\u2028x",
                "paragraph", "d-1\u2029",
                "override", "\u202ed-1",
                "zeroWidth", "d\u200b-1",
                "softHyphen", "d\u00ad-1",
                "bom", "\ufeffd-1",
                "nel", "d-1\u0085x",
                "accented", "caf\u00e9"));

        for (String field : new String[] {"line", "paragraph", "override", "zeroWidth", "softHyphen", "bom", "nel"}) {
            assertThat(PayloadFields.text(reader, field, true, "an id"))
                    .as(field)
                    .isNull();
        }
        assertThat(PayloadFields.text(reader, "accented", true, "a name")).isEqualTo("caf\u00e9");
        assertThat(problems.all())
                .extracting(FieldError::path)
                .containsExactlyInAnyOrder(
                        "at.line", "at.paragraph", "at.override", "at.zeroWidth", "at.softHyphen", "at.bom", "at.nel");
        assertThat(problems.all())
                .filteredOn(e -> e.path().equals("at.line"))
                .singleElement()
                .satisfies(e -> assertThat(e.reason())
                        .contains("U+2028")
                        .contains("\"d-1\\u2028x\"")
                        .doesNotContain("\u2028"));
        assertThat(problems.all())
                .filteredOn(e -> e.path().equals("at.override"))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("U+202E").doesNotContain("\u202e"));
    }

    @Test
    void wholeNumbersMayBeWrittenWithAZeroFraction() {
        FieldReader reader = read(Map.of("a", 10.0, "b", 10.5, "c", 101));

        assertThat(PayloadFields.wholeNumber(reader, "a", 0, 100)).isEqualTo(10L);
        assertThat(PayloadFields.wholeNumber(reader, "b", 0, 100)).isNull();
        assertThat(PayloadFields.wholeNumber(reader, "c", 0, 100)).isNull();
        assertThat(PayloadFields.wholeNumber(reader, "d", 0, 100)).isNull();
        assertThat(problems.all())
                .containsExactly(
                        new FieldError("at.b", "must be a whole number 0..100, found the number 10.5"),
                        new FieldError("at.c", "must be a whole number 0..100, found the number 101"),
                        new FieldError("at.d", "missing: expected a whole number 0..100"));
    }

    @Test
    void instantsAreIso8601() {
        FieldReader reader = read(Map.of("at", "2026-03-01T10:00:00Z", "local", "2026-03-01T10:00:00"));

        assertThat(PayloadFields.instant(reader, "at", true)).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(PayloadFields.instant(reader, "local", true)).isNull();
        assertThat(PayloadFields.instant(reader, "absent", false)).isNull();
        assertThat(problems.all())
                .containsExactly(new FieldError(
                        "at.local",
                        "must be an ISO-8601 instant such "
                                + "as 2026-03-01T10:00:00Z, found \"2026-03-01T10:00:00\""));
    }
}
