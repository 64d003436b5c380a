package dev.cutover.states;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.cutover.states.Machines.json;
import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Step Functions Local mock-config format: parsing, checks, invocation indexes and ranges, executions. */
class MockConfigTest {

    private static final String CONFIG = "{'StateMachines':{'Orders':{'TestCases':{"
            + "'HappyPath':{'Check':'CheckOk','Notify':'NotifyOk'},"
            + "'RetryPath':{'Check':'CheckFlaky','Notify':'NotifyOk'},"
            + "'HybridPath':{'Check':'CheckOk'}}}},"
            + "'MockedResponses':{"
            + "'CheckOk':{'0':{'Return':{'StatusCode':200,'Payload':{'ok':true}}}},"
            + "'CheckFlaky':{'0':{'Throw':{'Error':'Lambda.ResourceNotReadyException','Cause':'not ready'}},"
            + "  '1-2':{'Throw':{'Error':'Lambda.TimeoutException','Cause':'timed out'}},"
            + "  '3':{'Return':{'StatusCode':200,'Payload':{'ok':'finally'}}}},"
            + "'NotifyOk':{'0':{'Return':{'MessageId':'m-1'}}}}}";

    private static final String MACHINE = "{'StartAt':'Check','States':{"
            + "'Check':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Parameters':{'FunctionName':'check',"
            + "  'Payload.$':'$'},'ResultSelector':{'ok.$':'$.Payload.ok'},'ResultPath':'$.check',"
            + "  'Retry':[{'ErrorEquals':['Lambda.ResourceNotReadyException','Lambda.TimeoutException'],"
            + "    'IntervalSeconds':2,'MaxAttempts':3}],'Next':'Notify'},"
            + "'Notify':{'Type':'Task','Resource':'arn:aws:states:::sns:publish','ResultPath':'$.notify','End':true}}}";

    private static ExecutionResult run(String testCase, TaskResolver resolver) {
        MockConfig config = MockConfig.parse(json(CONFIG));
        Engine engine = Machines.engine()
                .mockConfig(config, testCase)
                .taskResolver(resolver)
                .build();
        return engine.run(StateMachine.compile(json(MACHINE)).withName("Orders"), "{'id':1}".replace('\'', '"'), "t");
    }

    @Test
    void aTestCaseAnswersTasksWithTheirMockedReturns() {
        ExecutionResult result = run("Orders#HappyPath", TaskResolver.none());
        assertThat(result.output()).isEqualTo(node("{'id':1,'check':{'ok':true},'notify':{'MessageId':'m-1'}}"));
    }

