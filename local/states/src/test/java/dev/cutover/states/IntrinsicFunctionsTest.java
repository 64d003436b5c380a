package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every States.* intrinsic, nested calls, escapes and argument errors. */
class IntrinsicFunctionsTest {

    /** Evaluates {@code expression} as a Parameters value against {@code input} (single-quoted JSON). */
    private static ExecutionResult evaluate(String expression, String input) {
        ObjectNode definition = Machines.MAPPER.createObjectNode();
        definition.put("StartAt", "P");
        ObjectNode pass = definition.putObject("States").putObject("P");
        pass.put("Type", "Pass");
        pass.putObject("Parameters").put("r.$", expression);
        pass.put("OutputPath", "$.r");
        pass.put("End", true);
        return Machines.engine()
                .build()
                .run(StateMachine.compile(definition, java.util.Map.of()), Machines.json(input), "intrinsics");
    }

    private static JsonNode value(String expression, String input) {
        ExecutionResult result = evaluate(expression, input);
        assertThat(result.status())
                .as("%s: %s %s", expression, result.error(), result.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output();
    }

    private static JsonNode value(String expression) {
        return value(expression, "{}");
    }

    private static void assertFails(String expression, String input, String causeFragment) {
        ExecutionResult result = evaluate(expression, input);
        assertThat(result.status()).as(expression).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.IntrinsicFailure");
        assertThat(result.cause()).contains(causeFragment);
    }

    @Test
    void formatInterpolatesStringsNumbersBooleansAndNull() {
        assertThat(value(
                                "States.Format('Hello, {}! You are {} ({}, {}).', $.name, $.age, $.ok, $.none)",
                                "{'name':'Ana','age':42,'ok':true,'none':null}")
                        .textValue())
                .isEqualTo("Hello, Ana! You are 42 (true, null).");
    }

    @Test
    void formatTemplateFromAPath() {
        assertThat(value("States.Format($.template, $.name)", "{'template':'Hi {}.','name':'Bo'}")
                        .textValue())
                .isEqualTo("Hi Bo.");
    }

    @Test
    void formatEscapes() {
        assertThat(value("States.Format('braces \\{\\} stay, quote \\' and backslash \\\\ too: {}', 'v')")
                        .textValue())
                .isEqualTo("braces {} stay, quote ' and backslash \\ too: v");
    }

    @Test
    void formatWithTheWrongNumberOfArgumentsFails() {
        assertFails("States.Format('{} and {}', 'one')", "{}", "2 placeholder(s)");
        assertFails("States.Format('{}', $.obj)", "{'obj':{'a':1}}", "only strings, numbers, booleans and null");
    }

    @Test
    void stringToJsonAndJsonToString() {
        assertThat(value("States.StringToJson($.s)", "{'s':'{\\\"a\\\":[1,2]}'}"))
                .isEqualTo(node("{'a':[1,2]}"));
        assertThat(value("States.JsonToString($.o)", "{'o':{'a':[1,'x']}}").textValue())
                .isEqualTo("{\"a\":[1,\"x\"]}");
        assertFails("States.StringToJson($.s)", "{'s':'{nope'}", "not valid JSON");
    }

    @Test
    void arrayBuildsFromMixedArguments() {
        assertThat(value("States.Array('a', 1, true, null, $.o, States.Array())", "{'o':{'k':1}}"))
                .isEqualTo(node("['a',1,true,null,{'k':1},[]]"));
    }

    @Test
    void arrayPartition() {
        assertThat(value("States.ArrayPartition($.a, 2)", "{'a':[1,2,3,4,5]}")).isEqualTo(node("[[1,2],[3,4],[5]]"));
        assertThat(value("States.ArrayPartition($.a, 4)", "{'a':[]}")).isEqualTo(node("[]"));
        assertFails("States.ArrayPartition($.a, 0)", "{'a':[1]}", "positive");
    }

    @Test
    void arrayContainsComparesByValue() {
        assertThat(value("States.ArrayContains($.a, $.v)", "{'a':[1,{'x':[2]},'s'],'v':{'x':[2]}}")
                        .booleanValue())
                .isTrue();
        assertThat(value("States.ArrayContains($.a, 3)", "{'a':[1,2]}").booleanValue())
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "States.ArrayRange(1, 9, 2)|[1,3,5,7,9]",
                "States.ArrayRange(1, 10, 2)|[1,3,5,7,9]",
                "States.ArrayRange(9, 1, -2)|[9,7,5,3,1]",
                "States.ArrayRange(0, 0, 1)|[0]",
                "States.ArrayRange(1, 5, -1)|[]",
            })
    void arrayRange(String expression, String expected) {
        assertThat(value(expression)).isEqualTo(node(expected));
    }

    @Test
    void arrayRangeRejectsAZeroStepAndMoreThanAThousandItems() {
        assertFails("States.ArrayRange(1, 5, 0)", "{}", "must not be 0");
        assertFails("States.ArrayRange(1, 1001, 1)", "{}", "1001 items");
        assertThat(value("States.ArrayRange(1, 1000, 1)").size()).isEqualTo(1000);
        assertFails("States.ArrayRange(1.5, 3, 1)", "{}", "integer");
    }

