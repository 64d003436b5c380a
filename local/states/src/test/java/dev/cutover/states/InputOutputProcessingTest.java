package dev.cutover.states;

import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.node;
import static dev.cutover.states.Machines.pass;
import static dev.cutover.states.Machines.run;
import static org.assertj.core.api.Assertions.assertThat;

/** InputPath, Parameters, Result, ResultSelector, ResultPath, OutputPath and their null forms. */
class InputOutputProcessingTest {

    private static void assertOutput(ExecutionResult result, String expected) {
        assertThat(result.status())
                .as("%s %s %s", result.status(), result.error(), result.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(node(expected));
    }

    @Test
    void passWithoutFieldsPassesItsInputOn() {
        assertOutput(run(pass(""), "{'a':1}"), "{'a':1}");
    }

    @Test
    void inputPathSelectsPartOfTheInput() {
        assertOutput(run(pass("'InputPath':'$.a.b'"), "{'a':{'b':[1,2]}}"), "[1,2]");
    }

    @Test
    void inputPathNullGivesAnEmptyObject() {
        assertOutput(run(pass("'InputPath':null"), "{'a':1}"), "{}");
    }

    @Test
    void outputPathNullGivesAnEmptyObject() {
        assertOutput(run(pass("'OutputPath':null"), "{'a':1}"), "{}");
    }

    @Test
    void outputPathSelectsFromTheOutput() {
        assertOutput(run(pass("'Result':{'x':{'y':7}},'OutputPath':'$.x'"), "{}"), "{'y':7}");
    }

    @Test
    void resultReplacesTheInputByDefault() {
        assertOutput(run(pass("'Result':{'done':true}"), "{'a':1}"), "{'done':true}");
    }

    @Test
    void resultPathPlacesTheResultInsideTheInput() {
        assertOutput(run(pass("'Result':'r','ResultPath':'$.out'"), "{'a':1}"), "{'a':1,'out':'r'}");
    }

    @Test
    void resultPathCreatesMissingNestedObjects() {
        assertOutput(run(pass("'Result':3,'ResultPath':'$.x.y.z'"), "{'a':1}"), "{'a':1,'x':{'y':{'z':3}}}");
    }

    @Test
    void resultPathOverwritesAnExistingField() {
        assertOutput(run(pass("'Result':2,'ResultPath':'$.a'"), "{'a':1,'b':0}"), "{'a':2,'b':0}");
    }

    @Test
    void resultPathNullDiscardsTheResultAndKeepsTheInput() {
        assertOutput(run(pass("'Result':{'big':1},'ResultPath':null"), "{'a':1}"), "{'a':1}");
    }

    @Test
    void resultPathDollarReplacesTheInput() {
        assertOutput(run(pass("'Result':5,'ResultPath':'$'"), "{'a':1}"), "5");
    }

    @Test
    void resultPathAppliesToTheRawInputNotTheInputPathSelection() {
        assertOutput(
                run(pass("'InputPath':'$.a','ResultPath':'$.copy'"), "{'a':{'x':1},'b':2}"),
                "{'a':{'x':1},'b':2,'copy':{'x':1}}");
    }

    @Test
    void resultPathIntoABracketedFieldName() {
        String definition = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":1,"
                + "\"ResultPath\":\"$['odd name']\",\"End\":true}}}";
        ExecutionResult result = Machines.engine().build().run(StateMachine.compile(definition), "{}", "t");
        assertOutput(result, "{'odd name':1}");
    }

    @Test
    void resultPathThroughAStringFailsWithResultPathMatchFailure() {
        ExecutionResult result = run(pass("'Result':1,'ResultPath':'$.a.b'"), "{'a':'text'}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.ResultPathMatchFailure");
        assertThat(result.cause()).contains("$.a.b").contains("not an object");
    }

    @Test
    void theInputIsNotModifiedByResultPath() {
        ExecutionResult result = run(
                "{'StartAt':'A','States':{"
                        + "'A':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'B1','States':{'B1':{'Type':'Pass','Result':1,'ResultPath':'$.x','End':true}}},"
                        + "{'StartAt':'B2','States':{'B2':{'Type':'Pass','End':true}}}],'End':true}}}",
                "{'a':{'k':0}}");
        assertOutput(result, "[{'a':{'k':0},'x':1},{'a':{'k':0}}]");
    }

    @Test
    void parametersBuildANewObjectWithPathsAtAnyDepth() {
        assertOutput(
                run(
                        pass("'Parameters':{'static':'s','id.$':'$.order.id','nested':{'total.$':'$.order.total',"
                                + "'list':[{'first.$':'$.order.items[0]'},2]}}"),
                        "{'order':{'id':'o-1','total':9.5,'items':['x','y']}}"),
                "{'static':'s','id':'o-1','nested':{'total':9.5,'list':[{'first':'x'},2]}}");
    }

    @Test
    void parametersSeeTheInputAfterInputPath() {
        assertOutput(run(pass("'InputPath':'$.order','Parameters':{'id.$':'$.id'}"), "{'order':{'id':7}}"), "{'id':7}");
    }

    @Test
    void parametersWithAMissingPathFailWithStatesRuntimeNamingTheField() {
        ExecutionResult result = run(pass("'Parameters':{'id.$':'$.missing'}"), "{'a':1}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause())
                .isEqualTo("An error occurred while executing the state 'P' (entered at the event id"
                        + " #2). The JSONPath '$.missing' specified for the field 'id.$' could not be found in the input"
                        + " '{\"a\":1}'");
    }

    @Test
    void aMissingInputPathFailsWithStatesRuntime() {
        ExecutionResult result = run(pass("'InputPath':'$.nope'"), "{'a':1}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("Invalid path '$.nope'").contains("state 'P'");
    }

    @Test
    void aMissingOutputPathFailsWithStatesRuntime() {
        ExecutionResult result = run(pass("'OutputPath':'$.nope'"), "{'a':1}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("Invalid path '$.nope'");
    }

    @Test
    void wildcardAndFilterPathsReturnArrays() {
        assertOutput(
                run(
                        pass("'Parameters':{'names.$':'$.people[*].name','adults.$':'$.people[?(@.age >= 18)].name',"
                                + "'deep.$':'$..age'}"),
                        "{'people':[{'name':'a','age':30},{'name':'b','age':10}]}"),
                "{'names':['a','b'],'adults':['a'],'deep':[30,10]}");
    }

    @Test
    void negativeAndSliceIndexesWork() {
        assertOutput(
                run(pass("'Parameters':{'last.$':'$.xs[-1:]','two.$':'$.xs[0:2]'}"), "{'xs':[1,2,3]}"),
                "{'last':[3],'two':[1,2]}");
    }

    @Test
    void jsonNullValuesArePresentNotMissing() {
        assertOutput(run(pass("'Parameters':{'v.$':'$.a'}"), "{'a':null}"), "{'v':null}");
    }

    @Test
    void aNonObjectInputFlowsThrough() {
        assertOutput(run(pass(""), "\"just a string\""), "\"just a string\"");
        assertOutput(run(pass("'InputPath':'$[1]'"), "[10,20]"), "20");
    }
}
