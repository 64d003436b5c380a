package dev.cutover.core.field;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldReaderTest {

    /** Words each problem by its kind and everything the reader handed over, so a test sees all of it. */
    record Plain(boolean nullIsAbsent) implements Dialect {
        @Override
        public String missing(String field, JsonNode parent, String expected) {
            return "missing " + expected + "; " + field + " not among "
                    + parent.properties().size() + " fields";
        }

        @Override
        public String wrongType(String kind, String expected, JsonNode value) {
            return "not " + kind + " (" + expected + "): " + value;
        }

        @Override
        public String unknownField(String name, List<String> known) {
            return "unknown " + name + " not in " + known;
        }

        @Override
        public String outOfRange(JsonNode value, long min, long max, String expected) {
            return "out of range " + value + " not in " + min + ".." + max + " (" + expected + ")";
        }

        @Override
        public String notFinite(JsonNode value) {
            return "not finite " + value.asText();
        }

        @Override
        public String notOneOf(String word, Set<String> choices) {
            return word + " not one of " + choices;
        }

        @Override
        public String blank(String text, String expected) {
            return "blank [" + text + "] (" + expected + ")";
        }

        @Override
        public String emptyList(String expected) {
            return "empty " + expected;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Dialect STRICT = new Plain(false);
    private static final Dialect LENIENT = new Plain(true);

    private final Problems problems = new Problems();

    private FieldReader read(String json) {
        return read(json, STRICT);
    }

    private FieldReader read(String json, Dialect dialect) {
        return FieldReader.of(parse(json), "", problems, dialect);
    }

    @Test
    void readsEveryKindOfValue() {
        FieldReader r = read("""
                {"s": "text", "i": 7, "whole": 10.0, "n": 2.5, "b": true, "c": "b",
                 "list": [1, 2], "strings": ["x", "y"], "map": {"k": "v"}, "o": {"inner": 1}}""");

        assertThat(r.string("s", true)).isEqualTo("text");
        assertThat(r.text("s", true)).isEqualTo("text");
        assertThat(r.integer("i", null, 0, 10)).isEqualTo(7L);
        assertThat(r.smallInteger("whole", null, 0, 10)).isEqualTo(10);
        assertThat(r.number("n", null)).isEqualTo(2.5);
        assertThat(r.number("i", null)).isEqualTo(7.0);
        assertThat(r.bool("b", null)).isTrue();
        assertThat(r.choice("c", null, Map.of("a", 1, "b", 2))).isEqualTo(2);
        assertThat(r.list("list", true, true)).extracting(JsonNode::intValue).containsExactly(1, 2);
        assertThat(r.strings("strings", true, true)).containsExactly("x", "y");
        assertThat(r.stringMap("map")).containsExactly(Map.entry("k", "v"));
        FieldReader inner = r.object("o", true, List.of("inner"));
        assertThat(inner.integer("inner", null, 0, 5)).isEqualTo(1L);
        assertThat(inner.path()).isEqualTo("o");
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void anAbsentOptionalFieldTakesItsDefaultWithoutAProblem() {
        FieldReader r = read("{}");

        assertThat(r.string("s", false)).isNull();
        assertThat(r.integer("i", 3L, 0, 10)).isEqualTo(3L);
        assertThat(r.number("n", 0.5)).isEqualTo(0.5);
        assertThat(r.bool("b", false)).isFalse();
        assertThat(r.choice("c", "dflt", Map.of("a", "A"))).isEqualTo("dflt");
        assertThat(r.object("o", false)).isNull();
        assertThat(r.list("l", false, true)).isNull();
        assertThat(r.strings("l", false, true)).isEmpty();
        assertThat(r.stringMap("m")).isEmpty();
        assertThat(r.has("s")).isFalse();
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void anAbsentRequiredFieldIsMissingWithWhatWasExpected() {
        FieldReader r = read("{\"other\": 1}");

        assertThat(r.string("s", true)).isNull();
        assertThat(r.integer("i", null, 0, 10)).isNull();
        assertThat(r.bool("b", null)).isNull();
        assertThat(r.object("o", true)).isNull();
        assertThat(r.list("l", true, false)).isNull();
        assertThat(r.expecting("an ISO-8601 instant").text("at", true)).isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("s", "missing a string; s not among 1 fields"),
                        new FieldError("i", "missing an integer; i not among 1 fields"),
                        new FieldError("b", "missing true or false; b not among 1 fields"),
                        new FieldError("o", "missing an object; o not among 1 fields"),
                        new FieldError("l", "missing a list; l not among 1 fields"),
                        new FieldError("at", "missing an ISO-8601 instant; at not among 1 fields"));
    }

    @Test
    void aValueOfTheWrongKindIsReportedWithWhatWasFound() {
        FieldReader r = read("""
                {"s": 5, "i": "7", "f": 1.5, "n": "x", "b": "yes", "o": [], "l": {}, "m": "text", "c": 3}""");

        assertThat(r.string("s", true)).isNull();
        assertThat(r.integer("i", null, 0, 10)).isNull();
        assertThat(r.integer("f", null, 0, 10)).isNull();
        assertThat(r.number("n", null)).isNull();
        assertThat(r.expecting("a flag").bool("b", null)).isNull();
        assertThat(r.object("o", true)).isNull();
        assertThat(r.list("l", true, false)).isNull();
        assertThat(r.stringMap("m")).isNull();
        assertThat(r.choice("c", null, Map.of("a", 1))).isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("s", "not a string (a string): 5"),
                        new FieldError("i", "not an integer (an integer): \"7\""),
                        new FieldError("f", "not an integer (an integer): 1.5"),
                        new FieldError("n", "not a number (a number): \"x\""),
                        new FieldError("b", "not true or false (a flag): \"yes\""),
                        new FieldError("o", "not an object (an object): []"),
                        new FieldError("l", "not a list (a list): {}"),
                        new FieldError("m", "not an object of names to text (an object of names to text): \"text\""),
                        new FieldError("c", "not a string (a string): 3"));
    }

    @Test
    void theRootMustBeAnObject() {
        assertThat(read("[1]")).isNull();
        assertThat(FieldReader.of(null, "", problems, STRICT)).isNull();

        assertThat(FieldReader.of(parse("7"), "", problems, STRICT, "the task payload"))
                .isNull();
        assertThat(read("{\"o\": 1}").expecting("a stage").object("o", true)).isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("", "not an object (an object): [1]"),
                        new FieldError("", "not an object (an object): null"),
                        new FieldError("", "not an object (the task payload): 7"),
                        new FieldError("o", "not an object (a stage): 1"));
    }

    @Test
    void reportsFieldsOutsideTheKnownOnes() {
        FieldReader r = read("{\"name\": 1, \"nmae\": 2, \"a b\": 3}").onlyKnown(List.of("name"));

        assertThat(r.integer("name", null, 0, 9)).isEqualTo(1L);
        assertThat(problems.all())
                .containsExactly(
                        new FieldError("nmae", "unknown nmae not in [name]"),
                        new FieldError("[\"a b\"]", "unknown a b not in [name]"));
    }

    @Test
    void reportsNumbersOutOfRangeOrNotFinite() {
        ObjectNode node = JsonNodeFactory.instance
                .objectNode()
                .put("i", 11)
                .put("neg", -1)
                .put("inf", Double.POSITIVE_INFINITY)
                .put("huge", new BigInteger("99999999999999999999"));
        FieldReader r = FieldReader.of(node, "", problems, STRICT);

        assertThat(r.integer("i", null, 0, 10)).isNull();
        assertThat(r.expecting("a percentage").smallInteger("neg", null, 0, 100))
                .isNull();
        assertThat(r.number("inf", null)).isNull();
        assertThat(r.integer("inf", null, 0, 10)).isNull();
        assertThat(r.integer("huge", null, 0, Long.MAX_VALUE)).isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("i", "out of range 11 not in 0..10 (an integer)"),
                        new FieldError("neg", "out of range -1 not in 0..100 (a percentage)"),
                        new FieldError("inf", "not finite Infinity"),
                        new FieldError("inf", "not an integer (an integer): \"Infinity\""),
                        new FieldError(
                                "huge",
                                "out of range 99999999999999999999 not in 0.." + Long.MAX_VALUE + " (an integer)"));
    }

    @Test
    void reportsWordsOutsideTheChoicesBlankTextAndEmptyLists() {
        FieldReader r = read("{\"mode\": \"stagd\", \"name\": \" \", \"empty\": \"\", \"stages\": []}");
        Map<String, String> modes = new LinkedHashMap<>();
        modes.put("staged", "S");
        modes.put("all-at-once", "A");

        assertThat(r.choice("mode", "S", modes)).isNull();
        assertThat(r.text("name", true)).isNull();
        assertThat(r.expecting("an id").text("empty", true)).isNull();
        assertThat(r.string("empty", true)).isEmpty();
        assertThat(r.list("stages", true, true)).isNull();
        assertThat(r.strings("stages", false, true)).isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("mode", "stagd not one of [staged, all-at-once]"),
                        new FieldError("name", "blank [ ] (a string)"),
                        new FieldError("empty", "blank [] (an id)"),
                        new FieldError("stages", "empty a list"),
                        new FieldError("stages", "empty a list"));
    }

    @Test
    void nestedPathsNameTheObjectAndTheIndex() {
        FieldReader r = read("""
                {"shifting": {"stages": [{"percent": 10}, {"percent": "x"}, 7]},
                 "headers": {"X-Id": 1, "a b": "ok"}, "alarms": ["a", false]}""");

        FieldReader shifting = r.object("shifting", true);
        List<JsonNode> stages = shifting.list("stages", true, true);
        for (int i = 0; i < stages.size(); i++) {
            FieldReader stage = shifting.objectValue(
                    stages.get(i), FieldPath.index(shifting.pathOf("stages"), i), List.of("percent"));
            if (stage != null) {
                stage.integer("percent", null, 1, 100);
            }
        }
        assertThat(r.stringMap("headers")).isNull();
        assertThat(r.strings("alarms", true, false)).isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("shifting.stages[1].percent", "not an integer (an integer): \"x\""),
                        new FieldError("shifting.stages[2]", "not an object (an object): 7"),
                        new FieldError("headers.X-Id", "not a string (a string): 1"),
                        new FieldError("alarms[1]", "not a string (a string): false"));
    }

    @Test
    void readsValuesOutsideObjectsAtTheirOwnPath() {
        FieldReader r = read("{}");

        assertThat(r.integerValue(JsonNodeFactory.instance.numberNode(4), "steps[0]", 0, 99))
                .isEqualTo(4L);
        assertThat(r.integerValue(JsonNodeFactory.instance.numberNode(100), "steps[1]", 0, 99))
                .isNull();
        assertThat(r.stringValue(JsonNodeFactory.instance.textNode("t"), "names[0]"))
                .isEqualTo("t");
        assertThat(r.stringValue(JsonNodeFactory.instance.nullNode(), "names[1]"))
                .isNull();

        assertThat(problems.all())
                .containsExactly(
                        new FieldError("steps[1]", "out of range 100 not in 0..99 (an integer)"),
                        new FieldError("names[1]", "not a string (a string): null"));
    }

    @Test
    void nullIsAValueOfTheWrongKindUnlessTheDialectCountsItAsAbsent() {
        String json = "{\"s\": null, \"o\": null}";
        FieldReader strict = read(json, STRICT);
        assertThat(strict.has("s")).isTrue();
        assertThat(strict.string("s", true)).isNull();
        assertThat(strict.object("o", false)).isNull();
        assertThat(problems.all())
                .containsExactly(
                        new FieldError("s", "not a string (a string): null"),
                        new FieldError("o", "not an object (an object): null"));

        Problems lenientProblems = new Problems();
        FieldReader lenient = FieldReader.of(parse(json), "", lenientProblems, LENIENT);
        assertThat(lenient.has("s")).isFalse();
        assertThat(lenient.string("s", true)).isNull();
        assertThat(lenient.object("o", false)).isNull();
        assertThat(lenient.integer("s", 5L, 0, 9)).isEqualTo(5L);
        assertThat(lenientProblems.all())
                .containsExactly(new FieldError("s", "missing a string; s not among 2 fields"));
    }

    @Test
    void collectsEveryProblemOfADocumentAndThrowsThemTogether() {
        FieldReader r = read("{\"id\": 1, \"count\": -2, \"extra\": true}").onlyKnown(List.of("id", "count", "mode"));
        r.string("id", true);
        r.integer("count", null, 0, 10);
        r.choice("mode", null, Map.of("a", 1));
        r.problem("count", "a caller's own rule");

        List<FieldError> expected = List.of(
                new FieldError("extra", "unknown extra not in [id, count, mode]"),
                new FieldError("id", "not a string (a string): 1"),
                new FieldError("count", "out of range -2 not in 0..10 (an integer)"),
                new FieldError("mode", "missing a string; mode not among 3 fields"),
                new FieldError("count", "a caller's own rule"));
        assertThat(problems.all()).isEqualTo(expected);
        assertThatThrownBy(() -> problems.throwIfAny(errors -> new IllegalArgumentException(errors.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expected.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
