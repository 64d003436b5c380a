package dev.cutover.core.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.SpecDocuments.Document;
import dev.cutover.core.spec.SpecDocuments.SchemaVerdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The published JSON Schema and the Java parser agree: every valid sample passes both; every invalid one fails
 * both, except those marked {@code # schema: passes}, whose rule only Java can check, and for which the schema is
 * asserted to pass, so the list of Java-only rules is checked rather than assumed.
 */
class SchemaAgreementTest {

    static final String SCHEMA_RESOURCE = "/cutover-spec.schema.json";

    private static JsonNode schemaDocument;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = SchemaAgreementTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as("schema on the classpath at " + SCHEMA_RESOURCE).isNotNull();
            schemaDocument = new ObjectMapper().readTree(in);
        }
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument);
    }

    /** Validation messages of the schema for a document tree; empty when it passes. */
    static Set<ValidationMessage> schemaErrors(JsonNode tree) {
        return schema().validate(tree);
    }

    static JsonSchema schema() {
        if (schema == null) {
            try {
                loadSchema();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    static List<Document> validDocuments() {
        return SpecDocuments.valid();
    }

    static List<Document> invalidDocuments() {
        return SpecDocuments.invalid();
    }

    @Test
    void schemaIsDraft202012WithAnIdAndNoUnknownFields() {
        assertThat(schemaDocument.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schemaDocument.path("$id").asText()).startsWith("https://");
        assertThat(schemaDocument.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schemaDocument.path("description").asText()).contains("strictly increase", "hook window");
        schemaDocument.path("$defs").properties().forEach(def -> {
            JsonNode node = def.getValue();
            if (node.path("type").asText().equals("object")) {
                assertThat(node.path("additionalProperties").asBoolean(true))
                        .as("additionalProperties of $defs." + def.getKey())
                        .isFalse();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDocuments")
    void validDocumentPassesTheSchemaAndTheParser(Document document) {
        JsonNode tree = SpecParser.tree(document.text(), document.name());

        assertThat(schemaErrors(tree)).as("schema errors for " + document).isEmpty();
        assertThat(SpecParser.parse(document.text(), document.name())).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void invalidDocumentFailsTheSchemaUnlessItsRuleIsJavaOnly(Document document) {
        SpecException javaVerdict =
                catchThrowableOfType(SpecException.class, () -> SpecParser.parse(document.text(), document.name()));
        assertThat(javaVerdict).as("the parser refuses " + document).isNotNull();

        if (document.schema() == SchemaVerdict.UNPARSEABLE) {
            SpecException noTree =
                    catchThrowableOfType(SpecException.class, () -> SpecParser.tree(document.text(), document.name()));
            assertThat(noTree)
                    .as(document + " is marked unparseable, so it must not yield a document tree")
                    .isNotNull();
            assertThat(noTree.errors()).allSatisfy(e -> assertThat(e.path()).isEqualTo("(document)"));
            return;
        }
        Set<ValidationMessage> schemaVerdict = schemaErrors(SpecParser.tree(document.text(), document.name()));
        if (document.schema() == SchemaVerdict.PASSES) {
            assertThat(schemaVerdict)
                    .as(document + " is marked 'schema: passes' (a Java-only rule)")
                    .isEmpty();
        } else {
            assertThat(schemaVerdict)
                    .as(document + " breaks a rule the schema expresses")
                    .isNotEmpty();
        }
    }

    @Test
    void theSchemaDefaultsAreTheParserDefaults() {
        CutoverSpec minimal =
                SpecParser.parse(SpecDocuments.valid("minimal.yaml").file());
        JsonNode defs = schemaDocument.path("$defs");

        assertThat(defs.at("/routing/properties/minHealthyTargets/default").asInt())
                .isEqualTo(minimal.routing().minHealthyTargets());
        assertThat(defs.at("/routing/properties/healthyTargetsWaitSeconds/default")
                        .asLong())
                .isEqualTo(minimal.routing().healthyTargetsWait().toSeconds());
        assertThat(defs.at("/shifting/properties/hookWindowSeconds/default").asLong())
                .isEqualTo(minimal.shifting().hookWindow().toSeconds())
                .isEqualTo(Shifting.DEFAULT_HOOK_WINDOW.toSeconds());
        assertThat(defs.at("/shifting/properties/safetyMarginSeconds/default").asLong())
                .isEqualTo(minimal.shifting().safetyMargin().toSeconds())
                .isEqualTo(Shifting.DEFAULT_SAFETY_MARGIN.toSeconds());
        assertThat(defs.at("/shifting/properties/mode/default").asText()).isEqualTo("staged");
        assertThat(minimal.shifting().mode()).isEqualTo(Shifting.Mode.STAGED);
        assertThat(defs.at("/rollback/properties/mode/default").asText()).isEqualTo("immediate");
        assertThat(minimal.rollback()).isEqualTo(RollbackPolicy.immediate());

        String test = "version: 1\n"
                + SpecDocuments.valid("minimal.yaml")
                        .text()
                        .lines()
                        .filter(l -> !l.startsWith("#") && !l.startsWith("version"))
                        .reduce("", (a, b) -> a + b + "\n")
                + "smokeTests:\n  tests:\n    - { name: t, path: / }\n"
                + "health:\n  metricGates:\n    - { metric: 5xx-rate, threshold: 0.1 }\n"
                + "migrations: { location: 'classpath:db', databaseSecret: s }\n"
                + "dataSync: { blueDatabaseSecret: b, greenDatabaseSecret: g, tables: [ { table: t, key: id } ] }\n"
                + "rollback: { mode: gradual, steps: [0] }\n";
        CutoverSpec spec = SpecParser.parse(test, "defaults");
        SmokeTests.SmokeTest smoke = spec.smokeTests().tests().get(0);
        JsonNode smokeDefaults = defs.path("smokeTest").path("properties");
        assertThat(smokeDefaults.at("/method/default").asText()).isEqualTo(smoke.method());
        assertThat(smokeDefaults.at("/expectStatus/default").asInt()).isEqualTo(smoke.expectStatus());
        assertThat(smokeDefaults.at("/latencyBudgetMs/default").asLong())
                .isEqualTo(smoke.latencyBudget().toMillis());
        assertThat(smokeDefaults.at("/retries/default").asInt()).isEqualTo(smoke.retries());
        assertThat(smokeDefaults.at("/retryBackoffMs/default").asLong())
                .isEqualTo(smoke.retryBackoff().toMillis());
        assertThat(defs.at("/metricGate/properties/minRequests/default").asLong())
                .isEqualTo(spec.health().metricGates().get(0).minRequests());
        assertThat(defs.at("/migrations/properties/schema/default").asText())
                .isEqualTo(spec.migrations().orElseThrow().schema());
        assertThat(defs.at("/tableCheck/properties/rowTolerance/default").asLong())
                .isEqualTo(spec.dataSync().orElseThrow().tables().get(0).rowTolerance());
        assertThat(defs.at("/rollback/properties/stepWaitSeconds/default").asLong())
                .isEqualTo(spec.rollback().stepWait().toSeconds());
    }
}
