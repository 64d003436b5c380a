package dev.cutover.tests.statemachine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.states.Engine;
import dev.cutover.states.ExecutionStatus;
import dev.cutover.states.HistoryEvent;
import dev.cutover.states.MockConfig;
import dev.cutover.states.StateMachine;
import dev.cutover.tests.statemachine.Asl.NamedState;
import dev.cutover.tests.statemachine.TransitionWalker.Scenario;
import dev.cutover.tests.support.CfnYaml;
import dev.cutover.tests.support.CutoverCli;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs statemachine/deployment.asl.json itself on the in-process engine (cutover-states), every Task answered by a
 * test case of statemachine/test/MockConfigFile.json (the AWS Step Functions Local format, so the same file works
 * there), on a virtual clock: bakes of many minutes run in milliseconds, and the history's timestamps still show
 * them. Each test asserts the outcome (status, error, cause) and the history: the states entered in order, what the
 * functions were called with, failures and retries, waits and back-off in virtual time, and the transition counts
 * docs/workflow.md promises.
 */
class DeploymentStateMachineTest {

    static final String MOCK_CONFIG = "statemachine/test/MockConfigFile.json";
    static final String MACHINE = "Deployment";
    static final String CODEDEPLOY_INPUT = "events/workflow-input-codedeploy.json";
    static final String STANDALONE_INPUT = "events/workflow-input-standalone.json";
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final long SEED = 20260301L;

    static final String HEALTH_GATE_FAILED = "dev.cutover.core.error.HealthGateFailedException";
    static final String IN_PROGRESS = "dev.cutover.core.error.DeploymentInProgressException";
    static final String SPEC_INVALID = "dev.cutover.core.error.SpecException";
    static final String CHECKS_FAILED = "dev.cutover.core.error.ChecksFailedException";
    static final String TRANSIENT = "dev.cutover.core.error.TransientDependencyException";
    static final String SHIFT_FAILED = "dev.cutover.core.error.TrafficShiftException";
    static final String METRICS_LATE = "dev.cutover.core.error.MetricsNotPublishedYetException";

    /** The states before the Map, under CodeDeploy. */
    static final List<String> CODEDEPLOY_HEAD = List.of("ValidateAndLock", "IsStandalone", "Stages");

    static final List<String> STANDALONE_HEAD =
            List.of("ValidateAndLock", "IsStandalone", "PreTrafficChecks", "Stages");
    static final List<String> STAGE =
            List.of("NeedsApproval", "ShiftTraffic", "Bake", "JudgeHealth", "NeedsLongerBake", "StageJudged");
    static final String APPROVAL_DENIED = "dev.cutover.core.error.ApprovalDeniedException";

    /** Every test case of the mock config, each run by a test below. */
    static final Set<String> COVERED_TEST_CASES = Set.of(
            "HappyPath",
            "StandaloneHappyPath",
            "JudgeFailsAtStage1",
            "JudgeFailsAtStage2",
            "JudgeFailsAtStage3",
            "StandaloneJudgeFailsAtStage2",
            "ShiftFailsAtStage2",
            "LockContention",
            "InvalidSpec",
            "TransientRetriesThenSucceeds",
            "MetricsLateThenHealthy",
            "InconclusiveExtendedThenHealthy",
            "InconclusiveUntilExtensionsRunOut",
            "RetriesExhausted",
            "PreTrafficChecksFail",
            "PostTrafficChecksFail",
            "RollbackFails",
            "FinalizeRetriesExhausted",
            "ApprovedAtStage2",
            "DeniedAtStage2",
            "ApprovalTimesOut",
            "PromotedWithRollbackWindow");

    static String aslText;
    static JsonNode asl;
    static Map<String, String> substitutions;
    static StateMachine machine;
    static JsonNode mockFile;
    static MockConfig mocks;
    static JsonNode plan;
    static JsonNode standalonePlan;
    static int stageCount;

    @BeforeAll
    static void load() {
        aslText = RepoFiles.read(StateMachineStructureTest.ASL);
        asl = JsonFiles.parse(aslText, StateMachineStructureTest.ASL);
        substitutions = fakeFunctionArns();
        machine = StateMachine.compile(aslText, substitutions).withName(MACHINE);
        mockFile = JsonFiles.read(MOCK_CONFIG);
        mocks = MockConfig.read(RepoFiles.resolve(MOCK_CONFIG));
        plan = mockReturn("ValidateAndLockCodeDeploy", 0);
        standalonePlan = mockReturn("ValidateAndLockStandalone", 0);
        stageCount = plan.path("stages").size();
    }

    /**
     * A fake alias ARN for every function placeholder, read from template.yaml's DefinitionSubstitutions (the list
     * SAM substitutes on AWS), e.g. {@code ShiftTrafficFunctionArn} to
     * {@code arn:aws:lambda:us-east-1:123456789012:function:cutover-ShiftTraffic:live}.
     */
    static Map<String, String> fakeFunctionArns() {
        JsonNode template = CfnYaml.parse(RepoFiles.read("template.yaml"));
        JsonNode listed = template.path("Resources")
                .path("DeploymentStateMachine")
                .path("Properties")
                .path("DefinitionSubstitutions");
        Map<String, String> arns = new TreeMap<>();
        listed.fieldNames()
                .forEachRemaining(name -> arns.put(
                        name,
                        "arn:aws:lambda:us-east-1:123456789012:function:cutover-"
                                + name.replaceFirst("FunctionArn$", "") + ":live"));
        assertThat(arns.keySet())
                .as("template.yaml's DefinitionSubstitutions vs the ASL's placeholders")
                .containsExactlyInAnyOrderElementsOf(Asl.placeholders(aslText));
        return arns;
    }

    // ---- the mock config itself -----------------------------------------------------------------------------------

    @Test
    void everyTestCaseOfTheMockConfigIsRunHereAndEveryMockedResponseIsUsed() {
        JsonNode testCases = mockFile.path("StateMachines").path(MACHINE).path("TestCases");
        Set<String> names = new TreeSet<>();
        testCases.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(COVERED_TEST_CASES);

        Set<String> used = new TreeSet<>();
        Set<String> taskStates = new TreeSet<>();
        Asl.allStates(asl).stream().filter(s -> s.type().equals("Task")).forEach(s -> taskStates.add(s.name()));
        testCases
                .properties()
                .forEach(testCase -> testCase.getValue().properties().forEach(mock -> {
                    assertThat(taskStates)
                            .as("test case %s mocks a Task state of the ASL", testCase.getKey())
                            .contains(mock.getKey());
                    used.add(mock.getValue().asText());
                }));
        Set<String> defined = new TreeSet<>();
        mockFile.path("MockedResponses").fieldNames().forEachRemaining(defined::add);
        assertThat(used).as("mocked responses named by the test cases").isEqualTo(defined);
    }