    @Test
    void arrayGetItemLengthAndUnique() {
        assertThat(value("States.ArrayGetItem($.a, 1)", "{'a':['x','y']}").textValue())
                .isEqualTo("y");
        assertFails("States.ArrayGetItem($.a, 2)", "{'a':['x','y']}", "out of bounds");
        assertThat(value("States.ArrayLength($.a)", "{'a':[1,2,3]}").intValue()).isEqualTo(3);
        assertThat(value("States.ArrayUnique($.a)", "{'a':[1,2,1,'1',{'k':1},{'k':1},2]}"))
                .isEqualTo(node("[1,2,'1',{'k':1}]"));
        assertFails("States.ArrayLength($.a)", "{'a':'nope'}", "must be an array");
    }

    @Test
    void base64EncodeAndDecodeUtf8() {
        assertThat(value("States.Base64Encode('Data to encode ✓')").textValue()).isEqualTo("RGF0YSB0byBlbmNvZGUg4pyT");
        assertThat(value("States.Base64Decode('RGF0YSB0byBlbmNvZGUg4pyT')").textValue())
                .isEqualTo("Data to encode ✓");
        assertFails("States.Base64Decode('***')", "{}", "not valid Base64");
        assertFails("States.Base64Encode($.s)", "{'s':'" + "x".repeat(10_001) + "'}", "at most 10000");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "MD5|9e107d9d372bb6826bd81d3542a419d6",
                "SHA-1|2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
                "SHA-256|d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592",
                "SHA-384|ca737f1014a48f4c0b6dd43cb177b0afd9e5169367544c494011e3317dbf9a509cb1e5dc1e85a941bbee3d7f2afbc9b1",
                "SHA-512|07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb642e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6",
            })
    void hashAlgorithms(String algorithm, String hex) {
        assertThat(value("States.Hash('The quick brown fox jumps over the lazy dog', '" + algorithm + "')")
                        .textValue())
                .isEqualTo(hex);
    }

    @Test
    void hashRejectsAnUnknownAlgorithm() {
        assertFails("States.Hash('x', 'SHA-3')", "{}", "not one of MD5");
    }

    @Test
    void jsonMergeIsShallowAndTheSecondWins() {
        assertThat(value("States.JsonMerge($.a, $.b, false)", "{'a':{'x':1,'n':{'p':1}},'b':{'y':2,'n':{'q':2}}}"))
                .isEqualTo(node("{'x':1,'n':{'q':2},'y':2}"));
        assertFails("States.JsonMerge($.a, $.b, $.deep)", "{'a':{},'b':{},'deep':true}", "shallow");
        assertThatThrownBy(() -> evaluate("States.JsonMerge($.a, $.b, true)", "{}"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("shallow");
    }

    @Test
    void mathRandomStaysInRangeAndASeedRepeats() {
        for (int i = 0; i < 20; i++) {
            int n = value("States.MathRandom(" + i + ", " + (i + 3) + ")").intValue();
            assertThat(n).isBetween(i, i + 2);
        }
        assertThat(value("States.MathRandom(1, 1000, 7)")).isEqualTo(value("States.MathRandom(1, 1000, 7)"));
        assertFails("States.MathRandom(5, 5)", "{}", "greater than");
    }

    @Test
    void mathAddRoundsToIntegers() {
        assertThat(value("States.MathAdd($.a, $.b)", "{'a':111,'b':-1}").intValue())
                .isEqualTo(110);
        assertThat(value("States.MathAdd(1.6, 1)").intValue()).isEqualTo(3);
        assertFails("States.MathAdd('1', 1)", "{}", "must be a number");
    }

    @Test
    void stringSplitOnAnyDelimiterCharacter() {
        assertThat(value("States.StringSplit($.s, '.+,=')", "{'s':'This.is+a,test=string'}"))
                .isEqualTo(node("['This','is','a','test','string']"));
        assertThat(value("States.StringSplit('1,,2,', ',')")).isEqualTo(node("['1','2']"));
    }

    @Test
    void uuidIsAVersion4Uuid() {
        String uuid = value("States.UUID()").textValue();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        JsonNode pair = value("States.Array(States.UUID(), States.UUID())");
        assertThat(pair.get(0)).isNotEqualTo(pair.get(1));
    }

    @Test
    void nestedCallsAndContextPaths() {
        assertThat(value(
                                "States.Format('{} has {} items', $$.Execution.Name, States.ArrayLength(States.StringSplit($.csv, ',')))",
                                "{'csv':'a,b,c'}")
                        .textValue())
                .isEqualTo("intrinsics has 3 items");
    }

    @Test
    void aMissingPathArgumentFailsWithStatesRuntime() {
        ExecutionResult result = evaluate("States.ArrayLength($.nope)", "{}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("$.nope").contains("r.$");
    }

    @Test
    void malformedCallsAreDefinitionErrors() {
        assertThatThrownBy(() -> evaluate("States.Nope(1)", "{}"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("'States.Nope' is not an intrinsic function");
        assertThatThrownBy(() -> evaluate("States.ArrayLength($.a, 2)", "{}"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("takes 1 argument(s), not 2");
        assertThatThrownBy(() -> evaluate("States.Format('unclosed)", "{}"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> evaluate("States.Format('bad \\x escape')", "{}"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("open escape");
        assertThatThrownBy(() -> evaluate("States.UUID() trailing", "{}"))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("after the closing parenthesis");
    }
}
