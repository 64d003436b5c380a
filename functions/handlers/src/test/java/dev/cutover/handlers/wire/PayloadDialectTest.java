package dev.cutover.handlers.wire;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow payloads' wording, one problem at a time; {@link PayloadProblemsTest} sees them in place. */
class PayloadDialectTest {

    static final PayloadDialect DIALECT = PayloadDialect.INSTANCE;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void aStringOrObjectNamesItsKindAndRoleANumberOrBooleanTheValuesItMayTake() {
        assertThat(DIALECT.wrongType("a string", "the lock token", NODES.numberNode(3)))
                .isEqualTo("must be a string (the lock token), found the number 3");
        assertThat(DIALECT.wrongType("an object", "{value, reason}", NODES.arrayNode()))
                .isEqualTo("must be an object ({value, reason}), found an array []");
        assertThat(DIALECT.wrongType("an integer", "a whole number 1..100", NODES.textNode("5")))
                .isEqualTo("must be a whole number 1..100, found the string \"5\"");
        assertThat(DIALECT.wrongType("true or false", "true or false", NODES.nullNode()))
                .isEqualTo("must be true or false, found null");
        assertThat(DIALECT.wrongType("an object", "an object", null)).isEqualTo("must be an object, found nothing");
    }

    @Test
    void theOtherProblems() {
        assertThat(DIALECT.missing("lockToken", NODES.objectNode(), "the lock token"))
                .isEqualTo("missing: expected the lock token");
        assertThat(DIALECT.blank(" ", "the service")).isEqualTo("is blank: expected the service");
        assertThat(DIALECT.unknownField("specParamter", List.of("service", "specParameter")))
                .isEqualTo("is not a field here; expected service, specParameter");
        assertThat(DIALECT.outOfRange(NODES.numberNode(101), 1, 100, "anything"))
                .isEqualTo("must be a whole number 1..100, found the number 101");
        assertThat(DIALECT.notFinite(NODES.numberNode(Double.NaN)))
                .isEqualTo("must be a finite number, found the " + "number NaN");
        assertThat(DIALECT.notOneOf("GREEN", new LinkedHashSet<>(List.of("OK", "ALARM"))))
                .isEqualTo("\"GREEN\" is not one of OK, ALARM");
        assertThat(DIALECT.emptyList("the stages")).isEqualTo("is empty: expected the stages");
    }

    @Test
    void describesWhatWasFoundShortened() {
        assertThat(PayloadDialect.describe(NODES.missingNode())).isEqualTo("nothing");
        assertThat(PayloadDialect.describe(NODES.booleanNode(false))).isEqualTo("false");
        assertThat(PayloadDialect.describe(NODES.textNode("a\tb"))).isEqualTo("the string \"a\\tb\"");
        JsonNode big = JsonMaps.tree(Map.of("k", "x".repeat(100)));
        assertThat(PayloadDialect.describe(big))
                .isEqualTo("an object " + big.toString().substring(0, 60) + "...");
    }

    @Test
    void nullIsAbsentAndTheWholePayloadIsPlacedAtItsRoot() {
        Problems problems = PayloadDialect.problems();
        JsonNode tree = JsonMaps.tree(new HashMap<>(Collections.singletonMap("stage", null)));
        FieldReader reader = PayloadDialect.reader(tree, "", problems, "the task payload");

        assertThat(reader.has("stage")).isFalse();
        assertThat(PayloadDialect.reader(NODES.textNode("x"), "", problems, "the task payload"))
                .isNull();
        assertThat(problems.all())
                .containsExactly(
                        new FieldError("(payload)", "must be an object (the task payload), found the string \"x\""));
        assertThatThrownBy(() -> PayloadDialect.throwIfAny(problems, "ShiftTraffic payload"))
                .isInstanceOfSatisfying(
                        InvalidWorkflowInputException.class,
                        e -> assertThat(e.what()).isEqualTo("ShiftTraffic payload"));
    }
}
