package dev.cutover.states;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSONata states beyond the conformance cases (110-121): behaviour that depends on this engine's threads.
 * AWS: "Transforming data with JSONata in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 */
class JsonataTest {

    @Test
    void aCompiledJsonataMachineRunsMapIterationsConcurrentlyInRealTime() {
        // given a JSONata Map whose iterations run on several threads (real time, no MaxConcurrency) and each
        // evaluate the same compiled ItemSelector, Arguments and Output expressions
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::x:y", (input, ctx) -> {
                    threads.add(Thread.currentThread().getName());
                    Thread.sleep(20);
                    return input;
                })
                .build();
        Engine engine = Engine.builder().taskResolver(resolver).build();
        String machine = ("{'QueryLanguage':'JSONata','StartAt':'M','States':"
                + "{'M':{'Type':'Map','Items':'{% [1..40] %}','Assign':{'total':'{% $sum($states.result) %}'},"
                + "'ItemSelector':{'n':'{% $states.context.Map.Item.Value %}'},"
                + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::x:y',"
                + "'Arguments':{'square':'{% $states.input.n * $states.input.n %}'},"
                + "'Output':'{% $states.result.square %}','End':true}}},'Next':'Sum'},"
                + "'Sum':{'Type':'Pass','Output':{'total':'{% $total %}','count':'{% $count($states.input) %}'},"
                + "'End':true}}}");

        // when it runs
        ExecutionResult result = Machines.run(engine, machine, "{}");

        // then every item was squared, in order, and the variable saw all of them
        assertThat(result.status()).as(result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(node("{'total':22140,'count':40}"));
        assertThat(threads.size()).isGreaterThan(1);
    }

    @Test
    void aQueryEvaluationErrorCanBeCaught() {
        ExecutionResult result = Machines.run(
                "{'QueryLanguage':'JSONata','StartAt':'T','States':{'T':{'Type':'Parallel',"
                        + "'Branches':[{'StartAt':'Bad','States':{'Bad':{'Type':'Pass','Output':'{% $error(\\\"no\\\") %}',"
                        + "'End':true}}}],"
                        + "'Catch':[{'ErrorEquals':['States.QueryEvaluationError'],"
                        + "'Output':'{% $states.errorOutput.Error %}','Next':'Caught'}],'End':true},"
                        + "'Caught':{'Type':'Pass','End':true}}}",
                "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().asText()).isEqualTo("States.QueryEvaluationError");
    }

    @Test
    void evalIsNotAvailableAsInStepFunctions() {
        // AWS, "Transforming data with JSONata in Step Functions": $eval is not available; use $parse
        ExecutionResult result = Machines.run(
                "{'QueryLanguage':'JSONata','StartAt':'P','States':{'P':{'Type':'Pass',"
                        + "'Output':'{% $eval(\\\"1 + 1\\\") %}','End':true}}}",
                "{}");
        assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(result.cause()).contains("$parse");
    }

    @Test
    void taskTimeoutsCanBeExpressions() {
        // given a JSONata Task whose TimeoutSeconds and HeartbeatSeconds come from its input
        Engine engine = Machines.engine()
                .taskResolver(TaskResolvers.builder()
                        .resource("arn:aws:states:::x:y", (input, ctx) -> input)
                        .build())
                .build();
        String machine = "{'QueryLanguage':'JSONata','StartAt':'T','States':{'T':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::x:y','TimeoutSeconds':'{% $states.input.timeout %}',"
                + "'HeartbeatSeconds':'{% $states.input.timeout - 10 %}','End':true}}}";

        // when it runs, then the task is scheduled with the evaluated values
        ExecutionResult result = Machines.run(engine, machine, "{'timeout':30}");
        assertThat(result.historyJson().toString())
                .contains("\"timeoutInSeconds\":30")
                .contains("\"heartbeatInSeconds\":20");

        // and a value that is not a positive integer is a States.QueryEvaluationError naming the field
        ExecutionResult bad = Machines.run(engine, machine, "{'timeout':'soon'}");
        assertThat(bad.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(bad.cause()).contains("TimeoutSeconds");
    }
}
