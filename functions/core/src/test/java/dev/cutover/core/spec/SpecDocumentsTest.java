package dev.cutover.core.spec;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.SpecDocuments.Document;
import dev.cutover.core.spec.SpecDocuments.Expectation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every sample document under specs/valid parses, and every one under specs/invalid fails as its header says. */
class SpecDocumentsTest {

    static List<Document> validDocuments() {
        return SpecDocuments.valid();
    }

    static List<Document> invalidDocuments() {
        return SpecDocuments.invalid();
    }

    @Test
    void thereAreEnoughSamples() {
        assertThat(validDocuments())
                .hasSizeGreaterThanOrEqualTo(5)
                .anyMatch(d -> d.name().endsWith(".json"));
        assertThat(invalidDocuments()).hasSizeGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDocuments")
    void validDocumentParses(Document document) {
        CutoverSpec spec = SpecParser.parse(document.file());

        assertThat(spec.version()).isEqualTo(1);
        // the parser applies the cross-field rules while reading; the finished spec keeps them all too
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void invalidDocumentFailsWithTheExpectedErrors(Document document) {
        assertThat(document.expectations())
                .as("expectations in the header of " + document)
                .isNotEmpty();

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(document.file()));

        assertThat(failure).as(document + " should be refused").isNotNull();
        assertThat(failure.source()).isEqualTo(document.file().toString());
        for (Expectation expected : document.expectations()) {
            assertThat(failure.errors())
                    .as("errors of %s should include %s", document, expected)
                    .anySatisfy(error -> {
                        assertThat(error.path()).isEqualTo(expected.path());
                        assertThat(error.reason()).contains(expected.reasonFragment());
                    });
        }
        if (document.errorCount() != null) {
            assertThat(failure.errors()).as("errors of " + document).hasSize(document.errorCount());
        }
    }

    @Test
    void yamlAndJsonSpellingsGiveEqualSpecs() {
        CutoverSpec fromYaml = SpecParser.parse(SpecDocuments.valid("full.yaml").file());
        CutoverSpec fromJson = SpecParser.parse(SpecDocuments.valid("full.json").file());

        assertThat(fromJson).isEqualTo(fromYaml);
        assertThat(fromYaml.smokeTests().tests()).isNotEmpty();
    }

    @Test
    void theJsonParserIsUsedForJsonText() {
        // a leading { picks the JSON parser, whose messages speak of JSON
        SpecException failure =
                catchThrowableOfType(SpecException.class, () -> SpecParser.parse("\n  {\"version\": 1,,}", "inline"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("(document)");
            assertThat(error.reason()).startsWith("JSON syntax error at line 2, column 17");
        });
        assertThatCode(() -> SpecParser.parse(SpecDocuments.valid("full.json").text(), "full.json"))
                .doesNotThrowAnyException();
    }
}
