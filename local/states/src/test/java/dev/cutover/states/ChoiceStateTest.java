package dev.cutover.states;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.cutover.states.Machines.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Every comparison operator, the Is* tests, And/Or/Not, Default and States.NoChoiceMatched. */
class ChoiceStateTest {

    /** Runs a Choice with one rule; returns "yes" when it matched, "no" when Default was taken. */
    private static String decide(String rule, String input) {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[" + rule.replace("}", ",'Next':'Y'}")
                        + "],'Default':'N'},'Y':{'Type':'Pass','Result':'yes','End':true},"
                        + "'N':{'Type':'Pass','Result':'no','End':true}}}",
                input);
        assertThat(result.status()).as("%s: %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output().textValue();
    }

    private static String decideTop(String rule, String input) {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[" + rule
                        + "],'Default':'N'},'Y':{'Type':'Pass','Result':'yes','End':true},"
                        + "'N':{'Type':'Pass','Result':'no','End':true}}}",
                input);
        assertThat(result.status()).as("%s: %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output().textValue();
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "StringEquals|'abc'|'abc'|yes",
                "StringEquals|'abc'|'abd'|no",
                "StringEquals|'1'|1|no",
                "StringLessThan|'abc'|'abb'|yes",
                "StringLessThan|'abc'|'abc'|no",
                "StringGreaterThan|'abc'|'abd'|yes",
                "StringLessThanEquals|'abc'|'abc'|yes",
                "StringGreaterThanEquals|'abc'|'abb'|no",
                "NumericEquals|5|5|yes",
                "NumericEquals|5|5.0|yes",
                "NumericEquals|5|'5'|no",
                "NumericLessThan|5|4.99|yes",
                "NumericLessThan|5|5|no",
                "NumericGreaterThan|5|6|yes",
                "NumericLessThanEquals|5|5|yes",
                "NumericGreaterThanEquals|5|4|no",
                "NumericEquals|9007199254740993|9007199254740993|yes",
                "NumericEquals|9007199254740993|9007199254740992|no",
                "BooleanEquals|true|true|yes",
                "BooleanEquals|true|false|no",
                "BooleanEquals|true|'true'|no",
                "TimestampEquals|'2024-01-01T00:00:00Z'|'2024-01-01T01:00:00+01:00'|yes",
                "TimestampLessThan|'2024-01-01T00:00:00Z'|'2023-12-31T23:59:59Z'|yes",
                "TimestampGreaterThan|'2024-01-01T00:00:00Z'|'2024-01-01T00:00:01Z'|yes",
                "TimestampLessThanEquals|'2024-01-01T00:00:00Z'|'2024-01-01T00:00:00Z'|yes",
                "TimestampGreaterThanEquals|'2024-01-01T00:00:00Z'|'2023-01-01T00:00:00Z'|no",
                "TimestampEquals|'2024-01-01T00:00:00Z'|'not a time'|no",
                "TimestampEquals|'2024-01-01T00:00:00Z'|'2024-01-01t00:00:00z'|no",
            })
    void comparisons(String operator, String operand, String value, String expected) {
        assertThat(decide("{'Variable':'$.v','" + operator + "':" + operand + "}", "{'v':" + value + "}"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} against {1} on {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "StringEqualsPath|'x'|'x'|yes",
                "StringLessThanPath|'b'|'a'|yes",
                "StringGreaterThanEqualsPath|'a'|'a'|yes",
                "NumericEqualsPath|3|3|yes",
                "NumericGreaterThanPath|3|4|yes",
                "NumericLessThanEqualsPath|3|4|no",
                "BooleanEqualsPath|false|false|yes",
                "TimestampGreaterThanPath|'2024-01-01T00:00:00Z'|'2024-06-01T00:00:00Z'|yes",
                "TimestampEqualsPath|'2024-01-01T00:00:00Z'|'2024-06-01T00:00:00Z'|no",
            })
    void pathComparisons(String operator, String other, String value, String expected) {
        assertThat(decide(
                        "{'Variable':'$.v','" + operator + "':'$.other'}", "{'v':" + value + ",'other':" + other + "}"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} on {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "IsNull|true|null|yes",
                "IsNull|true|0|no",
                "IsNull|false|0|yes",
                "IsNumeric|true|1.5|yes",
                "IsNumeric|true|'1'|no",
                "IsString|true|'s'|yes",
                "IsString|false|1|yes",
                "IsBoolean|true|false|yes",
                "IsBoolean|true|'false'|no",
                "IsTimestamp|true|'2024-02-29T12:00:00.123Z'|yes",
                "IsTimestamp|true|'2024-02-29'|no",
                "IsTimestamp|false|42|yes",
            })
    void typeTests(String operator, String operand, String value, String expected) {
        assertThat(decide("{'Variable':'$.v','" + operator + "':" + operand + "}", "{'v':" + value + "}"))
                .isEqualTo(expected);
    }

    @Test
    void isPresentTestsWhetherThePathExists() {
        assertThat(decide("{'Variable':'$.v','IsPresent':true}", "{'v':null}")).isEqualTo("yes");
        assertThat(decide("{'Variable':'$.v','IsPresent':true}", "{}")).isEqualTo("no");
        assertThat(decide("{'Variable':'$.v.deeper','IsPresent':false}", "{'v':1}"))
                .isEqualTo("yes");
    }

    @Test
    void stringMatchesWithWildcardsAndEscapes() {
        String definition = "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":["
                + "{\"Variable\":\"$.v\",\"StringMatches\":\"PATTERN\",\"Next\":\"Y\"}],\"Default\":\"N\"},"
                + "\"Y\":{\"Type\":\"Pass\",\"Result\":\"yes\",\"End\":true},"
                + "\"N\":{\"Type\":\"Pass\",\"Result\":\"no\",\"End\":true}}}";
        Engine engine = Machines.engine().build();
        String[][] cases = {
            {"log-*.txt", "log-2024.txt", "yes"},
            {"log-*.txt", "log-.txt", "yes"},
            {"log-*.txt", "log-2024.csv", "no"},
            {"*", "", "yes"},
            {"a*b*c", "aXXbYYc", "yes"},
            {"a*b*c", "aXXcYYb", "no"},
            {"star \\\\* here", "star * here", "yes"},
            {"star \\\\* here", "star X here", "no"},
            {"back\\\\\\\\slash", "back\\\\slash", "yes"},
            {"dots.are.literal", "dotsXareXliteral", "no"},
        };
        for (String[] c : cases) {
            StateMachine machine = StateMachine.compile(definition.replace("PATTERN", c[0]));
            ExecutionResult result = engine.run(machine, "{\"v\":\"" + c[1] + "\"}", "t");
            assertThat(result.output().textValue())
                    .as("%s matches %s", c[0], c[1])
                    .isEqualTo(c[2]);
        }
    }

    @Test
    void andOrNotCombine() {
        String and =
                "{'And':[{'Variable':'$.a','NumericGreaterThan':1},{'Variable':'$.b','StringEquals':'x'}],'Next':'Y'}";
        assertThat(decideTop(and, "{'a':2,'b':'x'}")).isEqualTo("yes");
        assertThat(decideTop(and, "{'a':2,'b':'y'}")).isEqualTo("no");
        String or =
                "{'Or':[{'Variable':'$.a','NumericGreaterThan':1},{'Variable':'$.b','StringEquals':'x'}],'Next':'Y'}";
        assertThat(decideTop(or, "{'a':0,'b':'x'}")).isEqualTo("yes");
        assertThat(decideTop(or, "{'a':0,'b':'y'}")).isEqualTo("no");
        String not = "{'Not':{'Variable':'$.a','IsPresent':true},'Next':'Y'}";
        assertThat(decideTop(not, "{}")).isEqualTo("yes");
        String nested =
                "{'Not':{'Or':[{'Variable':'$.a','BooleanEquals':true},{'And':[{'Variable':'$.b','IsNull':true},"
                        + "{'Variable':'$.c','NumericLessThan':0}]}]},'Next':'Y'}";
        assertThat(decideTop(nested, "{'a':false,'b':null,'c':1}")).isEqualTo("yes");
        assertThat(decideTop(nested, "{'a':false,'b':null,'c':-1}")).isEqualTo("no");
    }

    @Test
    void theFirstMatchingRuleWins() {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':["
                        + "{'Variable':'$.n','NumericGreaterThan':0,'Next':'A'},{'Variable':'$.n','NumericGreaterThan':5,'Next':'B'}]},"
                        + "'A':{'Type':'Pass','Result':'A','End':true},'B':{'Type':'Pass','Result':'B','End':true}}}",
                "{'n':9}");
        assertThat(result.output().textValue()).isEqualTo("A");
    }

    @Test
    void inputPathAndOutputPathApplyToTheChoice() {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','InputPath':'$.in','OutputPath':'$.v',"
                        + "'Choices':[{'Variable':'$.v','StringEquals':'go','Next':'D'}]},'D':{'Type':'Succeed'}}}",
                "{'in':{'v':'go'},'other':1}");
        assertThat(result.output().textValue()).isEqualTo("go");
    }

    @Test
    void noMatchAndNoDefaultFailsWithNoChoiceMatched() {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':["
                        + "{'Variable':'$.n','NumericEquals':1,'Next':'D'}]},'D':{'Type':'Succeed'}}}",
                "{'n':2}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.NoChoiceMatched");
        assertThat(result.cause()).contains("'C'");
    }

    @Test
    void aMissingVariableFailsWithStatesRuntime() {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':["
                        + "{'Variable':'$.missing','StringEquals':'x','Next':'D'}],'Default':'D'},'D':{'Type':'Succeed'}}}",
                "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause())
                .isEqualTo(
                        "An error occurred while executing the state 'C' (entered at the event id"
                                + " #2). Invalid path '$.missing': The choice state's condition path references an invalid value.");
    }

    @Test
    void aMissingComparisonPathFailsWithStatesRuntime() {
        ExecutionResult result = run(
                "{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':["
                        + "{'Variable':'$.a','NumericEqualsPath':'$.b','Next':'D'}],'Default':'D'},'D':{'Type':'Succeed'}}}",
                "{'a':1}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("Invalid path '$.b'");
    }

    @Test
    void theContextObjectCanBeTested() {
        assertThat(decide("{'Variable':'$$.Execution.Name','StringEquals':'test'}", "{}"))
                .isEqualTo("yes");
    }
}
