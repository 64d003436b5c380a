package dev.cutover.states;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Definition errors are found before running, all at once, each naming its state and field. */
class DefinitionValidationTest {

    private static List<DefinitionError> errors(String definition) {
        DefinitionException e =
                catchThrowableOfType(DefinitionException.class, () -> StateMachine.compile(json(definition)));
        assertThat(e).as("expected %s to be rejected", definition).isNotNull();
        return e.errors();
    }

    private static DefinitionError only(String definition) {
        List<DefinitionError> errors = errors(definition);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    private static String states(String states) {
        return "{'StartAt':'A','States':{" + states + "}}";
    }

    @Test
    void aMissingNextTargetNamesTheStateAndField() {
        DefinitionError error = only(states("'A':{'Type':'Pass','Next':'Nowhere'}"));
        assertThat(error.statePath()).isEqualTo("A");
        assertThat(error.field()).isEqualTo("Next");
        assertThat(error.message()).contains("'Nowhere' does not exist").contains("states: A");
        assertThat(error.toString())
                .isEqualTo("state 'A', field 'Next': the state 'Nowhere' does not exist in this"
                        + " States block (states: A)");
    }

    @Test
    void anUnknownTypeIsNamed() {
        DefinitionError error = only(states("'A':{'Type':'Sleep','End':true}"));
        assertThat(error.field()).isEqualTo("Type");
        assertThat(error.message()).contains("\"Sleep\"").contains("Pass, Task, Choice");
    }

    @Test
    void bothEndAndNextIsAnError() {
        DefinitionError error = only(states("'A':{'Type':'Pass','Next':'B','End':true},'B':{'Type':'Succeed'}"));
        assertThat(error.statePath()).isEqualTo("A");
        assertThat(error.field()).isEqualTo("Next");
        assertThat(error.message()).contains("both Next and End");
    }

    @Test
    void neitherEndNorNextIsAnError() {
        DefinitionError error = only(states("'A':{'Type':'Task','Resource':'arn:aws:states:::x:y'}"));
        assertThat(error.field()).isEqualTo("Next");
        assertThat(error.message()).contains("needs Next or End");
    }

    @Test
    void unreachableStatesAreReported() {
        DefinitionError error = only(states("'A':{'Type':'Succeed'},'Orphan':{'Type':'Pass','End':true}"));
        assertThat(error.statePath()).isEqualTo("Orphan");
        assertThat(error.message()).contains("not reachable from StartAt 'A'");
    }

    @Test
    void statesReachedOnlyThroughCatchOrChoiceOrDefaultAreReachable() {
        StateMachine.compile(json(states("'A':{'Type':'Choice','Choices':[{'Variable':'$.x','IsPresent':true,"
                + "'Next':'B'}],'Default':'C'},'B':{'Type':'Task','Resource':'arn:aws:states:::x:y',"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'D'}],'End':true},'C':{'Type':'Succeed'},"
                + "'D':{'Type':'Fail'}")));
    }

    @Test
    void badPathsAreNamed() {
        List<DefinitionError> errors = errors(states("'A':{'Type':'Pass','InputPath':'a.b','ResultPath':'$.a[*]',"
                + "'OutputPath':'$.a..','Parameters':{'p.$':'nope'},'End':true}"));
        assertThat(errors)
                .extracting(DefinitionError::field)
                .containsExactlyInAnyOrder("InputPath", "ResultPath", "OutputPath", "Parameters.p.$");
        assertThat(errors).allSatisfy(e -> assertThat(e.statePath()).isEqualTo("A"));
        assertThat(errors)
                .filteredOn(e -> e.field().equals("ResultPath"))
                .first()
                .satisfies(e -> assertThat(e.message()).contains("not a reference path"));
    }

    @Test
    void nestedStatesAreNamedWithTheirPath() {
        DefinitionError error = only(states("'A':{'Type':'Parallel','Branches':[{'StartAt':'B','States':{"
                + "'B':{'Type':'Pass','Next':'Gone'}}}],'End':true}"));
        assertThat(error.statePath()).isEqualTo("A.Branches[0].B");
        assertThat(error.field()).isEqualTo("Next");
        DefinitionError mapError = only(states("'A':{'Type':'Map','ItemProcessor':{'StartAt':'Missing','States':{"
                + "'I':{'Type':'Pass','End':true}}},'End':true}"));
        assertThat(mapError.statePath()).isEqualTo("A");
        assertThat(mapError.field()).isEqualTo("ItemProcessor.StartAt");
    }

    @Test
    void aTransitionCannotLeaveItsBranch() {
        DefinitionError error = only(states("'A':{'Type':'Parallel','Branches':[{'StartAt':'B','States':{"
                + "'B':{'Type':'Pass','Next':'C'}}}],'Next':'C'},'C':{'Type':'Succeed'}"));
        assertThat(error.statePath()).isEqualTo("A.Branches[0].B");
        assertThat(error.message()).contains("cannot leave its own States block");
    }

    @Test
    void stateNamesAreUniqueAcrossTheWholeMachine() {
        DefinitionError error = only(states("'A':{'Type':'Parallel','Branches':[{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','End':true}}}],'End':true}"));
        assertThat(error.statePath()).isEqualTo("A.Branches[0].A");
        assertThat(error.message()).contains("already used");
    }

    @Test
    void machineLevelErrors() {
        assertThat(only("{'States':{'A':{'Type':'Succeed'}}}").field()).isEqualTo("StartAt");
        DefinitionError start = only("{'StartAt':'X','States':{'A':{'Type':'Succeed'}}}");
        assertThat(start.field()).isEqualTo("StartAt");
        assertThat(start.statePath()).isEmpty();
        assertThat(only("{'StartAt':'A','States':{}}").field()).isEqualTo("States");
        assertThat(only("{'StartAt':'A','Extra':1,'States':{'A':{'Type':'Succeed'}}}")
                        .field())
                .isEqualTo("Extra");
        assertThat(only("{'StartAt':'A','TimeoutSeconds':0,'States':{'A':{'Type':'Succeed'}}}")
                        .field())
                .isEqualTo("TimeoutSeconds");
        assertThat(only("{'QueryLanguage':'XPath','StartAt':'A','States':{'A':{'Type':'Succeed'}}}")
                        .message())
                .contains("JSONPath")
                .contains("JSONata");
    }

    @Test
    void jsonPathFieldsAreRefusedInJsonataStatesAndViceVersa() {
        // AWS, "Transforming data with JSONata in Step Functions": JSONata states replace InputPath, Parameters,
        // ResultSelector, ResultPath and OutputPath with Arguments and Output
        // (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html)
        DefinitionError inJsonata = only("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::x:y','ResultPath':'$.r','End':true}}}");
        assertThat(inJsonata.statePath()).isEqualTo("A");
        assertThat(inJsonata.field()).isEqualTo("ResultPath");
        assertThat(inJsonata.message()).contains("JSONPath field").contains("Output");

        DefinitionError inJsonPath = only(states("'A':{'Type':'Pass','Output':{'x':1},'End':true}"));
        assertThat(inJsonPath.statePath()).isEqualTo("A");
        assertThat(inJsonPath.field()).isEqualTo("Output");
        assertThat(inJsonPath.message()).contains("QueryLanguage");

        DefinitionError backToJsonPath = only("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass',"
                + "'QueryLanguage':'JSONPath','End':true}}}");
        assertThat(backToJsonPath.statePath()).isEqualTo("A");
        assertThat(backToJsonPath.field()).isEqualTo("QueryLanguage");
    }

    @Test
    void invalidJsonataExpressionsAreNamedByStateAndField() {
        DefinitionError syntax = only("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass',"
                + "'Output':{'deep':['{% $states.input.( %}']},'End':true}}}");
        assertThat(syntax.statePath()).isEqualTo("A");
        assertThat(syntax.field()).isEqualTo("Output.deep[0]");
        assertThat(syntax.message()).contains("invalid JSONata expression");

        List<DefinitionError> jsonPathRule = errors("{'QueryLanguage':'JSONata','StartAt':'C','States':{'C':"
                + "{'Type':'Choice','Choices':[{'Variable':'$.x','BooleanEquals':true,'Next':'D'}],'Default':'D'},"
                + "'D':{'Type':'Succeed'}}}");
        assertThat(jsonPathRule)
                .extracting(DefinitionError::field)
                .containsExactlyInAnyOrder("Choices[0].Variable", "Choices[0].BooleanEquals", "Choices[0].Condition");

        DefinitionError variable = only("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass',"
                + "'Assign':{'states':1},'End':true}}}");
        assertThat(variable.field()).isEqualTo("Assign.states");
    }

    @Test
    void invalidJsonIsReportedWithItsPosition() {
        DefinitionException e =
                catchThrowableOfType(DefinitionException.class, () -> StateMachine.compile("{\"StartAt\":"));
        assertThat(e.getMessage()).contains("not valid JSON").contains("line 1");
    }

    @Test
    void fieldsThatDoNotBelongToTheTypeAreNamed() {
        DefinitionError succeed = only(states("'A':{'Type':'Succeed','Next':'A'}"));
        assertThat(succeed.field()).isEqualTo("Next");
        assertThat(succeed.message()).contains("a Succeed state cannot have Next");
        DefinitionError typo = only(states("'A':{'Type':'Pass','Reslt':1,'End':true}"));
        assertThat(typo.field()).isEqualTo("Reslt");
        DefinitionError assign = only(states("'A':{'Type':'Fail','Assign':{'x':1}}"));
        assertThat(assign.field()).isEqualTo("Assign");
        assertThat(assign.message()).contains("a Fail state cannot have Assign");
    }

    @Test
    void retryAndCatchAreChecked() {
        List<DefinitionError> errors = errors(states("'A':{'Type':'Task','Resource':'arn:aws:states:::x:y',"
                + "'Retry':[{'ErrorEquals':['States.ALL']},{'ErrorEquals':['X'],'BackoffRate':0.5,"
                + "'IntervalSeconds':0,'MaxAttempts':-1,'JitterStrategy':'SOME','MaxDelaySeconds':0}],"
                + "'Catch':[{'ErrorEquals':['States.ALL','X'],'Next':'B'},{'ErrorEquals':[],'Next':'Nope'}],'End':true},"
                + "'B':{'Type':'Succeed'}"));
        assertThat(errors)
                .extracting(DefinitionError::field)
                .containsExactlyInAnyOrder(
                        "Retry[0].ErrorEquals",
                        "Retry[1].BackoffRate",
                        "Retry[1].IntervalSeconds",
                        "Retry[1].MaxAttempts",
                        "Retry[1].JitterStrategy",
                        "Retry[1].MaxDelaySeconds",
                        "Catch[0].ErrorEquals",
                        "Catch[0].ErrorEquals",
                        "Catch[1].ErrorEquals",
                        "Catch[1].Next");
    }

    @Test
    void choiceRulesAreChecked() {
        List<DefinitionError> errors = errors(states("'A':{'Type':'Choice','Choices':["
                + "{'Variable':'$.a','StringEquals':1,'Next':'B'},"
                + "{'Variable':'$.a','NumericEquals':1,'BooleanEquals':true,'Next':'B'},"
                + "{'Variable':'$.a','TimestampEquals':'yesterday','Next':'B'},"
                + "{'And':[{'Variable':'$.a','IsNull':true,'Next':'B'}],'Next':'B'},"
                + "{'Variable':'$.a','IsPresent':true}],'Default':'B'},'B':{'Type':'Succeed'}"));
        assertThat(errors)
                .extracting(DefinitionError::field)
                .containsExactlyInAnyOrder(
                        "Choices[0].StringEquals",
                        "Choices[1]",
                        "Choices[2].TimestampEquals",
                        "Choices[3].And[0].Next",
                        "Choices[4].Next");
        assertThat(errors).allSatisfy(e -> assertThat(e.statePath()).isEqualTo("A"));
    }

    @Test
    void waitNeedsExactlyOneDuration() {
        assertThat(only(states("'A':{'Type':'Wait','End':true}")).message()).contains("exactly one of Seconds");
        assertThat(only(states("'A':{'Type':'Wait','Seconds':1,'Timestamp':'2024-01-01T00:00:00Z','End':true}"))
                        .field())
                .isEqualTo("Timestamp");
        assertThat(only(states("'A':{'Type':'Wait','Timestamp':'2024-01-01 00:00','End':true}"))
                        .field())
                .isEqualTo("Timestamp");
    }

    @Test
    void taskFieldsAreChecked() {
        assertThat(only(states("'A':{'Type':'Task','End':true}")).field()).isEqualTo("Resource");
        assertThat(only(states("'A':{'Type':'Task','Resource':'arn:aws:states:::x:y','TimeoutSeconds':5,"
                                + "'HeartbeatSeconds':10,'End':true}"))
                        .field())
                .isEqualTo("HeartbeatSeconds");
        assertThat(only(states("'A':{'Type':'Task','Resource':'arn:aws:states:::x:y','TimeoutSeconds':5,"
                                + "'TimeoutSecondsPath':'$.t','End':true}"))
                        .field())
                .isEqualTo("TimeoutSecondsPath");
    }

    @Test
    void mapAndParallelAreChecked() {
        assertThat(only(states("'A':{'Type':'Map','End':true}")).field()).isEqualTo("ItemProcessor");
        assertThat(only(states("'A':{'Type':'Map','ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED'},"
                                + "'StartAt':'I','States':{'I':{'Type':'Succeed'}}},'End':true}"))
                        .field())
                .isEqualTo("ItemProcessor.ProcessorConfig.Mode");
        assertThat(only(states("'A':{'Type':'Map','ItemReader':{},'ItemProcessor':{'StartAt':'I','States':{"
                                + "'I':{'Type':'Succeed'}}},'End':true}"))
                        .message())
                .contains("distributed Map");
        assertThat(only(states("'A':{'Type':'Parallel','Branches':[],'End':true}"))
                        .field())
                .isEqualTo("Branches");
    }

    @Test
    void allProblemsAreReportedTogether() {
        List<DefinitionError> errors = errors(states(
                "'A':{'Type':'Pass','Next':'X'},'B':{'Type':'Nope'}," + "'C':{'Type':'Wait','Seconds':-1,'End':true}"));
        assertThat(errors.size()).isGreaterThanOrEqualTo(3);
        assertThat(errors).extracting(DefinitionError::statePath).contains("A", "B", "C");
    }
}