    @Test
    void mockedReturnsFollowTheDataShapesOfDocsWorkflowMd() {
        for (JsonNode p : List.of(plan, standalonePlan)) {
            assertThat(fieldNames(p)).contains("deploymentId", "service", "standalone", "stages", "lockToken");
            int index = 0;
            for (JsonNode stage : p.path("stages")) {
                assertThat(fieldNames(stage))
                        .contains("index", "percent", "bakeSeconds")
                        .isSubsetOf("index", "percent", "bakeSeconds", "approvalTimeoutSeconds");
                assertThat(stage.path("index").asInt()).isEqualTo(index++);
            }
            assertThat(p.path("stages").path(stageCount - 1).path("percent").asInt())
                    .isEqualTo(100);
        }
        assertThat(plan.path("standalone").asBoolean()).isFalse();
        assertThat(plan.has("codeDeploy")).isTrue();
        assertThat(standalonePlan.path("standalone").asBoolean()).isTrue();
        assertThat(standalonePlan.has("codeDeploy")).isFalse();

        Set<String> documentedErrors = StateMachineStructureTest.documentedErrors(RepoFiles.read("docs/workflow.md"));
        mockFile.path("MockedResponses")
                .properties()
                .forEach(response -> response.getValue().properties().forEach(invocation -> {
                    String name = response.getKey();
                    JsonNode returned = invocation.getValue().path("Return");
                    JsonNode thrown = invocation.getValue().path("Throw");
                    if (name.startsWith("ShiftTraffic") && !returned.isMissingNode()) {
                        assertThat(returned.path("blue").asInt()
                                        + returned.path("green").asInt())
                                .as(name)
                                .isEqualTo(100);
                    }
                    if (name.startsWith("Rollback") && !returned.isMissingNode()) {
                        assertThat(fieldNames(returned)).as(name).contains("reason", "weights");
                    }
                    // an approval is answered by SendTaskFailure (a person's cause) or times out (States.Timeout)
                    if (!thrown.isMissingNode() && !name.startsWith("AwaitApproval")) {
                        assertThat(documentedErrors)
                                .as("%s throws an error docs/workflow.md lists", name)
                                .contains(thrown.path("Error").asText());
                        // Lambda reports a Java exception's message in a JSON error document
                        JsonNode cause = JsonFiles.parse(thrown.path("Cause").asText(), name + " Cause");
                        assertThat(cause.path("errorType").asText())
                                .isEqualTo(thrown.path("Error").asText());
                    }
                }));
    }

    // ---- promotion ------------------------------------------------------------------------------------------------

    @Test
    void promotionUnderCodeDeployShiftsBakesAndJudgesEveryStageThenFinalizes() {
        JsonNode input = JsonFiles.read(CODEDEPLOY_INPUT);
        ExecutionHistory run = run("HappyPath", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.entered())
                .containsExactly(
                        "ValidateAndLock",
                        "IsStandalone",
                        "Stages",
                        "NeedsApproval",
                        "ShiftTraffic",
                        "Bake",
                        "JudgeHealth",
                        "NeedsLongerBake",
                        "StageJudged",
                        "NeedsApproval",
                        "ShiftTraffic",
                        "Bake",
                        "JudgeHealth",
                        "NeedsLongerBake",
                        "StageJudged",
                        "NeedsApproval",
                        "ShiftTraffic",
                        "Bake",
                        "JudgeHealth",
                        "NeedsLongerBake",
                        "StageJudged",
                        "IsStandaloneAfter",
                        "Finalize",
                        "HasRollbackWindow",
                        "DeploymentSucceeded");
        assertThat(run.ofType("MapIterationSucceeded")).hasSize(stageCount);

        // the output is the input, plus the plan and Finalize's result; nothing of the stages leaks out of the Map
        ObjectNode expected = input.deepCopy();
        expected.set("deployment", plan);
        expected.set("result", mockReturn("FinalizePromotedCodeDeploy", 0));
        assertThat(run.result().output()).isEqualTo(expected);
        assertThat(run.invocationInputs("Finalize")).containsExactly(without(expected, "result"));

        // ValidateAndLock gets the whole input and the execution from the Context object
        JsonNode validate = single(run.invocationInputs("ValidateAndLock"));
        assertThat(validate.path("input")).isEqualTo(input);
        assertThat(validate.path("execution").path("id").asText())
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Deployment:test-HappyPath");
        assertThat(validate.path("execution").path("name").asText()).isEqualTo("test-HappyPath");
        assertThat(Instant.parse(validate.path("execution").path("startTime").asText()))
                .isEqualTo(START);

        // each iteration: ShiftTraffic gets {deployment, stage}, JudgeHealth also the weights ShiftTraffic returned
        assertStagesRanInOrder(run, plan, stageCount);

        // the functions called are the ones the substitutions name
        for (ExecutionHistory.TaskEvent t : run.lambdaEvents()) {
            if (t.event().type().equals("LambdaFunctionScheduled")) {
                assertThat(t.event().details().path("resource").asText())
                        .as(t.state())
                        .isEqualTo(substitutions.get(t.state() + "FunctionArn"));
            }
        }
        assertThat(run.ofType("LambdaFunctionFailed")).isEmpty();
    }

    @Test
    void eachBakeWaitsItsStagesBakeSecondsOfVirtualTime() {
        ExecutionHistory run = run("HappyPath", CODEDEPLOY_INPUT);

        List<Duration> expected = bakes(plan, stageCount);
        assertThat(expected)
                .as("distinct bakes, so a wait on the wrong stage shows")
                .doesNotHaveDuplicates();
        assertThat(run.waits("Bake")).containsExactlyElementsOf(expected);
        // nothing else takes time: mocked tasks return at once and nothing was retried
        assertThat(run.result().duration()).isEqualTo(sum(expected));
        assertThat(run.result().startDate()).isEqualTo(START);
    }

