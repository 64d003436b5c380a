package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.cutover.cli.CliRun.cutover;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover states test-state}, in-process: one state of a definition run as the TestState API does, its
 * response on standard output, problems on standard error, and the exit code.
 */
class StatesTestStateCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DEPLOYMENT =
            Cli.repository("statemachine/deployment.asl.json").toString();

    @TempDir
    Path dir;

    private String write(String name, String singleQuotedJson) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, singleQuotedJson.replace('\'', '"'));
        return file.toString();
    }

    /** {@code cutover states test-state} with these options. */
    private static CliRun testState(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "states";
        args[1] = "test-state";
        System.arraycopy(options, 0, args, 2, options.length);
        return cutover(args);
    }

    /** {@code test-state} of the deployment machine's ValidateAndLock failing with Lambda's throttling error. */
    private static CliRun throttledLock(String... options) {
        String[] args = new String[options.length + 6];
        System.arraycopy(
                new String[] {
                    "--definition",
                    DEPLOYMENT,
                    "--state",
                    "ValidateAndLock",
                    "--mock-error",
                    "Lambda.TooManyRequestsException"
                },
                0,
                args,
                0,
                6);
        System.arraycopy(options, 0, args, 6, options.length);
        return testState(args);
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void givenOneTaskStateAndAMockFileWhenTestedAtDebugThenItPrintsTheOutputNextStateAndEachStep() throws Exception {
        String state = write(
                "shift.json",
                "{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:shift',"
                        + "'Parameters':{'weight.$':'$.next'},'ResultSelector':{'applied.$':'$.weight'},"
                        + "'ResultPath':'$.shift','Next':'Bake'}");
        String input = write("input.json", "{'next':10}");
        String mock = write("result.json", "{'weight':10,'requestId':'r-1'}");

        CliRun outcome =
                testState("--definition", state, "--input", input, "--mock", mock, "--inspection-level", "DEBUG");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out().strip().lines()).hasSize(1);
        JsonNode response = outcome.json();
        assertThat(response.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(response.get("nextState").asText()).isEqualTo("Bake");
        assertThat(json(response.get("output").asText())).isEqualTo(json("{\"next\":10,\"shift\":{\"applied\":10}}"));
        JsonNode steps = response.get("inspectionData");
        assertThat(json(steps.get("afterParameters").asText())).isEqualTo(json("{\"weight\":10}"));
        assertThat(json(steps.get("result").asText())).isEqualTo(json("{\"weight\":10,\"requestId\":\"r-1\"}"));
        assertThat(json(steps.get("afterResultSelector").asText())).isEqualTo(json("{\"applied\":10}"));
    }

    @Test
    void givenTheDeploymentMachineWhenALockErrorIsMockedThenItIsRetriableWithTheRetriersBackoff() throws Exception {
        CliRun outcome = throttledLock(
                "--mock-cause", "Rate exceeded", "--retrier-retry-count", "1", "--inspection-level", "DEBUG");

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(1);
        JsonNode response = outcome.json();
        assertThat(response.get("status").asText()).isEqualTo("RETRIABLE");
        assertThat(response.get("error").asText()).isEqualTo("Lambda.TooManyRequestsException");
        assertThat(response.get("cause").asText()).isEqualTo("Rate exceeded");
        assertThat(response.has("nextState")).isFalse();
        JsonNode details = response.at("/inspectionData/errorDetails");
        assertThat(details.get("retryIndex").asInt()).isZero();
        // IntervalSeconds 2 × BackoffRate 2 for the second attempt, with FULL jitter: somewhere in [0, 4]
        assertThat(details.get("retryBackoffIntervalSeconds").asInt()).isBetween(0, 4);
    }

    @Test
    void givenTheDeploymentMachineWhenItsRetriesAreUsedUpThenTheCatchSendsItToRollbackWithTheError() throws Exception {
        String context = write("context.json", "{'Execution':{'Name':'deploy-42'}}");
        String input = write("input.json", "{'service':'orders'}");

        CliRun outcome = throttledLock(
                "--input", input, "--context", context, "--retrier-retry-count", "4", "--inspection-level", "DEBUG");

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(1);
        JsonNode response = outcome.json();
        assertThat(response.get("status").asText()).isEqualTo("CAUGHT_ERROR");
        assertThat(response.get("nextState").asText()).isEqualTo("Rollback");
        assertThat(json(response.get("output").asText()))
                .isEqualTo(json("{\"service\":\"orders\",\"error\":{\"Error\":\"Lambda.TooManyRequestsException\"}}"));
        assertThat(json(response.at("/inspectionData/afterParameters").asText())
                        .at("/execution/name")
                        .asText())
                .as("the Context object's fields come from --context")
                .isEqualTo("deploy-42");
        assertThat(response.at("/inspectionData/errorDetails/catchIndex").asInt())
                .isZero();
    }

    @Test
    void givenAChoiceOfTheDeploymentMachineWhenTestedThenItPrintsTheStateItWouldGoTo() throws Exception {
        String standalone = write("standalone.json", "{'deployment':{'standalone':true}}");
        String underCodeDeploy = write("codedeploy.json", "{'deployment':{'standalone':false}}");

        CliRun first = testState("--definition", DEPLOYMENT, "--state", "IsStandalone", "--input", standalone);
        CliRun second = testState("--definition", DEPLOYMENT, "--state", "IsStandalone", "--input", underCodeDeploy);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.json().get("nextState").asText()).isEqualTo("PreTrafficChecks");
        assertThat(first.json().has("inspectionData"))
                .as("INFO is the default level")
                .isFalse();
        assertThat(second.json().get("nextState").asText()).isEqualTo("Stages");
    }

    @Test
    void givenAJsonataStateWithVariablesAndAnInlineMockWhenTestedThenOutputAndAssignmentsShow() throws Exception {
        String state = write(
                "judge.json",
                "{'Type':'Task','QueryLanguage':'JSONata','Resource':'arn:aws:states:::lambda:invoke',"
                        + "'Arguments':{'FunctionName':'judge','Payload':{'threshold':'{% $threshold %}'}},"
                        + "'Output':'{% $states.result.Payload %}',"
                        + "'Assign':{'verdicts':'{% $append($verdicts, $states.result.Payload.verdict) %}'},"
                        + "'Next':'Decide'}");
        String variables = write("variables.json", "{'threshold':0.01,'verdicts':['PASS']}");

        CliRun outcome = testState(
                "--definition",
                state,
                "--variables",
                variables,
                "--mock",
                "{\"Payload\":{\"verdict\":\"FAIL\"}}",
                "--inspection-level",
                "TRACE");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode response = outcome.json();
        assertThat(json(response.get("output").asText())).isEqualTo(json("{\"verdict\":\"FAIL\"}"));
        assertThat(json(response.at("/inspectionData/afterArguments").asText()))
                .isEqualTo(json("{\"FunctionName\":\"judge\",\"Payload\":{\"threshold\":0.01}}"));
        assertThat(json(response.at("/inspectionData/variables").asText()))
                .isEqualTo(json("{\"threshold\":0.01,\"verdicts\":[\"PASS\",\"FAIL\"]}"));
    }

    @Test
    void givenAFailStateWhenTestedThenItPrintsErrorAndCauseAndExitsOne() throws Exception {
        String state = write("fail.json", "{'Type':'Fail','Error':'HealthCheckFailed','Cause':'green is unhealthy'}");

        CliRun outcome = testState("--definition", state);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.json())
                .isEqualTo(json("{\"status\":\"FAILED\",\"error\":\"HealthCheckFailed\","
                        + "\"cause\":\"green is unhealthy\"}"));
    }

    @Test
    void givenRequestsThatCannotRunWhenTestedThenTheyExitTwoNamingTheOptionOrFileAtFault() throws Exception {
        String badVariables = write("variables.json", "{'threshold':");
        String pass = write("pass.json", "{'Type':'Pass','End':true}");
        String typo = write("typo.json", "{'Type':'Pass','Nxt':'B'}");
        String[][] requests = {
            {"--definition", DEPLOYMENT},
            {"--definition", DEPLOYMENT, "--state", "NoSuchState"},
            {"--definition", pass, "--variables", badVariables},
            {"--definition", pass, "--mock", "{}"},
            {"--definition", pass, "--mock-cause", "why"},
            {"--definition", pass, "--input", dir.resolve("missing.json").toString()},
            {"--definition", typo},
        };
        String[] named = {
            "--state: the definition is a state machine",
            "--state: the state machine has no state named 'NoSuchState'",
            "--variables " + badVariables + " is not valid JSON",
            "--mock: a Pass state calls nothing",
            "--mock-cause goes with --mock-error",
            "--input " + dir.resolve("missing.json") + " cannot be read: no such file",
            typo + ": invalid state machine definition (2 errors)\n  state 'TestState', field 'Nxt': unknown field",
        };
        for (int i = 0; i < requests.length; i++) {
            CliRun outcome = testState(requests[i]);

            assertThat(outcome.exitCode()).as(String.join(" ", requests[i])).isEqualTo(2);
            assertThat(outcome.out()).as(String.join(" ", requests[i])).isEmpty();
            assertThat(outcome.err()).startsWith("cutover states test-state: " + named[i]);
            assertThat(outcome.err()).doesNotContain("\tat ");
        }
    }
}
