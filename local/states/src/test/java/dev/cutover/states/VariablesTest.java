package dev.cutover.states;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Variables (Assign and {@code $name}) in JSONPath and JSONata states, beyond the conformance cases 123-131: the
 * create-time checks, the size limits and the history events. AWS: "Passing data between states with variables"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
 */
class VariablesTest {

    private static List<DefinitionError> errors(String definition) {
        DefinitionException e =
                catchThrowableOfType(DefinitionException.class, () -> StateMachine.compile(Machines.json(definition)));
        assertThat(e).as("expected %s to be rejected", definition).isNotNull();
        return e.errors();
    }

    /** Runs {@code machine} on {} and checks it succeeded. */
    private static ExecutionResult succeeds(String machine) {
        ExecutionResult result = Machines.run(machine, "{}");
        assertThat(result.status()).as(result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return result;
    }

    /** Runs a JSONata machine of one Pass state with {@code fields} on {}. */
    private static ExecutionResult jsonataPass(String fields) {
        return Machines.run(
                "{'QueryLanguage':'JSONata','StartAt':'P','States':{'P':{'Type':'Pass'," + fields + ",'End':true}}}",
                "{}");
    }

    @Test
    void aJsonPathAssignReadsTheResultTheContextAndVariablesAndIntrinsics() {
        // given a Task whose Assign reads $ (its result after ResultSelector), $$ and an intrinsic over a variable
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::x:y", (input, ctx) -> node("{'id':'o-1','total':12}"))
                .build();
        String machine = "{'StartAt':'Init','States':{"
                + "'Init':{'Type':'Pass','Assign':{'currency':'EUR','ids':[]},'Next':'Order'},"
                + "'Order':{'Type':'Task','Resource':'arn:aws:states:::x:y',"
                + "'ResultSelector':{'orderId.$':'$.id','amount.$':'$.total'},"
                + "'Assign':{'order.$':'$','state.$':'$$.State.Name',"
                + "'label.$':'States.Array($.amount, $currency)'},"
                + "'ResultPath':null,'Next':'Show'},"
                + "'Show':{'Type':'Pass','Parameters':{'id.$':'$order.orderId','label.$':'$label','state.$':'$state',"
                + "'first.$':'States.ArrayLength($ids)'},'End':true}}}";

        // when it runs
        ExecutionResult result =
                Machines.run(Machines.engine().taskResolver(resolver).build(), machine, "{}");

        // then the later state read every variable
        assertThat(result.status()).as(result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(node("{'id':'o-1','label':[12,'EUR'],'state':'Order','first':0}"));
    }

    @Test
    void anAssignSeesTheValuesFromBeforeItsStateNotTheOnesItSets() {
        // given a JSONPath state that reassigns a and, in the same Assign, copies a into b
        ExecutionResult result = succeeds("{'StartAt':'One','States':{"
                + "'One':{'Type':'Pass','Assign':{'a':1},'Next':'Two'},"
                + "'Two':{'Type':'Pass','Assign':{'a':2,'b.$':'$a'},'Parameters':{'seen.$':'$a'},'Next':'Three'},"
                + "'Three':{'Type':'Pass','Parameters':{'a.$':'$a','b.$':'$b','seenByTwo.$':'$.seen'},'End':true}}}");

        // then b got the old value of a, and so did Two's own Parameters
        assertThat(result.output()).isEqualTo(node("{'a':2,'b':1,'seenByTwo':1}"));
    }

    @Test
    void theStateExitedEventListsTheAssignedVariablesAsJsonText() {
        // given a JSONPath Pass assigning a string and an object
        ExecutionResult result =
                Machines.run(Machines.pass("'Assign':{'name':'orders','limits.$':'$.limits'}"), "{'limits':{'max':3}}");

        // then its PassStateExited event carries assignedVariables (name to JSON text) and their details
        HistoryEvent exited = result.history().stream()
                .filter(e -> e.type().equals("PassStateExited"))
                .findFirst()
                .orElseThrow();
        JsonNode details = exited.toJson().get("stateExitedEventDetails");
        assertThat(details.get("assignedVariables"))
                .isEqualTo(node("{'name':'\\\"orders\\\"','limits':'{\\\"max\\\":3}'}"));
        assertThat(details.get("assignedVariablesDetails")).isEqualTo(node("{'truncated':false}"));
        assertThat(details.get("name").asText()).isEqualTo("P");
    }

    @Test
    void anUndefinedVariableIsAStatesRuntimeError() {
        ExecutionResult result = Machines.run(Machines.pass("'Parameters':{'x.$':'$nope.field'}"), "{}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("'$nope'").contains("has not been assigned");
    }

    @Test
    void variablesWorkInChoiceVariablesItemsPathAndSecondsPath() {
        String machine = "{'StartAt':'Init','States':{"
                + "'Init':{'Type':'Pass','Assign':{'items':[1,2,3],'pause':5,'min':2},'Next':'Check'},"
                + "'Check':{'Type':'Choice','Choices':[{'Variable':'$items[0]','NumericLessThanPath':'$min',"
                + "'Assign':{'picked':'low'},'Next':'Wait'}],'Default':'Wait'},"
                + "'Wait':{'Type':'Wait','SecondsPath':'$pause','Next':'Each'},"
                + "'Each':{'Type':'Map','ItemsPath':'$items','ItemProcessor':{'StartAt':'I','States':{"
                + "'I':{'Type':'Pass','Parameters':{'v.$':'$','p.$':'$picked'},'End':true}}},'End':true}}}";

        ExecutionResult result = succeeds(machine);

        assertThat(result.output()).isEqualTo(node("[{'v':1,'p':'low'},{'v':2,'p':'low'},{'v':3,'p':'low'}]"));
        assertThat(result.duration().getSeconds()).isEqualTo(5);
    }

    @Test
    void aCatchAssignsFromTheErrorOutputAndItsVariablesReachTheNextState() {
        String machine = "{'StartAt':'Boom','States':{"
                + "'Boom':{'Type':'Task','Resource':'arn:aws:states:::none:none',"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Assign':{'why.$':'$.Error'},'ResultPath':null,"
                + "'Next':'After'}],'End':true},"
                + "'After':{'Type':'Pass','Parameters':{'why.$':'$why'},'End':true}}}";

        assertThat(succeeds(machine).output()).isEqualTo(node("{'why':'States.TaskFailed'}"));
    }

    @Test
    void aBranchThatAssignsAnOuterVariableIsRefusedAtCreateTimeNamingStateAndField() {
        List<DefinitionError> errors = errors("{'StartAt':'Init','States':{"
                + "'Init':{'Type':'Pass','Assign':{'total':0},'Next':'Fan'},"
                + "'Fan':{'Type':'Parallel','End':true,'Branches':[{'StartAt':'B','States':{"
                + "'B':{'Type':'Pass','Assign':{'total.$':'$.x','mine':1},'End':true}}}]}}}");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).statePath()).isEqualTo("Fan.Branches[0].B");
        assertThat(errors.get(0).field()).isEqualTo("Assign.total.$");
        assertThat(errors.get(0).message())
                .contains("'total' is assigned in an outer scope")
                .contains("'Init'");
    }

    @Test
    void siblingBranchesMayUseTheSameNameAndACatchOfTheOuterStateMayAssignOuterVariables() {
        StateMachine.compile(Machines.json("{'QueryLanguage':'JSONata','StartAt':'Fan','States':{"
                + "'Fan':{'Type':'Parallel','Next':'Done','Assign':{'result':'{% $states.result %}'},"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Assign':{'result':'failed'},'Next':'Done'}],"
                + "'Branches':[{'StartAt':'A','States':{'A':{'Type':'Pass','Assign':{'tmp':1},'End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Pass','Assign':{'tmp':2},'End':true}}}]},"
                + "'Done':{'Type':'Succeed'}}}"));
    }

    @Test
    void badVariableNamesAndTopLevelDollarExpressionsAreAllReportedAtOnce() {
        List<DefinitionError> errors = errors("{'QueryLanguage':'JSONata','StartAt':'P','States':{"
                + "'P':{'Type':'Pass','Assign':{'states':1,'9lives':2,'ok':'{% $.x %}','fine':'{% $$ %}'},"
                + "'Output':'{% $ %}','End':true}}}");

        assertThat(errors)
                .extracting(DefinitionError::field)
                .containsExactlyInAnyOrder("Assign.states", "Assign.9lives", "Assign.ok", "Assign.fine", "Output");
        assertThat(errors)
                .filteredOn(e -> e.field().equals("Output"))
                .first()
                .extracting(DefinitionError::message)
                .asString()
                .contains("$states.input");
    }

    @Test
    void aResultPathCannotWriteIntoAVariableNorAJsonataMapTakeArguments() {
        assertThat(errors(Machines.pass("'ResultPath':'$total'")))
                .extracting(DefinitionError::message)
                .containsExactly("a ResultPath cannot write into the variable $total: set variables with Assign");
        assertThat(errors("{'QueryLanguage':'JSONata','StartAt':'M','States':{'M':{'Type':'Map','Items':[1],"
                        + "'Arguments':{'a':1},'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},"
                        + "'End':true}}}"))
                .extracting(DefinitionError::field, e -> e.message().startsWith("a Map state has no Arguments"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Arguments", true));
    }

    @Test
    void aNameLongerThan80CharactersIsRefusedAndUnicodeLettersAreAccepted() {
        String longName = "v".repeat(81);
        List<DefinitionError> errors = errors(Machines.pass("'Assign':{'" + longName + "':1}"));
        assertThat(errors).extracting(DefinitionError::message).anyMatch(m -> m.contains("at most 80"));

        ExecutionResult result = Machines.run(
                "{'StartAt':'A','States':{'A':{'Type':'Pass','Assign':{'préféré':'oui'},'Next':'B'},"
                        + "'B':{'Type':'Pass','Parameters':{'v.$':'$préféré'},'End':true}}}",
                "{}");
        assertThat(result.output()).isEqualTo(node("{'v':'oui'}"));
    }

    @Test
    void aVariableOver256KiBFailsTheExecution() {
        // given a value of 300,000 characters built by JSONata ($pad)
        ExecutionResult result = jsonataPass("'Assign':{'big':'{% $pad(\\\"\\\", 300000, \\\"x\\\") %}'}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("'big'").contains("256 KiB");
    }

    @Test
    void twoVariablesOfUnder256KiBEachButOverItTogetherFailTheAssign() {
        ExecutionResult result = jsonataPass("'Assign':{'a':'{% $pad(\\\"\\\", 150000, \\\"x\\\") %}',"
                + "'b':'{% $pad(\\\"\\\", 150000, \\\"x\\\") %}'}");

        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("one Assign field sets at most");
    }

    @Test
    void aFailingJsonataExpressionRecordsAnEvaluationFailedEvent() {
        ExecutionResult result =
                jsonataPass("'Output':{'n':'{% $number(\\\"x\\\") + $nothing.at.all %}','m':'{% $undefinedVar %}'}");

        assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
        HistoryEvent failed = result.history().stream()
                .filter(e -> e.type().equals("EvaluationFailed"))
                .findFirst()
                .orElseThrow();
        JsonNode details = failed.toJson().get("evaluationFailedEventDetails");
        assertThat(details.get("error").asText()).isEqualTo("States.QueryEvaluationError");
        assertThat(details.get("state").asText()).isEqualTo("P");
        assertThat(details.get("location").asText()).startsWith("Output.");
        assertThat(details.get("cause").asText()).isEqualTo(result.cause());
    }

    @Test
    void aJsonataValueOfTheWrongTypeAlsoRecordsAnEvaluationFailedEventNamingTheField() {
        ExecutionResult result = Machines.run(
                "{'QueryLanguage':'JSONata','StartAt':'C','States':{'C':{'Type':'Choice','Choices':["
                        + "{'Condition':'{% $states.input.n %}','Next':'D'}],'Default':'D'},'D':{'Type':'Succeed'}}}",
                "{'n':3}");

        assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(result.history())
                .filteredOn(e -> e.type().equals("EvaluationFailed"))
                .extracting(e -> e.toJson()
                        .get("evaluationFailedEventDetails")
                        .get("location")
                        .asText())
                .containsExactly("Choices[0].Condition");
    }
}
