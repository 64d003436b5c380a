package dev.cutover.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The annotated examples in the repository's {@code examples/} directory are valid specs. */
class ExamplesTest {

    static final String MODELINE =
            "# yaml-language-server: $schema=../functions/core/src/main/resources/cutover-spec.schema.json";

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(SpecDocuments.repoRoot().resolve("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void theExamplesAreThere() throws IOException {
        assertThat(examples())
                .extracting(p -> p.getFileName().toString())
                .contains("orders.cutover.yaml", "minimal.cutover.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleParsesAndPassesTheSchema(Path example) throws IOException {
        String text = Files.readString(example);

        assertThat(SpecParser.parse(example)).isNotNull();
        assertThat(SchemaAgreementTest.schemaErrors(SpecParser.tree(text, example.toString())))
                .isEmpty();
        // the editor modeline points at the published schema, relative to the example
        assertThat(text.lines().findFirst()).hasValue(MODELINE);
        Path schema = example.getParent()
                .resolve(MODELINE.substring(MODELINE.indexOf('=') + 1))
                .normalize();
        assertThat(schema).isRegularFile();
    }

    @Test
    void theOrdersExampleSaysWhatItsCommentsSay() {
        CutoverSpec orders = SpecParser.parse(SpecDocuments.repoRoot().resolve("examples/orders.cutover.yaml"));

        assertThat(orders.service()).isEqualTo("orders");
        assertThat(orders.shifting().stages())
                .extracting(Shifting.Stage::percent)
                .containsExactly(10, 25, 50, 100);
        // the comment in the example does this sum: 300 + 600 + 900 + 0 + 300 = 2100 s
        assertThat(orders.shifting()
                        .totalBake()
                        .plus(orders.shifting().safetyMargin())
                        .toSeconds())
                .isEqualTo(2100);
        assertThat(orders.smokeTests().tests())
                .extracting(SmokeTests.SmokeTest::target)
                .containsExactly(
                        "/health", "/orders/dry-run", "https://auth.example.com/.well-known/openid-configuration");
        assertThat(orders.rollback().steps()).containsExactly(50, 10, 0);
    }

    @Test
    void theMinimalExampleIsMinimal() {
        CutoverSpec minimal = SpecParser.parse(SpecDocuments.repoRoot().resolve("examples/minimal.cutover.yaml"));

        assertThat(minimal.smokeTests()).isEqualTo(SmokeTests.none());
        assertThat(minimal.health().alarms()).isEmpty();
        assertThat(minimal.migrations()).isEmpty();
        assertThat(minimal.dataSync()).isEmpty();
        assertThat(minimal.notifications()).isEqualTo(Notifications.none());
        assertThat(minimal.rollback()).isEqualTo(RollbackPolicy.immediate());
    }
}