    @Test
    void aStandalonePromotionAlsoRunsItsOwnPreAndPostTrafficChecks() {
        JsonNode input = JsonFiles.read(STANDALONE_INPUT);
        ExecutionHistory run = run("StandaloneHappyPath", STANDALONE_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> expected = new ArrayList<>(STANDALONE_HEAD);
        expected.addAll(stages(stageCount));
        expected.addAll(List.of(
                "IsStandaloneAfter", "PostTrafficChecks", "Finalize", "HasRollbackWindow", "DeploymentSucceeded"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);

        ObjectNode deploymentOnly = JsonFiles.MAPPER.createObjectNode().set("deployment", standalonePlan);
        assertThat(run.invocationInputs("PreTrafficChecks")).containsExactly(deploymentOnly);
        assertThat(run.invocationInputs("PostTrafficChecks")).containsExactly(deploymentOnly);
        // the checks' results are discarded (ResultPath null)
        ObjectNode output = input.deepCopy();
        output.set("deployment", standalonePlan);
        output.set("result", mockReturn("FinalizePromotedStandalone", 0));
        assertThat(run.result().output()).isEqualTo(output);
        assertStagesRanInOrder(run, standalonePlan, stageCount);
        assertThat(run.waits("Bake")).containsExactlyElementsOf(bakes(standalonePlan, stageCount));
    }

    // ---- failures that roll back ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "JudgeHealth fails in stage {0}")
    @ValueSource(ints = {1, 2, 3})
    void anUnhealthyStageRollsBackRightAfterItsJudgement(int k) {
        ExecutionHistory run = run("JudgeFailsAtStage" + k, CODEDEPLOY_INPUT);

        assertFailed(run, HEALTH_GATE_FAILED, rollbackReason("RollbackAfterStage" + k + "Unhealthy"));
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(judgedUnhealthyIn(k));
        expected.addAll(List.of("Rollback", "DeploymentFailed"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        assertThat(run.timesEntered("ShiftTraffic"))
                .as("never shifts to stage %d", k + 1)
                .isEqualTo(k);
        assertThat(run.entered()).doesNotContain("IsStandaloneAfter", "Finalize");
        assertThat(run.ofType("MapIterationSucceeded")).hasSize(k - 1);
        assertThat(run.ofType("MapIterationFailed")).hasSize(1);

        // Rollback gets the whole state: the plan and the error the Map's Catch put at $.error
        JsonNode rollback = single(run.invocationInputs("Rollback"));
        assertThat(rollback.path("deployment")).isEqualTo(plan);
        assertThat(rollback.path("error")).isEqualTo(caught(mockThrow("JudgeHealthFailsAtStage" + k, k - 1)));
        assertThat(rollback.path("codeDeploy"))
                .isEqualTo(JsonFiles.read(CODEDEPLOY_INPUT).path("codeDeploy"));
        assertThat(run.waits("Bake")).containsExactlyElementsOf(bakes(plan, k));
        assertThat(run.result().duration()).isEqualTo(sum(bakes(plan, k)));
    }

    @Test
    void aStandaloneDeploymentUnhealthyInStage2RollsBackTheSameWay() {
        ExecutionHistory run = run("StandaloneJudgeFailsAtStage2", STANDALONE_INPUT);

        assertFailed(run, HEALTH_GATE_FAILED, rollbackReason("RollbackAfterStage2UnhealthyStandalone"));
        List<String> expected = new ArrayList<>(STANDALONE_HEAD);
        expected.addAll(judgedUnhealthyIn(2));
        expected.addAll(List.of("Rollback", "DeploymentFailed"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        assertThat(run.entered()).doesNotContain("PostTrafficChecks");
    }

    @Test
    void aShiftThatFailsInStage2RollsBackWithoutBakingOrJudgingIt() {
        ExecutionHistory run = run("ShiftFailsAtStage2", CODEDEPLOY_INPUT);

        assertFailed(run, SHIFT_FAILED, rollbackReason("RollbackAfterShiftFailed"));
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(stages(1));
        expected.addAll(List.of("NeedsApproval", "ShiftTraffic", "Rollback", "DeploymentFailed"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        // TrafficShiftException is not transient: no retry
        assertThat(run.lambdaEvents("ShiftTraffic", "LambdaFunctionFailed"))
                .singleElement()
                .extracting(HistoryEvent::error)
                .isEqualTo(SHIFT_FAILED);
        assertThat(run.waits("Bake")).containsExactlyElementsOf(bakes(plan, 1));
        assertThat(single(run.invocationInputs("Rollback")).path("error"))
                .isEqualTo(caught(mockThrow("ShiftTrafficFailsAtStage2", 1)));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("LockContention", "ValidateAndLockLockHeld", IN_PROGRESS, "RollbackRefusedLockHeld"),
                Arguments.of("InvalidSpec", "ValidateAndLockInvalidSpec", SPEC_INVALID, "RollbackRefusedInvalidSpec"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aDeploymentValidateAndLockRefusesNeverTouchesTraffic(
            String testCase, String mock, String error, String rollbackMock) {
        ExecutionHistory run = run(testCase, CODEDEPLOY_INPUT);

        assertFailed(run, error, rollbackReason(rollbackMock));
        assertThat(run.entered()).containsExactly("ValidateAndLock", "Rollback", "DeploymentFailed");
        assertThat(run.lambdaEvents("ValidateAndLock", "LambdaFunctionFailed"))
                .as("not retried")
                .hasSize(1);
        // Rollback learns there is no plan (and so no lock, no traffic to move) from the missing $.deployment
        JsonNode rollback = single(run.invocationInputs("Rollback"));
        assertThat(rollback.has("deployment")).isFalse();
        assertThat(rollback.path("error")).isEqualTo(caught(mockThrow(mock, 0)));
        JsonNode rolledBack =
                single(run.lambdaEvents("Rollback", "LambdaFunctionSucceeded")).payload();
        assertThat(rolledBack.path("weights").isNull())
                .as("traffic not touched")
                .isTrue();
        assertThat(run.result().duration()).isZero();
    }

    @Test
    void failedPreTrafficChecksRollBackBeforeAnyTrafficMoves() {
        ExecutionHistory run = run("PreTrafficChecksFail", STANDALONE_INPUT);

        assertFailed(run, CHECKS_FAILED, rollbackReason("RollbackAfterPreTrafficChecks"));
        assertThat(run.entered())
                .containsExactly("ValidateAndLock", "IsStandalone", "PreTrafficChecks", "Rollback", "DeploymentFailed");
        assertThat(single(run.invocationInputs("Rollback")).path("deployment")).isEqualTo(standalonePlan);
    }

    @Test
    void failedPostTrafficChecksRollBackAfterTheLastStage() {
        ExecutionHistory run = run("PostTrafficChecksFail", STANDALONE_INPUT);

        assertFailed(run, CHECKS_FAILED, rollbackReason("RollbackAfterPostTrafficChecks"));
        List<String> expected = new ArrayList<>(STANDALONE_HEAD);
        expected.addAll(stages(stageCount));
        expected.addAll(List.of("IsStandaloneAfter", "PostTrafficChecks", "Rollback", "DeploymentFailed"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        assertThat(run.entered()).doesNotContain("Finalize");
    }

    @Test
    void aRollbackThatKeepsFailingEndsInRollbackFailedWithItsOwnErrorAndKeepsTheFirst() {
        ExecutionHistory run = run("RollbackFails", CODEDEPLOY_INPUT);

        JsonNode rollbackError = mockThrow("RollbackCannotRestoreTraffic", 0);
        assertFailed(run, SHIFT_FAILED, rollbackError.path("Cause").asText());
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(judgedUnhealthyIn(2));
        expected.addAll(List.of("Rollback", "RollbackFailed"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);

        // TrafficShiftException is not transient: the second retrier (States.ALL) retries it, then the Catch
        JsonNode retrier = retrier("Rollback", SHIFT_FAILED);
        assertThat(Asl.texts(retrier.path("ErrorEquals"))).containsExactly("States.ALL");
        assertThat(run.lambdaEvents("Rollback", "LambdaFunctionFailed"))
                .hasSize(retrier.path("MaxAttempts").asInt() + 1)
                .allSatisfy(e -> assertThat(e.error()).isEqualTo(SHIFT_FAILED));
        assertDelaysWithinFullJitter(run.retryDelays("Rollback"), retrier);

        // RollbackFailed sees both errors: the one that caused the rollback and Rollback's own
        JsonNode failedState = single(run.stateInputs("RollbackFailed"));
        assertThat(failedState.path("error")).isEqualTo(caught(mockThrow("JudgeHealthFailsAtStage2", 1)));
        assertThat(failedState.path("rollbackError")).isEqualTo(caught(rollbackError));
        assertThat(run.result().duration()).isEqualTo(sum(bakes(plan, 2)).plus(sum(run.retryDelays("Rollback"))));
    }

    // ---- retries --------------------------------------------------------------------------------------------------

    @Test
    void transientErrorsAreRetriedWithBackoffAndTheDeploymentStillSucceeds() {
        ExecutionHistory run = run("TransientRetriesThenSucceeds", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // retries re-invoke the function inside the same state: no state is entered again
        assertThat(run.entered())
                .containsExactlyElementsOf(run("HappyPath", CODEDEPLOY_INPUT).entered());
        assertThat(run.lambdaEvents("ShiftTraffic", "LambdaFunctionFailed"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.error()).isEqualTo(TRANSIENT));
        assertThat(run.lambdaEvents("ShiftTraffic", "LambdaFunctionScheduled")).hasSize(stageCount + 2);
        // the stage that was retried still gets its own weights, and the next stages theirs
        assertStagesRanInOrder(run, plan, stageCount);

        List<Duration> delays = run.retryDelays("ShiftTraffic");
        assertThat(delays).hasSize(2);
        assertDelaysWithinFullJitter(delays, retrier("ShiftTraffic", TRANSIENT));
        assertThat(run.result().duration())
                .isEqualTo(sum(bakes(plan, stageCount)).plus(sum(delays)));
        assertThat(run.billedTransitions()).isEqualTo(run.entered().size() + 2);
    }

    @Test
    void anInconclusiveStageIsBakedLongerInExtendBakeWaitsThenJudgedAgainUntilHealthy() {
        ExecutionHistory run = run("InconclusiveExtendedThenHealthy", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> firstStage = List.of(
                "NeedsApproval",
                "ShiftTraffic",
                "Bake",
                "JudgeHealth",
                "NeedsLongerBake",
                "ExtendBake",
                "JudgeHealth",
                "NeedsLongerBake",
                "ExtendBake",
                "JudgeHealth",
                "NeedsLongerBake",
                "StageJudged");
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(firstStage);
        expected.addAll(STAGE);
        expected.addAll(STAGE);
        expected.addAll(List.of("IsStandaloneAfter", "Finalize", "HasRollbackWindow", "DeploymentSucceeded"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        // the second judgement is told how many extensions the stage has had, from the first one's result
        List<JsonNode> judged = run.invocationInputs("JudgeHealth");
        assertThat(judged.get(0).has("verdict")).isFalse();
        assertThat(judged.get(1).path("verdict").path("extensions").asInt()).isEqualTo(1);
        assertThat(judged.get(2).path("verdict").path("extensions").asInt()).isEqualTo(2);
    }

    @Test
    void aStageStillInconclusiveAfterItsLastExtensionFailsClosedIntoRollback() {
        ExecutionHistory run = run("InconclusiveUntilExtensionsRunOut", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.entered())
                .containsSubsequence("JudgeHealth", "NeedsLongerBake", "ExtendBake", "JudgeHealth", "Rollback")
                .doesNotContain("StageJudged", "Finalize");
        assertThat(run.entered()).filteredOn("ExtendBake"::equals).hasSize(1);
    }

    @Test
    void metricsNotPublishedYetWaitInTheWorkflowAndTheStageIsJudgedOnceTheyAre() {
        ExecutionHistory run = run("MetricsLateThenHealthy", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.entered())
                .containsExactlyElementsOf(run("HappyPath", CODEDEPLOY_INPUT).entered());
        assertThat(run.lambdaEvents("JudgeHealth", "LambdaFunctionFailed"))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.error()).isEqualTo(METRICS_LATE));
        assertThat(run.lambdaEvents("JudgeHealth", "LambdaFunctionScheduled")).hasSize(stageCount + 1);
        JsonNode retrier = retrier("JudgeHealth", METRICS_LATE);
        // no jitter: the wait is the first interval exactly, spent by the workflow between two invocations
        assertThat(run.retryDelays("JudgeHealth"))
                .containsExactly(
                        Duration.ofSeconds(retrier.path("IntervalSeconds").asLong()));
        assertThat(run.result().duration())
                .isEqualTo(sum(bakes(plan, stageCount)).plus(Duration.ofSeconds(3)));
        assertThat(run.billedTransitions()).isEqualTo(run.entered().size() + 1);
        // the retries cover the spec's largest health.metricsWaitSeconds (900 s)
        double total = 0;
        for (int i = 0; i < retrier.path("MaxAttempts").asInt(); i++) {
            total += Math.min(
                    retrier.path("MaxDelaySeconds").asDouble(),
                    retrier.path("IntervalSeconds").asDouble()
                            * Math.pow(retrier.path("BackoffRate").asDouble(), i));
        }
        assertThat(total).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aTransientErrorThatOutlastsTheRetriesRollsBack() {
        ExecutionHistory run = run("RetriesExhausted", CODEDEPLOY_INPUT);

        assertFailed(run, TRANSIENT, rollbackReason("RollbackAfterThrottling"));
        assertThat(run.entered())
                .containsExactly(
                        "ValidateAndLock",
                        "IsStandalone",
                        "Stages",
                        "NeedsApproval",
                        "ShiftTraffic",
                        "Rollback",
                        "DeploymentFailed");
        JsonNode retrier = retrier("ShiftTraffic", TRANSIENT);
        int attempts = retrier.path("MaxAttempts").asInt() + 1;
        assertThat(run.lambdaEvents("ShiftTraffic", "LambdaFunctionFailed"))
                .hasSize(attempts)
                .allSatisfy(e -> assertThat(e.error()).isEqualTo(TRANSIENT));
        List<Duration> delays = run.retryDelays("ShiftTraffic");
        assertDelaysWithinFullJitter(delays, retrier);
        // no bake was reached: the back-off is all the time that passed
        assertThat(run.result().duration()).isEqualTo(sum(delays));
        assertThat(run.billedTransitions()).isEqualTo(run.entered().size() + attempts - 1);
    }

    @Test
    void withoutJitterTheBackoffIsExactlyTheRetrySchedule() {
        // the same definition with JitterStrategy removed (NONE): every delay is IntervalSeconds x BackoffRate^n,
        // capped at MaxDelaySeconds, so the elapsed virtual time is the schedule's sum
        StateMachine noJitter =
                StateMachine.compile(withoutJitter(asl), substitutions).withName(MACHINE);

        ExecutionHistory shift = run("RetriesExhausted", CODEDEPLOY_INPUT, SEED, noJitter);
        List<Duration> shiftSchedule = schedule(retrier("ShiftTraffic", TRANSIENT));
        assertThat(shiftSchedule).containsExactly(seconds(2), seconds(4), seconds(8), seconds(16));
        assertThat(shift.retryDelays("ShiftTraffic")).containsExactlyElementsOf(shiftSchedule);
        assertThat(shift.result().duration()).isEqualTo(sum(shiftSchedule));

        // Finalize retries longer, and MaxDelaySeconds caps its last delay (2^6 = 64 s > 60 s)
        ExecutionHistory finalize = run("FinalizeRetriesExhausted", CODEDEPLOY_INPUT, SEED, noJitter);
        List<Duration> finalizeSchedule = schedule(retrier("Finalize", TRANSIENT));
        assertThat(finalizeSchedule).endsWith(seconds(60)).hasSize(6);
        assertThat(finalize.retryDelays("Finalize")).containsExactlyElementsOf(finalizeSchedule);
        assertThat(finalize.result().duration())
                .isEqualTo(sum(bakes(plan, stageCount)).plus(sum(finalizeSchedule)));
    }

    @Test
    void fullJitterIsRepeatableForASeedAndDiffersAcrossSeeds() {
        ExecutionHistory first = run("RetriesExhausted", CODEDEPLOY_INPUT, 7L, machine);
        ExecutionHistory again = run("RetriesExhausted", CODEDEPLOY_INPUT, 7L, machine);
        ExecutionHistory other = run("RetriesExhausted", CODEDEPLOY_INPUT, 8L, machine);

        assertThat(again.result().historyJson()).isEqualTo(first.result().historyJson());
        assertThat(other.retryDelays("ShiftTraffic")).isNotEqualTo(first.retryDelays("ShiftTraffic"));
    }

    @Test
    void finalizeHasNoCatchSoItsExhaustedRetriesFailTheExecutionWithoutARollback() {
        ExecutionHistory run = run("FinalizeRetriesExhausted", CODEDEPLOY_INPUT);

        JsonNode thrown = mockThrow("FinalizeThrottledUntilRetriesRunOut", 0);
        assertFailed(run, TRANSIENT, thrown.path("Cause").asText());
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(stages(stageCount));
        expected.addAll(List.of("IsStandaloneAfter", "Finalize"));
        assertThat(run.entered())
                .as("no terminal state is entered: the error ends the execution")
                .containsExactlyElementsOf(expected);
        JsonNode retrier = retrier("Finalize", TRANSIENT);
        assertThat(run.lambdaEvents("Finalize", "LambdaFunctionFailed"))
                .hasSize(retrier.path("MaxAttempts").asInt() + 1);
        assertThat(retrier.path("MaxAttempts").asInt())
                .as("Finalize retries longer than the tasks before it")
                .isGreaterThan(
                        retrier("ShiftTraffic", TRANSIENT).path("MaxAttempts").asInt());
        assertDelaysWithinFullJitter(run.retryDelays("Finalize"), retrier);
        assertThat(single(run.ofType("ExecutionFailed")).error()).isEqualTo(TRANSIENT);
    }

    // ---- approval gates -------------------------------------------------------------------------------------------

    @Test
    void anApprovedGateWaitsForItsTokenThenShiftsWithTheApprovalInTheState() {
        JsonNode gatedPlan = mockReturn("ValidateAndLockWithApprovalGate", 0);
        ExecutionHistory run = run("ApprovedAtStage2", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(STAGE);
        expected.addAll(List.of(
                "NeedsApproval",
                "AwaitApproval",
                "ShiftTraffic",
                "Bake",
                "JudgeHealth",
                "NeedsLongerBake",
                "StageJudged"));
        expected.addAll(STAGE);
        expected.addAll(List.of("IsStandaloneAfter", "Finalize", "HasRollbackWindow", "DeploymentSucceeded"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        // ShiftTraffic of the gated stage gets what cutover approve sent, at $.approval
        ObjectNode gatedShift = JsonFiles.MAPPER.createObjectNode();
        gatedShift.set("deployment", gatedPlan);
        gatedShift.set("stage", gatedPlan.path("stages").path(1));
        gatedShift.set("approval", mockReturn("AwaitApprovalApproved", 0));
        assertThat(run.invocationInputs("ShiftTraffic")).contains(gatedShift);
    }

    @Test
    void aDeniedGateRollsBackBeforeTheStageShifts() {
        ExecutionHistory run = run("DeniedAtStage2", CODEDEPLOY_INPUT);

        assertFailed(run, APPROVAL_DENIED, rollbackReason("RollbackAfterApprovalDenied"));
        List<String> expected = new ArrayList<>(CODEDEPLOY_HEAD);
        expected.addAll(STAGE);
        expected.addAll(List.of("NeedsApproval", "AwaitApproval", "Rollback", "DeploymentFailed"));
        assertThat(run.entered()).containsExactlyElementsOf(expected);
        assertThat(run.timesEntered("ShiftTraffic"))
                .as("never shifts to the gated stage")
                .isEqualTo(1);
        JsonNode error = single(run.invocationInputs("Rollback")).path("error");
        assertThat(error.path("Error").asText()).isEqualTo(APPROVAL_DENIED);
        assertThat(error.path("Cause").asText()).isEqualTo("denied by bob: not during the sale");
    }

    @Test
    void aGateNobodyAnswersTimesOutIntoRollback() {
        ExecutionHistory run = run("ApprovalTimesOut", CODEDEPLOY_INPUT);

        assertFailed(run, "States.Timeout", rollbackReason("RollbackAfterApprovalTimeout"));
        assertThat(run.entered()).endsWith("NeedsApproval", "AwaitApproval", "Rollback", "DeploymentFailed");
        assertThat(run.timesEntered("ShiftTraffic")).isEqualTo(1);
    }

    // ---- the rollback window --------------------------------------------------------------------------------------

    @Test
    void aPromotionWithARollbackWindowWaitsUntilItsEndThenClosesIt() {
        ExecutionHistory run = run("PromotedWithRollbackWindow", CODEDEPLOY_INPUT);

        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.entered())
                .endsWith(
                        "Finalize",
                        "HasRollbackWindow",
                        "RollbackWindow",
                        "CloseRollbackWindow",
                        "DeploymentSucceeded");
        JsonNode result = mockReturn("FinalizePromotedWithRollbackWindow", 0);
        Instant endsAt = Instant.parse(result.path("rollbackWindowEndsAt").asText());
        assertThat(run.result().startDate().plus(run.result().duration()))
                .as("the execution ends when the window Finalize recorded ends")
                .isEqualTo(endsAt);
        JsonNode close = single(run.invocationInputs("CloseRollbackWindow"));
        assertThat(close.path("deployment")).isEqualTo(plan);
        assertThat(close.path("result")).isEqualTo(result);
        assertThat(run.result().output().path("rollbackWindow")).isEqualTo(mockReturn("CloseRollbackWindowClosed", 0));
    }

    // ---- transitions ----------------------------------------------------------------------------------------------

    /**
     * Test case, input, the transitions docs/workflow.md gives for its path with N = 3 stages (the states entered),
     * the retry attempts the test case makes, and the doc's formula.
     */
    static Stream<Arguments> documentedTransitions() {
        int n = 3;
        return Stream.of(
                Arguments.of("HappyPath", CODEDEPLOY_INPUT, 6 * n + 7, 0, "CodeDeploy, success: 6N + 7"),
                Arguments.of("StandaloneHappyPath", STANDALONE_INPUT, 6 * n + 9, 0, "standalone, success: 6N + 9"),
                Arguments.of("JudgeFailsAtStage1", CODEDEPLOY_INPUT, 6 * 1 + 3, 0, "rolled back in stage k: 6k + 3"),
                Arguments.of("JudgeFailsAtStage2", CODEDEPLOY_INPUT, 6 * 2 + 3, 0, "rolled back in stage k: 6k + 3"),
                Arguments.of("JudgeFailsAtStage3", CODEDEPLOY_INPUT, 6 * 3 + 3, 0, "rolled back in stage k: 6k + 3"),
                Arguments.of(
                        "ShiftFailsAtStage2", CODEDEPLOY_INPUT, 6 * 2 + 3 - 2, 0, "ShiftTraffic fails: 6k - 4 inside"),
                Arguments.of(
                        "StandaloneJudgeFailsAtStage2", STANDALONE_INPUT, 6 * 2 + 4, 0, "standalone, stage k: 6k + 4"),
                Arguments.of("PreTrafficChecksFail", STANDALONE_INPUT, 5, 0, "PreTrafficChecks fails: 5"),
                Arguments.of(
                        "PostTrafficChecksFail", STANDALONE_INPUT, 6 * n + 8, 0, "PostTrafficChecks fails: 6N + 8"),
                Arguments.of("LockContention", CODEDEPLOY_INPUT, 3, 0, "rejected by ValidateAndLock: 3"),
                Arguments.of("InvalidSpec", CODEDEPLOY_INPUT, 3, 0, "rejected by ValidateAndLock: 3"),
                Arguments.of("RollbackFails", CODEDEPLOY_INPUT, 6 * 2 + 3, 3, "a failed rollback: same count"),
                Arguments.of("TransientRetriesThenSucceeds", CODEDEPLOY_INPUT, 6 * n + 7, 2, "6N + 7, plus retries"),
                Arguments.of("RetriesExhausted", CODEDEPLOY_INPUT, 6 * 1 + 3 - 2, 4, "ShiftTraffic fails in stage 1"),
                Arguments.of("FinalizeRetriesExhausted", CODEDEPLOY_INPUT, 6 * n + 5, 6, "Finalize fails: 6N + 5"),
                Arguments.of("ApprovedAtStage2", CODEDEPLOY_INPUT, 6 * n + 1 + 7, 0, "one gate: 6N + A + 7"),
                Arguments.of("PromotedWithRollbackWindow", CODEDEPLOY_INPUT, 6 * n + 7 + 2, 0, "a window: + 2"),
                Arguments.of("DeniedAtStage2", CODEDEPLOY_INPUT, 6 * 1 + 2 + 5, 0, "denied at stage k: 6k + 3"),
                Arguments.of("ApprovalTimesOut", CODEDEPLOY_INPUT, 6 * 1 + 2 + 5, 0, "timed out at stage k: 6k + 3"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("documentedTransitions")
    void theStatesEnteredAreTheTransitionsDocsWorkflowMdCounts(
            String testCase, String input, int transitions, int retries, String formula) {
        assertThat(stageCount).isEqualTo(3);
        ExecutionHistory run = run(testCase, input);
        assertThat(run.entered()).as(formula).hasSize(transitions);
        assertThat(run.billedTransitions())
                .as("one transition more per retry attempt")
                .isEqualTo(transitions + retries);
    }

    @Test
    void theDocumentedFormulasAreInDocsWorkflowMd() {
        String doc = RepoFiles.read("docs/workflow.md");
        String section = doc.substring(doc.indexOf("## State transitions per deployment"));
        assertThat(section)
                .contains(
                        "**6N + A + 7**",
                        "**6N + A + 9**",
                        "**+ 2**",
                        "**6k + 3**",
                        "**6k + 4**",
                        "**6k + 3**",
                        "**3**",
                        "PreTrafficChecks fails",
                        "**5**",
                        "Finalize fails",
                        "**6N + A + 5**");
    }

    /** Test case, input, and the scenario of the static walk over the definition that should enter the same states. */
    static Stream<Arguments> walkedScenarios() {
        return Stream.of(
                Arguments.of("HappyPath", CODEDEPLOY_INPUT, Scenario.success(false, 3)),
                Arguments.of("StandaloneHappyPath", STANDALONE_INPUT, Scenario.success(true, 3)),
                Arguments.of("JudgeFailsAtStage1", CODEDEPLOY_INPUT, new Scenario(false, 3, "JudgeHealth", 1)),
                Arguments.of("JudgeFailsAtStage3", CODEDEPLOY_INPUT, new Scenario(false, 3, "JudgeHealth", 3)),
                Arguments.of("StandaloneJudgeFailsAtStage2", STANDALONE_INPUT, new Scenario(true, 3, "JudgeHealth", 2)),
                Arguments.of("ShiftFailsAtStage2", CODEDEPLOY_INPUT, new Scenario(false, 3, "ShiftTraffic", 2)),
                Arguments.of("LockContention", CODEDEPLOY_INPUT, new Scenario(false, 3, "ValidateAndLock", 0)),
                Arguments.of("PreTrafficChecksFail", STANDALONE_INPUT, new Scenario(true, 3, "PreTrafficChecks", 0)),
                Arguments.of("PostTrafficChecksFail", STANDALONE_INPUT, new Scenario(true, 3, "PostTrafficChecks", 0)),
                Arguments.of(
                        "ApprovedAtStage2",
                        CODEDEPLOY_INPUT,
                        Scenario.success(false, 3).withGates(2)),
                Arguments.of(
                        "PromotedWithRollbackWindow",
                        CODEDEPLOY_INPUT,
                        Scenario.success(false, 3).withRollbackWindow()),
                Arguments.of(
                        "DeniedAtStage2", CODEDEPLOY_INPUT, new Scenario(false, 3, "AwaitApproval", 2).withGates(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("walkedScenarios")
    void theEngineEntersTheStatesTheStaticWalkOfStateMachineStructureTestCounts(
            String testCase, String input, Scenario scenario) {
        assertThat(run(testCase, input).entered())
                .containsExactlyElementsOf(TransitionWalker.walk(asl, scenario).entered());
    }

    // ---- the same mock config through the command line ------------------------------------------------------------

    @Test
    void theCliRunsTheHappyPathOfTheMockConfig(@TempDir Path dir) {
        Path history = dir.resolve("history.json");
        Cli cli = cli("Deployment#HappyPath", CODEDEPLOY_INPUT, "--history", history.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode printed = JsonFiles.parse(cli.out(), "stdout");
        assertThat(printed.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(printed.path("output").path("result")).isEqualTo(mockReturn("FinalizePromotedCodeDeploy", 0));
        assertThat(printed.path("output").path("deployment")).isEqualTo(plan);

        List<String> entered = new ArrayList<>();
        for (JsonNode event :
                JsonFiles.parse(RepoFiles.read(history.toString()), "--history").path("events")) {
            if (event.path("type").asText().endsWith("StateEntered")) {
                entered.add(event.path("stateEnteredEventDetails").path("name").asText());
            }
        }
        assertThat(entered)
                .containsExactlyElementsOf(run("HappyPath", CODEDEPLOY_INPUT).entered());
    }

    @Test
    void theCliReportsARolledBackDeploymentWithExitCode1() {
        Cli cli = cli("Deployment#JudgeFailsAtStage2", CODEDEPLOY_INPUT);

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        JsonNode printed = JsonFiles.parse(cli.out(), "stdout");
        assertThat(printed.path("status").asText()).isEqualTo("FAILED");
        assertThat(printed.path("error").asText()).isEqualTo(HEALTH_GATE_FAILED);
        assertThat(printed.path("cause").asText()).isEqualTo(rollbackReason("RollbackAfterStage2Unhealthy"));
    }

    record Cli(int exitCode, String out, String err) {}

    /** {@code cutover states run} on the repository's definition and mock config, on the virtual clock. */
    static Cli cli(String testCase, String inputFile, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "states",
                "run",
                "--definition",
                RepoFiles.resolve(StateMachineStructureTest.ASL).toString(),
                "--mock-config",
                RepoFiles.resolve(MOCK_CONFIG).toString(),
                "--test-case",
                testCase,
                "--input-file",
                RepoFiles.resolve(inputFile).toString(),
                "--fast"));
        substitutions.forEach((name, arn) -> args.addAll(List.of("--substitution", name + "=" + arn)));
        Collections.addAll(args, more);
        CutoverCli run = CutoverCli.run(args);
        return new Cli(run.exit(), run.out(), run.err());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    static ExecutionHistory run(String testCase, String inputFile) {
        return run(testCase, inputFile, SEED, machine);
    }

    static ExecutionHistory run(String testCase, String inputFile, long seed, StateMachine definition) {
        Engine engine = Engine.builder()
                .virtualTime(START)
                .randomSeed(seed)
                .mockConfig(mocks, MACHINE + "#" + testCase)
                .build();
        return new ExecutionHistory(engine.run(definition, JsonFiles.read(inputFile), "test-" + testCase));
    }

    /** The states {@code complete} stages enter: ShiftTraffic, Bake, JudgeHealth each. */
    /** Stages 1..k-1 complete, then stage k up to the JudgeHealth that fails it (no NeedsLongerBake after). */
    static List<String> judgedUnhealthyIn(int k) {
        List<String> states = stages(k - 1);
        states.addAll(STAGE.subList(0, STAGE.indexOf("JudgeHealth") + 1));
        return states;
    }

    static List<String> stages(int complete) {
        List<String> states = new ArrayList<>();
        for (int i = 0; i < complete; i++) {
            states.addAll(STAGE);
        }
        return states;
    }

    /** ShiftTraffic and JudgeHealth of stage i got the plan, stage i, and (JudgeHealth) stage i's weights. */
    static void assertStagesRanInOrder(ExecutionHistory run, JsonNode plan, int stages) {
        List<JsonNode> shifts = run.lambdaEvents("ShiftTraffic", "LambdaFunctionSucceeded").stream()
                .map(HistoryEvent::payload)
                .toList();
        List<JsonNode> judged = run.invocationInputs("JudgeHealth");
        assertThat(shifts).hasSize(stages);
        assertThat(judged).hasSize(stages);
        List<JsonNode> shiftInputs = run.invocationInputs("ShiftTraffic");
        for (int i = 0; i < stages; i++) {
            JsonNode stage = plan.path("stages").path(i);
            ObjectNode shiftInput = JsonFiles.MAPPER.createObjectNode();
            shiftInput.set("deployment", plan);
            shiftInput.set("stage", stage);
            // a retried shift is called again with the same input
            assertThat(shiftInputs).contains(shiftInput);
            ObjectNode judgeInput = shiftInput.deepCopy();
            judgeInput.set("weights", shifts.get(i));
            assertThat(judged.get(i)).as("JudgeHealth of stage %d", i).isEqualTo(judgeInput);
            assertThat(shifts.get(i).path("green").asInt())
                    .as("green share after stage %d's shift", i)
                    .isEqualTo(stage.path("percent").asInt());
        }
    }

    static void assertFailed(ExecutionHistory run, String error, String cause) {
        assertThat(run.result().status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.result().error()).isEqualTo(error);
        assertThat(run.result().cause()).isEqualTo(cause);
        HistoryEvent failed = single(run.ofType("ExecutionFailed"));
        assertThat(failed.error()).isEqualTo(error);
        assertThat(failed.cause()).isEqualTo(cause);
    }

    /**
     * FULL jitter: retry n waits a uniformly random share of the schedule's delay n, so every delay lies in
     * [0, scheduled) (strictly below: a delay equal to the schedule would mean no jitter was applied).
     */
    static void assertDelaysWithinFullJitter(List<Duration> delays, JsonNode retrier) {
        assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
        List<Duration> scheduled = schedule(retrier);
        assertThat(delays).isNotEmpty().hasSizeLessThanOrEqualTo(scheduled.size());
        for (int n = 0; n < delays.size(); n++) {
            assertThat(delays.get(n))
                    .as("delay before retry %d", n + 1)
                    .isGreaterThanOrEqualTo(Duration.ZERO)
                    .isLessThan(scheduled.get(n));
        }
        assertThat(sum(delays)).isPositive();
    }

    /** The delays without jitter: IntervalSeconds x BackoffRate^n, capped at MaxDelaySeconds, for every attempt. */
    static List<Duration> schedule(JsonNode retrier) {
        double interval = retrier.path("IntervalSeconds").asDouble(1);
        double rate = retrier.path("BackoffRate").asDouble(2);
        int attempts = retrier.path("MaxAttempts").asInt(3);
        List<Duration> delays = new ArrayList<>();
        for (int n = 0; n < attempts; n++) {
            double delay = interval * Math.pow(rate, n);
            if (retrier.has("MaxDelaySeconds")) {
                delay = Math.min(delay, retrier.path("MaxDelaySeconds").asDouble());
            }
            delays.add(Duration.ofMillis(Math.round(delay * 1000)));
        }
        return delays;
    }

    /** The first retrier of {@code state} whose ErrorEquals matches {@code error}, as Step Functions picks it. */
    static JsonNode retrier(String state, String error) {
        JsonNode definition = Asl.allStates(asl).stream()
                .filter(s -> s.name().equals(state))
                .findFirst()
                .map(NamedState::state)
                .orElseThrow(() -> new AssertionError("no state " + state + " in the ASL"));
        for (JsonNode retrier : definition.path("Retry")) {
            List<String> names = Asl.texts(retrier.path("ErrorEquals"));
            if (names.contains(error) || names.contains("States.ALL")) {
                return retrier;
            }
        }
        throw new AssertionError(state + " has no retrier for " + error);
    }

    static String withoutJitter(JsonNode definition) {
        ObjectNode copy = definition.deepCopy();
        for (NamedState s : Asl.allStates(copy)) {
            s.state().path("Retry").forEach(r -> ((ObjectNode) r).remove("JitterStrategy"));
        }
        return JsonFiles.write(copy);
    }

    static List<Duration> bakes(JsonNode plan, int stages) {
        List<Duration> bakes = new ArrayList<>();
        for (int i = 0; i < stages; i++) {
            bakes.add(Duration.ofSeconds(
                    plan.path("stages").path(i).path("bakeSeconds").asLong()));
        }
        return bakes;
    }

    static Duration sum(List<Duration> durations) {
        return durations.stream().reduce(Duration.ZERO, Duration::plus);
    }

    static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /** The {@code Return} of a mocked response's {@code invocation} (zero-based, ranges resolved). */
    static JsonNode mockReturn(String response, int invocation) {
        JsonNode value = mockResponse(response, invocation).path("Return");
        assertThat(value.isMissingNode())
                .as("%s[%d] returns", response, invocation)
                .isFalse();
        return value;
    }

    /** The {@code Throw} ({@code {Error, Cause}}) of a mocked response's {@code invocation}. */
    static JsonNode mockThrow(String response, int invocation) {
        JsonNode value = mockResponse(response, invocation).path("Throw");
        assertThat(value.isMissingNode())
                .as("%s[%d] throws", response, invocation)
                .isFalse();
        return value;
    }

    private static JsonNode mockResponse(String response, int invocation) {
        JsonNode responses = mockFile.path("MockedResponses").path(response);
        for (Map.Entry<String, JsonNode> e : responses.properties()) {
            String[] range = e.getKey().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            if (invocation >= from && invocation <= to) {
                return e.getValue();
            }
        }
        throw new AssertionError(MOCK_CONFIG + " has no response " + response + " for invocation " + invocation);
    }

    /** What a Catch puts at its ResultPath for a mocked Throw: the same {@code {Error, Cause}}. */
    static JsonNode caught(JsonNode thrown) {
        ObjectNode error = JsonFiles.MAPPER.createObjectNode();
        error.put("Error", thrown.path("Error").asText());
        error.put("Cause", thrown.path("Cause").asText());
        return error;
    }

    static String rollbackReason(String rollbackResponse) {
        return mockReturn(rollbackResponse, 0).path("reason").asText();
    }

    static JsonNode without(JsonNode object, String field) {
        ObjectNode copy = object.deepCopy();
        copy.remove(field);
        return copy;
    }

    static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