    @Test
    void invocationIndexesAndRangesDriveRetries() {
        ExecutionResult result = run("Orders#RetryPath", TaskResolver.none());
        assertThat(result.output().get("check")).isEqualTo(node("{'ok':'finally'}"));
        assertThat(result.history().stream()
                        .filter(e -> e.type().equals("TaskFailed"))
                        .map(HistoryEvent::error))
                .containsExactly(
                        "Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(2 + 4 + 8));
    }

    @Test
    void statesTheTestCaseDoesNotMockGoToTheResolver() {
        AtomicInteger calls = new AtomicInteger();
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::sns:publish", (input, ctx) -> {
                    calls.incrementAndGet();
                    return node("{'MessageId':'real'}");
                })
                .build();
        ExecutionResult result = run("Orders#HybridPath", resolver);
        assertThat(result.output().get("notify")).isEqualTo(node("{'MessageId':'real'}"));
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void anInvocationWithoutAResponseFailsTheExecution() {
        String config = "{'StateMachines':{'M':{'TestCases':{'T':{'Call':'Once'}}}},"
                + "'MockedResponses':{'Once':{'0':{'Throw':{'Error':'Boom','Cause':'first'}}}}}";
        Engine engine = Machines.engine()
                .mockConfig(MockConfig.parse(json(config)), "M#T")
                .build();
        ExecutionResult result = Machines.run(
                engine,
                "{'StartAt':'Call','States':{'Call':{'Type':'Task',"
                        + "'Resource':'arn:aws:states:::x:y','Retry':[{'ErrorEquals':['Boom']}],'End':true}}}",
                "{}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("'Once'").contains("invocation 1");
    }

    @Test
    void mapIterationsShareTheStatesInvocationCounter() {
        String config = "{'StateMachines':{'M':{'TestCases':{'T':{'Item':'Counted'}}}},"
                + "'MockedResponses':{'Counted':{'0':{'Return':'first'},'1-2':{'Return':'middle'},'3':{'Return':'last'}}}}";
        Engine engine = Machines.engine()
                .mockConfig(MockConfig.parse(json(config)), "M#T")
                .build();
        ExecutionResult result = Machines.run(
                engine,
                "{'StartAt':'Each','States':{'Each':{'Type':'Map',"
                        + "'MaxConcurrency':1,'ItemProcessor':{'StartAt':'Item','States':{'Item':{'Type':'Task',"
                        + "'Resource':'arn:aws:states:::x:y','End':true}}},'End':true}}}",
                "[1,2,3,4]");
        assertThat(result.output()).isEqualTo(node("['first','middle','middle','last']"));
    }

    @Test
    void parsingTellsWhichFieldIsWrong() {
        assertThatThrownBy(() -> MockConfig.parse("{"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(
                        () -> MockConfig.parse(json("{'StateMachines':{},'MockedResponses':{'R':{'x':{'Return':1}}}}")))
                .hasMessageContaining("MockedResponses.R.\"x\"");
        assertThatThrownBy(() ->
                        MockConfig.parse(json("{'StateMachines':{},'MockedResponses':{'R':{'2-1':{'Return':1}}}}")))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> MockConfig.parse(json(
                        "{'StateMachines':{},'MockedResponses':{'R':{'0-2':{'Return':1}," + "'2':{'Return':2}}}}")))
                .hasMessageContaining("invocation 2 is defined more than once");
        assertThatThrownBy(() -> MockConfig.parse(json(
                        "{'StateMachines':{},'MockedResponses':{'R':{'0':{'Return':1," + "'Throw':{'Error':'E'}}}}}")))
                .hasMessageContaining("exactly one field, Return or Throw");
        assertThatThrownBy(() -> MockConfig.parse(
                        json("{'StateMachines':{},'MockedResponses':{'R':{'0':{'Throw':{" + "'Cause':'c'}}}}}")))
                .hasMessageContaining("MockedResponses.R.\"0\".Throw");
        assertThatThrownBy(() -> MockConfig.parse(
                        json("{'StateMachines':{'M':{'TestCases':{'T':{'S':'Missing'}}}}," + "'MockedResponses':{}}")))
                .hasMessageContaining("StateMachines.M.TestCases.T.S")
                .hasMessageContaining("'Missing' is not defined");
    }

    @Test
    void testCasesAreLookedUpByMachineAndCase() {
        MockConfig config = MockConfig.parse(json(CONFIG));
        assertThat(config.stateMachines()).containsExactly("Orders");
        assertThat(config.testCase("Orders#RetryPath").mockedStates()).containsExactlyInAnyOrder("Check", "Notify");
        assertThat(config.testCase("Orders", "HappyPath")
                        .responseFor("Check")
                        .forInvocation(0)
                        .value())
                .isEqualTo(node("{'StatusCode':200,'Payload':{'ok':true}}"));
        MockConfig.MockedResponse flaky = config.testCase("Orders#RetryPath").responseFor("Check");
        assertThat(flaky.forInvocation(0).error()).isEqualTo("Lambda.ResourceNotReadyException");
        assertThat(flaky.forInvocation(1).error()).isEqualTo("Lambda.TimeoutException");
        assertThat(flaky.forInvocation(2).cause()).isEqualTo("timed out");
        assertThat(flaky.forInvocation(3).isThrow()).isFalse();
        assertThat(flaky.forInvocation(4)).isNull();
        assertThatThrownBy(() -> config.testCase("Orders#Nope"))
                .hasMessageContaining("no such test case")
                .hasMessageContaining("HappyPath");
        assertThatThrownBy(() -> config.testCase("Other#HappyPath")).hasMessageContaining("no such state machine");
        assertThatThrownBy(() -> config.testCase("OrdersHappyPath")).hasMessageContaining("MACHINE#CASE");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("MockConfigFile.json");
        Files.writeString(file, json(CONFIG));
        assertThat(MockConfig.read(file).stateMachines()).containsExactly("Orders");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> MockConfig.read(file)).hasMessageContaining(file.toString());
    }
}
