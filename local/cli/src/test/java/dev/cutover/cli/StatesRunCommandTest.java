package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.cutover.cli.CliRun.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code cutover states run}, in-process: stdout, stderr and the exit code. */
class StatesRunCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private Path definition;

    private Path write(String name, String singleQuotedJson) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, singleQuotedJson.replace('\'', '"'));
        return file;
    }

    @BeforeEach
    void machine() throws Exception {
        definition = write(
                "deployment.asl.json",
                "{'StartAt':'Lock','States':{"
                        + "'Lock':{'Type':'Task','Resource':'${LockFunctionArn}','ResultPath':'$.lock','Next':'Bake'},"
                        + "'Bake':{'Type':'Wait','Seconds':3600,'Next':'Check'},"
                        + "'Check':{'Type':'Choice','Choices':[{'Variable':'$.healthy','BooleanEquals':true,'Next':'Done'}],"
                        + "'Default':'Rollback'},"
                        + "'Done':{'Type':'Pass','Parameters':{'lock.$':'$.lock','machine.$':'$$.StateMachine.Name'},'End':true},"
                        + "'Rollback':{'Type':'Fail','Error':'HealthCheckFailed','Cause':'green is unhealthy'}}}");
        write(
                "mocks.json",
                "{'StateMachines':{'Deploy':{'TestCases':{"
                        + "'Happy':{'Lock':'Locked'},'Contended':{'Lock':'Busy'}}}},"
                        + "'MockedResponses':{'Locked':{'0':{'Return':{'owner':'me'}}},"
                        + "'Busy':{'0':{'Throw':{'Error':'LockHeldException','Cause':'another deployment holds the lock'}}}}}");
    }

    @Test
    void aSucceededExecutionPrintsItsOutputAndExitsZero() throws Exception {
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input",
                "{\"healthy\":true}",
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                "Deploy#Happy",
                "--virtual-clock");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out().strip().lines()).hasSize(1);
        assertThat(outcome.json())
                .isEqualTo(MAPPER.readTree(
                        "{\"status\":\"SUCCEEDED\",\"output\":{\"lock\":{\"owner\":\"me\"},\"machine\":\"Deploy\"}}"));
    }

    @Test
    void aFailedExecutionPrintsErrorAndCauseAndExitsOne() throws Exception {
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input",
                "{\"healthy\":false}",
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                "Deploy#Happy",
                "--fast");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.json())
                .isEqualTo(MAPPER.readTree(
                        "{\"status\":\"FAILED\",\"error\":\"HealthCheckFailed\",\"cause\":\"green is unhealthy\"}"));
    }

    @Test
    void aLoopingMachineFailsAtTheHistoryQuotaInsteadOfRunningOutOfMemory() throws Exception {
        // given a machine that never ends (real time, as by default)
        Path loop = write(
                "loop.asl.json",
                "{'StartAt':'Spin','States':{'Spin':{'Type':'Pass','Next':'Again'},"
                        + "'Again':{'Type':'Choice','Choices':[{'Variable':'$.stop','BooleanEquals':true,'Next':'Done'}],"
                        + "'Default':'Spin'},'Done':{'Type':'Succeed'}}}");
        Path history = dir.resolve("history.json");

        // when it runs; then it fails as Step Functions fails it, with the history capped at 25,000 events
        CliRun outcome = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> cutover(
                        "states",
                        "run",
                        "--definition",
                        loop.toString(),
                        "--input",
                        "{\"stop\":false}",
                        "--history",
                        history.toString()));
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(1);
        assertThat(outcome.json().path("status").asText()).isEqualTo("FAILED");
        assertThat(outcome.json().path("error").asText()).isEqualTo("States.Runtime");
        assertThat(outcome.json().path("cause").asText()).contains("25,000 history events");
        JsonNode events = MAPPER.readTree(history.toFile()).path("events");
        assertThat(events).hasSize(25_000);
        assertThat(events.get(24_999).path("type").asText()).isEqualTo("ExecutionFailed");
    }

    @Test
    void theTestCaseChoosesTheMockedResponses() throws Exception {
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input",
                "{}",
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                "Deploy#Contended");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.json().get("error").asText()).isEqualTo("LockHeldException");
        assertThat(outcome.json().get("cause").asText()).isEqualTo("another deployment holds the lock");
    }

    @Test
    void anUnmockedTaskFailsWithTaskFailedNamingTheResource() throws Exception {
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input",
                "{}",
                "--substitution",
                "LockFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:lock");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.json().get("error").asText()).isEqualTo("States.TaskFailed");
        assertThat(outcome.json().get("cause").asText())
                .contains(
                        "No handler or mock is configured for resource 'arn:aws:lambda:us-east-1:123456789012:function:lock'")
                .contains("state 'Lock'");
    }

    @Test
    void substitutionsAreAppliedToTheDefinition() throws Exception {
        Path echo = write(
                "echo.asl.json",
                "{'StartAt':'E','States':{'E':{'Type':'Pass',"
                        + "'Parameters':{'topic':'${TopicArn}','stage':'${Stage}-${Stage}'},'End':true}}}");
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                echo.toString(),
                "--input",
                "{}",
                "--substitution",
                "TopicArn=arn:aws:sns:us-east-1:123456789012:deploys",
                "--substitution",
                "Stage=prod");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.json().get("output"))
                .isEqualTo(MAPPER.readTree(
                        "{\"topic\":\"arn:aws:sns:us-east-1:123456789012:deploys\",\"stage\":\"prod-prod\"}"));
    }

    /**
     * A JSONata machine with variables, end to end from the command line. AWS: "Transforming data with JSONata in
     * Step Functions" (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html) and "Passing
     * data between states with variables" (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
     */
    private Path jsonataMachine() throws Exception {
        Path file = dir.resolve("jsonata.asl.json");
        Files.writeString(file, """
                {"QueryLanguage": "JSONata", "StartAt": "Lock", "States": {
                  "Lock": {"Type": "Task", "Resource": "${LockFunctionArn}",
                           "Arguments": {"service": "{% $states.input.service %}"},
                           "Assign": {"owner": "{% $states.result.owner %}", "service": "{% $states.input.service %}"},
                           "Output": {"healthy": "{% $states.input.healthy %}"},
                           "Catch": [{"ErrorEquals": ["LockHeldException"],
                                      "Output": {"refused": "{% $states.errorOutput.Cause %}"}, "Next": "Refused"}],
                           "Next": "Check"},
                  "Check": {"Type": "Choice",
                            "Choices": [{"Condition": "{% $states.input.healthy %}", "Next": "Done"}],
                            "Default": "Rollback"},
                  "Done": {"Type": "Succeed",
                           "Output": {"message": "{% $service & ' deployed by ' & $owner %}"}},
                  "Refused": {"Type": "Succeed"},
                  "Rollback": {"Type": "Fail", "Error": "HealthCheckFailed",
                               "Cause": "{% 'green ' & $service & ' is unhealthy' %}"}}}
                """);
        return file;
    }

    private CliRun runJsonata(Path machine, String input, String testCase) {
        return cutover(
                "states",
                "run",
                "--definition",
                machine.toString(),
                "--input",
                input,
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                testCase,
                "--substitution",
                "LockFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:lock",
                "--virtual-clock");
    }

    @Test
    void aJsonataMachineWithVariablesRunsEndToEnd() throws Exception {
        Path machine = jsonataMachine();

        CliRun healthy = runJsonata(machine, "{\"service\":\"orders\",\"healthy\":true}", "Deploy#Happy");
        assertThat(healthy.exitCode()).as(healthy.err()).isZero();
        assertThat(healthy.json())
                .isEqualTo(MAPPER.readTree(
                        "{\"status\":\"SUCCEEDED\",\"output\":{\"message\":\"orders deployed by me\"}}"));

        CliRun unhealthy = runJsonata(machine, "{\"service\":\"orders\",\"healthy\":false}", "Deploy#Happy");
        assertThat(unhealthy.exitCode()).isEqualTo(1);
        assertThat(unhealthy.json().get("error").asText()).isEqualTo("HealthCheckFailed");
        assertThat(unhealthy.json().get("cause").asText()).isEqualTo("green orders is unhealthy");

        CliRun contended = runJsonata(machine, "{\"service\":\"orders\",\"healthy\":true}", "Deploy#Contended");
        assertThat(contended.exitCode()).as(contended.err()).isZero();
        assertThat(contended.json().get("output"))
                .isEqualTo(MAPPER.readTree("{\"refused\":\"another deployment holds the lock\"}"));
    }

    /** {@code states run} of {@code machine} on the virtual clock, with any further options. */
    private static CliRun runFast(Path machine, String input, String... options) {
        List<String> args = new ArrayList<>(
                List.of("states", "run", "--definition", machine.toString(), "--input", input, "--virtual-clock"));
        args.addAll(List.of(options));
        return cutover(args.toArray(String[]::new));
    }

    @Test
    void theExampleJsonataMachineWithVariablesRunsFromTheCommandLineAndItsHistoryShowsTheVariables() throws Exception {
        // given the example machine of examples/states, which keeps its data in variables (Assign) across a Map,
        // a Wait and a Choice
        Path example = Cli.example("states/progressive-shift.asl.json");
        Path history = dir.resolve("history.json");

        // when it runs from the command line with every step up to 100%
        CliRun promoted = runFast(
                example,
                "{\"service\":\"orders\",\"steps\":[10,50,100],\"bakeSeconds\":600}",
                "--history",
                history.toString());

        // then it succeeds with the values the variables carried, and the history lists what each state assigned
        assertThat(promoted.exitCode()).as(promoted.err()).isZero();
        assertThat(promoted.json())
                .isEqualTo(MAPPER.readTree("{\"status\":\"SUCCEEDED\",\"output\":{\"service\":\"orders\","
                        + "\"verdict\":\"promoted\",\"steps\":[\"orders green at 10%\",\"orders green at 50%\","
                        + "\"orders green at 100%\"]}}"));
        JsonNode planExited = null;
        for (JsonNode event : MAPPER.readTree(Files.readString(history)).get("events")) {
            if (event.get("type").asText().equals("PassStateExited")
                    && event.get("stateExitedEventDetails").get("name").asText().equals("Plan")) {
                planExited = event.get("stateExitedEventDetails");
            }
        }
        assertThat(planExited).isNotNull();
        assertThat(planExited.get("assignedVariables"))
                .isEqualTo(
                        MAPPER.readTree("{\"service\":\"\\\"orders\\\"\",\"steps\":\"[10,50,100]\",\"bake\":\"600\"}"));

        // and when the shift stops short of 100%, the Fail state's Cause is built from the variables
        CliRun stopped = runFast(example, "{\"service\":\"orders\",\"steps\":[10,50],\"bakeSeconds\":600}");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.json().get("error").asText()).isEqualTo("IncompleteShift");
        assertThat(stopped.json().get("cause").asText()).isEqualTo("orders stopped at 50% green");
    }

    @Test
    void aBranchAssigningAnOuterVariableExitsTwoNamingTheStateAndField() throws Exception {
        Path machine = write(
                "scopes.asl.json",
                "{'StartAt':'Init','States':{'Init':{'Type':'Pass','Assign':{'total':0},'Next':'Fan'},"
                        + "'Fan':{'Type':'Parallel','End':true,'Branches':[{'StartAt':'B','States':{"
                        + "'B':{'Type':'Pass','Assign':{'total':1},'End':true}}}]}}}");

        CliRun outcome = cutover("states", "run", "--definition", machine.toString(), "--input", "{}");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err())
                .contains("state 'Fan.Branches[0].B', field 'Assign.total': the variable 'total' is assigned in an"
                        + " outer scope")
                .doesNotContain("Exception");
    }

    @Test
    void aFailingJsonataExpressionFailsTheExecutionWithQueryEvaluationError() throws Exception {
        Path machine = jsonataMachine();
        // "healthy" missing: the Lock state's Output.healthy expression gives nothing (undefined)
        CliRun outcome = runJsonata(machine, "{\"service\":\"orders\"}", "Deploy#Happy");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.json().get("error").asText()).isEqualTo("States.QueryEvaluationError");
        assertThat(outcome.json().get("cause").asText())
                .contains("'Output.healthy'")
                .contains("undefined");
    }

    @Test
    void aJsonPathFieldInAJsonataStateExitsTwoNamingTheStateAndField() throws Exception {
        String definitionText = "{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass',"
                + "'ResultPath':'$.x','Output':'{% $states.input.( %}','End':true}}}";
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                write("bad-jsonata.asl.json", definitionText).toString(),
                "--input",
                "{}");
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.exitCode()).as("an invalid definition exits 2").isEqualTo(2);
        assertThat(outcome.err())
                .contains("state 'A', field 'ResultPath': ResultPath is a JSONPath field")
                .contains("state 'A', field 'Output': invalid JSONata expression")
                .doesNotContain("Exception");
    }

    @Test
    void anInvalidDefinitionExitsTwoNamingTheStateAndField() throws Exception {
        Path bad = write(
                "bad.asl.json",
                "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'Missing'}," + "'B':{'Type':'Wait','End':true}}}");
        CliRun outcome = cutover("states", "run", "--definition", bad.toString(), "--input", "{}");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err())
                .contains(bad.toString())
                .contains("state 'A', field 'Next': the state 'Missing' does not exist")
                .contains("state 'B', field 'Seconds'");
    }

    @Test
    void invalidInputExitsTwo() {
        CliRun outcome = cutover("states", "run", "--definition", definition.toString(), "--input", "{not json");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--input is not valid JSON");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void inputFromAFile() throws Exception {
        Path input = write("input.json", "{'healthy':true}");
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input-file",
                input.toString(),
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                "Deploy#Happy",
                "--fast");
        assertThat(outcome.exitCode()).isZero();
        CliRun missing = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input-file",
                dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(cutover("states", "run", "--definition", definition.toString())
                        .exitCode())
                .isEqualTo(2);
        assertThat(cutover(
                                "states",
                                "run",
                                "--definition",
                                definition.toString(),
                                "--input",
                                "{}",
                                "--input-file",
                                "x.json")
                        .exitCode())
                .isEqualTo(2);
        CliRun caseWithoutConfig = cutover(
                "states", "run", "--definition", definition.toString(), "--input", "{}", "--test-case", "Deploy#Happy");
        assertThat(caseWithoutConfig.exitCode()).isEqualTo(2);
        assertThat(caseWithoutConfig.err()).contains("--test-case needs --mock-config");
        assertThat(cutover().exitCode()).isEqualTo(2);
        assertThat(cutover("nonsense").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnknownTestCaseExitsTwo() {
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input",
                "{}",
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                "Deploy#Nope");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("no such test case").contains("Happy");
    }

    @Test
    void theHistoryCanBeWrittenToAFile() throws Exception {
        Path history = dir.resolve("history.json");
        CliRun outcome = cutover(
                "states",
                "run",
                "--definition",
                definition.toString(),
                "--input",
                "{\"healthy\":true}",
                "--mock-config",
                dir.resolve("mocks.json").toString(),
                "--test-case",
                "Deploy#Happy",
                "--fast",
                "--name",
                "run-1",
                "--history",
                history.toString());
        assertThat(outcome.exitCode()).isZero();
        JsonNode events = MAPPER.readTree(Files.readString(history)).get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionSucceeded");
    }

    @Test
    void theMachineIsNamedAfterTheDefinitionFile() throws Exception {
        Path named = write(
                "blue-green.asl.json",
                "{'StartAt':'N','States':{'N':{'Type':'Pass',"
                        + "'Parameters':{'n.$':'$$.StateMachine.Name'},'End':true}}}");
        CliRun outcome = cutover("states", "run", "--definition", named.toString(), "--input", "{}");
        assertThat(outcome.json().at("/output/n").asText()).isEqualTo("blue-green");
    }
}
