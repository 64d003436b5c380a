package dev.cutover.states;

import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.node;
import static dev.cutover.states.Machines.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The Context object ($$) as states see it. */
class ContextObjectTest {

    @Test
    void theWholeContextObjectOfAPassState() {
        ExecutionResult result = run(
                "{'StartAt':'Wait','States':{'Wait':{'Type':'Wait','Seconds':5,'Next':'P'},"
                        + "'P':{'Type':'Pass','Parameters':{'ctx.$':'$$'},'End':true}}}",
                "{'in':1}");
        assertThat(result.output().get("ctx"))
                .isEqualTo(node("{"
                        + "'Execution':{'Id':'arn:aws:states:us-east-1:123456789012:execution:Test:test','Input':{'in':1},"
                        + "'StartTime':'2024-01-01T00:00:00.000Z','Name':'test',"
                        + "'RoleArn':'arn:aws:iam::123456789012:role/service-role/StepFunctions-Test-role','RedriveCount':0},"
                        + "'StateMachine':{'Id':'arn:aws:states:us-east-1:123456789012:stateMachine:Test','Name':'Test'},"
                        + "'State':{'Name':'P','EnteredTime':'2024-01-01T00:00:05.000Z'}}"));
    }

    @Test
    void taskStatesSeeRetryCountAndCallbackTasksSeeTheirToken() {
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::x:y", (input, ctx) -> input)
                .build();
        ExecutionResult result = Machines.run(
                Machines.engine().taskResolver(resolver).build(),
                "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::x:y',"
                        + "'Parameters':{'state.$':'$$.State'},'End':true}}}",
                "{}");
        assertThat(result.output())
                .isEqualTo(node("{'state':{'Name':'T','EnteredTime':'2024-01-01T00:00:00.000Z'," + "'RetryCount':0}}"));
    }

    @Test
    void contextPathsWorkInInputPathOutputPathAndResultSelector() {
        assertThat(run(Machines.pass("'InputPath':'$$.Execution.Input.a'"), "{'a':[1]}")
                        .output())
                .isEqualTo(node("[1]"));
        assertThat(run(Machines.pass("'OutputPath':'$$.StateMachine.Name'"), "{}")
                        .output()
                        .textValue())
                .isEqualTo("Test");
    }

    @Test
    void mapItemIsOnlyInTheItemSelector() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map',"
                        + "'ItemSelector':{'pos.$':'$$.Map.Item.Index'},"
                        + "'ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Pass','Parameters':{'pos.$':'$.pos',"
                        + "'state.$':'$$.State.Name','hasMap.$':'States.Array($$)'},'End':true}}},'End':true}}}",
                "['a']");
        assertThat(result.output().get(0).get("pos").intValue()).isZero();
        assertThat(result.output().get(0).get("state").textValue()).isEqualTo("I");
        assertThat(result.output().get(0).get("hasMap").get(0).has("Map")).isFalse();
    }
}
