package dev.cutover.tests.statemachine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.tests.statemachine.Asl.NamedState;
import dev.cutover.tests.statemachine.TransitionWalker.Scenario;
import dev.cutover.tests.statemachine.TransitionWalker.Walk;
import dev.cutover.tests.support.CfnYaml;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow's definition against its contract, docs/workflow.md, and against template.yaml: placeholders,
 * retries, catches, the bake, the Map, error names, terminal states and the transition counts the docs promise.
 */
class StateMachineStructureTest {

    static final String ASL = "statemachine/deployment.asl.json";

    /** The Lambda errors worth retrying, as docs/workflow.md lists them, plus the handlers' transient error. */
    static final Set<String> TRANSIENT_ERRORS = Set.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            "Lambda.ClientExecutionTimeoutException",
            "dev.cutover.core.error.TransientDependencyException");

    /** Placeholder to the function whose alias it must resolve to (and that function's handler). */
    static final Map<String, String> PLACEHOLDER_FUNCTIONS = new TreeMap<>(Map.of(
            "ValidateAndLockFunctionArn", "ValidateAndLockFunction",
            "PreTrafficChecksFunctionArn", "PreTrafficChecksFunction",
            "ShiftTrafficFunctionArn", "ShiftTrafficFunction",
            "JudgeHealthFunctionArn", "JudgeHealthFunction",
            "PostTrafficChecksFunctionArn", "PostTrafficChecksFunction",
            "FinalizeFunctionArn", "FinalizeFunction",
            "RollbackFunctionArn", "RollbackFunction",
            "RequestApprovalFunctionArn", "RequestApprovalFunction",
            "CloseRollbackWindowFunctionArn", "CloseRollbackWindowFunction"));

    /** The one Task on the lambda:invoke integration: only it passes the task token an approval answers. */
    static final String AWAIT_APPROVAL = "AwaitApproval";

    static String aslText;
    static JsonNode asl;
    static JsonNode template;
    static String workflowDoc;

    @BeforeAll
    static void load() {
        aslText = RepoFiles.read(ASL);
        asl = JsonFiles.parse(aslText, ASL);
        template = CfnYaml.parse(RepoFiles.read("template.yaml"));
        workflowDoc = RepoFiles.read("docs/workflow.md");
    }

    // ---- the ASL against template.yaml --------------------------------------------------------------------------

    @Test
    void placeholdersAndDefinitionSubstitutionsMatchExactly() {
        JsonNode substitutions = template.path("Resources")
                .path("DeploymentStateMachine")
                .path("Properties")
                .path("DefinitionSubstitutions");
        Set<String> substituted = new TreeSet<>();
        substitutions.fieldNames().forEachRemaining(substituted::add);

        assertThat(new TreeSet<>(Asl.placeholders(aslText)))
                .isEqualTo(substituted)
                .isEqualTo(PLACEHOLDER_FUNCTIONS.keySet());
    }

    @Test
    void eachPlaceholderResolvesToItsFunctionsLiveAlias() {
        JsonNode substitutions = template.path("Resources")
                .path("DeploymentStateMachine")
                .path("Properties")
                .path("DefinitionSubstitutions");
        PLACEHOLDER_FUNCTIONS.forEach((placeholder, function) -> {
            assertThat(substitutions.path(placeholder).toString())
                    .as("DefinitionSubstitutions.%s", placeholder)
                    .isEqualTo("{\"Ref\":\"" + function + ".Alias\"}");
            String handler = template.path("Resources")
                    .path(function)
                    .path("Properties")
                    .path("Handler")
                    .asText();
            String task = placeholder.replaceFirst("FunctionArn$", "");
            assertThat(handler).isEqualTo("dev.cutover.handlers.workflow." + task + "Handler::handleRequest");
        });
    }

    @Test
    void everyTaskInvokesAFunctionPlaceholderDirectly() {
        List<NamedState> tasks = tasks(asl);
        assertThat(tasks).hasSize(PLACEHOLDER_FUNCTIONS.size());
        for (NamedState task : tasks) {
            if (task.name().equals(AWAIT_APPROVAL)) {
                continue;
            }
            assertThat(task.state().path("Resource").asText())
                    .as(task.path())
                    .isEqualTo("${" + task.name() + "FunctionArn}");
        }
    }

    @Test
    void anApprovalGateWaitsForItsTokenBeforeTheShiftWithTheStagesTimeout() {
        JsonNode inner = asl.path("States").path("Stages").path("ItemProcessor");
        assertThat(inner.path("StartAt").asText()).isEqualTo("NeedsApproval");
        JsonNode choice = inner.path("States").path("NeedsApproval");
        assertThat(choice.path("Type").asText()).isEqualTo("Choice");
        assertThat(choice.path("Choices").toString())
                .isEqualTo("[{\"Variable\":\"$.stage.approvalTimeoutSeconds\",\"IsPresent\":true,"
                        + "\"Next\":\"AwaitApproval\"}]");
        assertThat(choice.path("Default").asText()).isEqualTo("ShiftTraffic");

        JsonNode await = inner.path("States").path(AWAIT_APPROVAL);
        assertThat(await.path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke.waitForTaskToken");
        assertThat(await.path("Parameters").path("FunctionName").asText()).isEqualTo("${RequestApprovalFunctionArn}");
        assertThat(await.path("Parameters").path("Payload").toString())
                .isEqualTo("{\"taskToken.$\":\"$$.Task.Token\",\"deployment.$\":\"$.deployment\","
                        + "\"stage.$\":\"$.stage\"}");
        assertThat(await.path("TimeoutSecondsPath").asText()).isEqualTo("$.stage.approvalTimeoutSeconds");
        assertThat(await.path("ResultPath").asText()).isEqualTo("$.approval");
        assertThat(await.path("Next").asText()).isEqualTo("ShiftTraffic");
        assertThat(await.has("Catch"))
                .as("a deny or a timeout fails the Map, whose Catch rolls back")
                .isFalse();
    }

    // ---- retries and catches ------------------------------------------------------------------------------------

    @Test
    void everyTaskRetriesTheTransientErrorsWithBackoffAndFullJitter() {
        assertThat(retryProblems(asl)).isEmpty();
    }

    @Test
    void aTaskWithoutTheTransientRetryIsReported() {
        ObjectNode broken = asl.deepCopy();
        ArrayNode errors = (ArrayNode) broken.path("States")
                .path("Stages")
                .path("ItemProcessor")
                .path("States")
                .path("JudgeHealth")
                .path("Retry")
                .path(0)
                .path("ErrorEquals");
        errors.remove(5);
        ((ObjectNode) broken.path("States").path("Finalize").path("Retry").path(0)).remove("JitterStrategy");
        assertThat(retryProblems(broken))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("Stages/JudgeHealth").contains("TransientDependencyException"))
                .anySatisfy(p -> assertThat(p).contains("Finalize").contains("JitterStrategy"));
    }

    @Test
    void rollbackRetriesHarderThanAnyOtherTaskAndEndsInRollbackFailedIfItCannot() {
        JsonNode rollback = asl.path("States").path("Rollback");
        int rollbackAttempts = totalAttempts(rollback);
        for (NamedState task : tasks(asl)) {
            if (!task.name().equals("Rollback")) {
                assertThat(rollbackAttempts)
                        .as("Rollback's attempts vs %s's", task.path())
                        .isGreaterThan(totalAttempts(task.state()));
            }
        }
        JsonNode catcher = rollback.path("Catch").path(0);
        assertThat(Asl.texts(catcher.path("ErrorEquals"))).containsExactly("States.ALL");
        assertThat(catcher.path("Next").asText()).isEqualTo("RollbackFailed");
        assertThat(catcher.path("ResultPath").asText())
                .as("Rollback's own error must not overwrite the one that caused the rollback")
                .isNotEqualTo("$.error");
        JsonNode rollbackFailed = asl.path("States").path("RollbackFailed");
        assertThat(rollbackFailed.path("Type").asText()).isEqualTo("Fail");
        assertThat(rollbackFailed.path("ErrorPath").asText())
                .isEqualTo(catcher.path("ResultPath").asText() + ".Error");
        assertThat(asl.path("States").path("Rollback").path("Next").asText()).isEqualTo("DeploymentFailed");
    }

    @Test
    void everyStateBeforeFinalizeThatCanFailIsCaughtIntoRollback() {
        assertThat(catchProblems(asl)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ValidateAndLock", "PreTrafficChecks", "Stages", "PostTrafficChecks"})
    void aStateWhoseCatchIsRemovedOrRedirectedIsReported(String state) {
        ObjectNode removed = asl.deepCopy();
        ((ObjectNode) removed.path("States").path(state)).remove("Catch");
        assertThat(catchProblems(removed)).singleElement().asString().contains(state);

        ObjectNode redirected = asl.deepCopy();
        ((ObjectNode) redirected.path("States").path(state).path("Catch").path(0)).put("Next", "DeploymentFailed");
        assertThat(catchProblems(redirected))
                .singleElement()
                .asString()
                .contains(state)
                .contains("Rollback");
    }

    @Test
    void choicesAlwaysHaveADefault() {
        for (NamedState s : Asl.allStates(asl)) {
            if (s.type().equals("Choice")) {
                assertThat(s.state().path("Default").asText()).as(s.path()).isNotBlank();
            }
        }
    }

    // ---- the stages ---------------------------------------------------------------------------------------------

    @Test
    void stagesIsAnInlineSequentialMapOverTheDeploymentsStages() {
        JsonNode stages = asl.path("States").path("Stages");
        assertThat(stages.path("Type").asText()).isEqualTo("Map");
        assertThat(stages.path("ItemsPath").asText()).isEqualTo("$.deployment.stages");
        assertThat(stages.path("MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(stages.path("ItemProcessor")
                        .path("ProcessorConfig")
                        .path("Mode")
                        .asText())
                .isEqualTo("INLINE");
        assertThat(stages.path("ItemSelector").toString())
                .isEqualTo("{\"deployment.$\":\"$.deployment\",\"stage.$\":\"$$.Map.Item.Value\"}");
        assertThat(stages.path("ResultPath").isNull())
                .as("the Map's results are discarded")
                .isTrue();

        JsonNode inner = stages.path("ItemProcessor");
        assertThat(inner.path("StartAt").asText()).isEqualTo("NeedsApproval");
        assertThat(inner.path("States").path("ShiftTraffic").path("Next").asText())
                .isEqualTo("Bake");
        assertThat(inner.path("States").path("ShiftTraffic").path("ResultPath").asText())
                .isEqualTo("$.weights");
        assertThat(inner.path("States").path("Bake").path("Next").asText()).isEqualTo("JudgeHealth");
        assertThat(inner.path("States").path("JudgeHealth").path("ResultPath").asText())
                .isEqualTo("$.verdict");
        assertThat(inner.path("States").path("JudgeHealth").path("Next").asText())
                .isEqualTo("NeedsLongerBake");
    }

    @Test
    void anInconclusiveStageIsBakedLongerInAWaitStateOnTheJudgementsExtensionThenJudgedAgain() {
        JsonNode states =
                asl.path("States").path("Stages").path("ItemProcessor").path("States");
        JsonNode choice = states.path("NeedsLongerBake");

        assertThat(choice.path("Type").asText()).isEqualTo("Choice");
        assertThat(choice.path("Choices")).singleElement().satisfies(c -> {
            assertThat(c.path("Variable").asText()).isEqualTo("$.verdict.extendBakeSeconds");
            assertThat(c.path("IsPresent").asBoolean()).isTrue();
            assertThat(c.path("Next").asText()).isEqualTo("ExtendBake");
        });
        assertThat(choice.path("Default").asText()).isEqualTo("StageJudged");
        assertThat(states.path("ExtendBake").path("Type").asText()).isEqualTo("Wait");
        assertThat(states.path("ExtendBake").path("SecondsPath").asText()).isEqualTo("$.verdict.extendBakeSeconds");
        assertThat(states.path("ExtendBake").path("Next").asText()).isEqualTo("JudgeHealth");
        assertThat(states.path("StageJudged").path("Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void bakeIsAWaitStateOnTheStagesBakeSeconds() {
        JsonNode bake = asl.path("States")
                .path("Stages")
                .path("ItemProcessor")
                .path("States")
                .path("Bake");
        assertThat(bake.path("Type").asText())
                .as("a Wait state, not a sleeping Lambda")
                .isEqualTo("Wait");
        assertThat(bake.path("SecondsPath").asText()).isEqualTo("$.stage.bakeSeconds");
        assertThat(bake.has("Seconds"))
                .as("the bake comes from the stage, not a constant")
                .isFalse();
    }

    @Test
    void validateAndLockPassesTheExecutionFromTheContextObject() {
        JsonNode parameters = asl.path("States").path("ValidateAndLock").path("Parameters");
        assertThat(parameters.path("input.$").asText()).isEqualTo("$");
        assertThat(parameters.path("execution").path("id.$").asText()).isEqualTo("$$.Execution.Id");
        assertThat(parameters.path("execution").path("name.$").asText()).isEqualTo("$$.Execution.Name");
        assertThat(asl.path("States").path("ValidateAndLock").path("ResultPath").asText())
                .isEqualTo("$.deployment");
    }

    @Test
    void failuresEndWithTheCausingErrorAndRollbacksReason() {
        JsonNode failed = asl.path("States").path("DeploymentFailed");
        assertThat(failed.path("Type").asText()).isEqualTo("Fail");
        assertThat(failed.path("ErrorPath").asText()).isEqualTo("$.error.Error");
        assertThat(failed.path("CausePath").asText()).isEqualTo("$.rollback.reason");
        assertThat(asl.path("States").path("Rollback").path("ResultPath").asText())
                .isEqualTo("$.rollback");
    }

    @Test
    void everyStateHasAComment() {
        List<String> silent = new ArrayList<>();
        Asl.allStates(asl).forEach(s -> {
            if (s.state().path("Comment").asText("").isBlank()) {
                silent.add(s.path());
            }
        });
        assertThat(silent).isEmpty();
    }

    // ---- error names --------------------------------------------------------------------------------------------

    @Test
    void everyHandlerErrorNameIsInTheDocumentedErrorTable() {
        Set<String> documented = documentedErrors();
        assertThat(documented)
                .as("the error table in docs/workflow.md")
                .hasSizeGreaterThanOrEqualTo(6)
                .contains(
                        "dev.cutover.core.error.TransientDependencyException", "dev.cutover.core.error.SpecException");

        Map<String, Set<String>> used = Asl.errorNames(asl);
        List<String> undocumented = new ArrayList<>();
        used.forEach((name, states) -> {
            if (!name.startsWith("States.") && !name.startsWith("Lambda.") && !documented.contains(name)) {
                undocumented.add(name + " (in " + states + ")");
            }
        });
        assertThat(undocumented).isEmpty();
        assertThat(used.keySet())
                .as("ErrorEquals actually names handler errors, so the check above bites")
                .contains("dev.cutover.core.error.TransientDependencyException");
    }

    @Test
    void theDocumentedRetryListIsTheOneTheDefinitionUses() {
        for (String error : TRANSIENT_ERRORS) {
            assertThat(workflowDoc)
                    .as("docs/workflow.md names %s as retried", error)
                    .contains("`" + error + "`");
        }
    }

    // ---- transitions --------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} stages")
    @ValueSource(ints = {1, 2, 4, 7})
    void aSuccessfulDeploymentCostsTheDocumentedTransitions(int stages) {
        Walk codeDeploy = TransitionWalker.walk(asl, Scenario.success(false, stages));
        assertThat(codeDeploy.terminal()).isEqualTo("DeploymentSucceeded");
        assertThat(codeDeploy.transitions()).as("CodeDeploy: 6N + 7").isEqualTo(6 * stages + 7);
        assertThat(codeDeploy.entered()).doesNotContain("PreTrafficChecks", "PostTrafficChecks", "Rollback");

        Walk standalone = TransitionWalker.walk(asl, Scenario.success(true, stages));
        assertThat(standalone.terminal()).isEqualTo("DeploymentSucceeded");
        assertThat(standalone.transitions()).as("standalone: 6N + 9").isEqualTo(6 * stages + 9);
        assertThat(standalone.entered()).contains("PreTrafficChecks", "PostTrafficChecks");
    }

    @Test
    void aRollbackWindowWaitsThenClosesForTwoTransitionsMore() {
        Walk windowed = TransitionWalker.walk(asl, Scenario.success(false, 3).withRollbackWindow());
        assertThat(windowed.terminal()).isEqualTo("DeploymentSucceeded");
        assertThat(windowed.entered())
                .endsWith(
                        "Finalize",
                        "HasRollbackWindow",
                        "RollbackWindow",
                        "CloseRollbackWindow",
                        "DeploymentSucceeded");
        assertThat(windowed.transitions()).isEqualTo(6 * 3 + 7 + 2);

        JsonNode wait = asl.path("States").path("RollbackWindow");
        assertThat(wait.path("Type").asText()).isEqualTo("Wait");
        assertThat(wait.path("TimestampPath").asText()).isEqualTo("$.result.rollbackWindowEndsAt");
        JsonNode close = asl.path("States").path("CloseRollbackWindow");
        assertThat(close.path("Catch").path(0).path("Next").asText())
                .as("the deployment promoted: a failed close does not fail it")
                .isEqualTo("DeploymentSucceeded");
        assertThat(asl.path("States").path("Finalize").path("Next").asText()).isEqualTo("HasRollbackWindow");
    }

    @Test
    void eachApprovalGateCostsOneTransitionMore() {
        Walk gated = TransitionWalker.walk(asl, Scenario.success(false, 4).withGates(2, 4));
        assertThat(gated.terminal()).isEqualTo("DeploymentSucceeded");
        assertThat(gated.transitions()).as("CodeDeploy: 6N + A + 7").isEqualTo(6 * 4 + 2 + 7);
        assertThat(gated.entered().stream().filter("AwaitApproval"::equals)).hasSize(2);

        Walk denied = TransitionWalker.walk(asl, new Scenario(false, 4, "AwaitApproval", 2).withGates(2));
        assertThat(denied.terminal()).isEqualTo("DeploymentFailed");
        assertThat(denied.entered())
                .endsWith("NeedsApproval", "AwaitApproval", "Rollback", "DeploymentFailed")
                .doesNotContain("Finalize");
        assertThat(denied.transitions())
                .as("denied at stage 2: 6 + 2 inner, + 5")
                .isEqualTo(6 + 2 + 5);
    }

    @ParameterizedTest(name = "{0} fails in stage {1} of 4, standalone={2}")
    @CsvSource({
        "JudgeHealth, 1, false, 9", "JudgeHealth, 3, false, 21", "JudgeHealth, 3, true, 22",
        "ShiftTraffic, 3, false, 19", "ValidateAndLock, 0, true, 3", "PreTrafficChecks, 0, true, 5",
        "PostTrafficChecks, 0, true, 32"
    })
    void aRolledBackDeploymentCostsTheDocumentedTransitions(
            String failing, int stage, boolean standalone, int expected) {
        Walk walk = TransitionWalker.walk(asl, new Scenario(standalone, 4, failing, stage));
        assertThat(walk.terminal()).isEqualTo("DeploymentFailed");
        assertThat(walk.entered()).endsWith("Rollback", "DeploymentFailed").doesNotContain("Finalize");
        assertThat(walk.transitions()).isEqualTo(expected);
    }

    @Test
    void theDocsStateTheFormulasTheWalkConfirms() {
        int section = workflowDoc.indexOf("## State transitions per deployment");
        assertThat(section).as("docs/workflow.md has a transitions section").isNotNegative();
        assertThat(workflowDoc.substring(section))
                .contains("**6N + A + 7**", "**6N + A + 9**", "**6k + 3**", "**6k + 4**", "**+ 2**");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static List<NamedState> tasks(JsonNode definition) {
        return Asl.allStates(definition).stream()
                .filter(s -> s.type().equals("Task"))
                .toList();
    }

    /** Problems with the retry policy of every Task, one sentence each. */
    static List<String> retryProblems(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        for (NamedState task : tasks(definition)) {
            JsonNode covering = null;
            for (JsonNode retrier : task.state().path("Retry")) {
                if (Asl.texts(retrier.path("ErrorEquals")).containsAll(TRANSIENT_ERRORS)) {
                    covering = retrier;
                }
            }
            if (covering == null) {
                Set<String> missing = new LinkedHashSet<>(TRANSIENT_ERRORS);
                task.state()
                        .path("Retry")
                        .forEach(r -> Asl.texts(r.path("ErrorEquals")).forEach(missing::remove));
                problems.add(task.path() + ": no retrier covers all transient errors; missing " + missing);
            }
            for (JsonNode retrier : task.state().path("Retry")) {
                String where = task.path() + " retrier " + Asl.texts(retrier.path("ErrorEquals"));
                // waiting for published metrics is a schedule, not contention: no jitter, so its total is known
                String jitter = waitsForMetrics(retrier) ? "NONE" : "FULL";
                if (!jitter.equals(retrier.path("JitterStrategy").asText())) {
                    problems.add(
                            where + ": JitterStrategy is " + retrier.path("JitterStrategy") + ", expected " + jitter);
                }
                if (retrier.path("IntervalSeconds").asInt(0) < 1
                        || retrier.path("MaxAttempts").asInt(0) < 2
                        || retrier.path("BackoffRate").asDouble(0) < 1.5
                        || retrier.path("MaxDelaySeconds").asInt(0) < 1) {
                    problems.add(where + ": expected IntervalSeconds >= 1, MaxAttempts >= 2, BackoffRate >= 1.5 and a"
                            + " MaxDelaySeconds, got " + retrier);
                }
            }
        }
        return problems;
    }

    /**
     * Problems with catching: every top-level state that is entered before Finalize and can fail (Task, Map,
     * Parallel) catches States.ALL into Rollback with ResultPath $.error. States inside the Map are covered by the
     * Map's Catch.
     */
    static List<String> catchProblems(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> states = Asl.topLevel(definition);
        for (Map.Entry<String, JsonNode> e : states.entrySet()) {
            String name = e.getKey();
            String type = e.getValue().path("Type").asText();
            boolean canFail = Set.of("Task", "Map", "Parallel").contains(type);
            if (!canFail || !beforeFinalize(definition, name)) {
                continue;
            }
            JsonNode catcher = null;
            for (JsonNode c : e.getValue().path("Catch")) {
                if (Asl.texts(c.path("ErrorEquals")).contains("States.ALL")) {
                    catcher = c;
                }
            }
            if (catcher == null) {
                problems.add(name + ": no Catch on States.ALL; a failure here would skip Rollback");
            } else if (!"Rollback".equals(catcher.path("Next").asText())
                    || !"$.error".equals(catcher.path("ResultPath").asText())) {
                problems.add(name + ": catches States.ALL into "
                        + catcher.path("Next").asText() + " with ResultPath " + catcher.path("ResultPath")
                        + "; expected Next Rollback, ResultPath $.error");
            }
        }
        return problems;
    }

    /** True when the state is reachable from StartAt without passing through Finalize, Rollback or a Catch. */
    private static boolean beforeFinalize(JsonNode definition, String target) {
        Map<String, JsonNode> states = Asl.topLevel(definition);
        Set<String> seen = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(List.of(definition.path("StartAt").asText()));
        while (!queue.isEmpty()) {
            String name = queue.remove(0);
            if (name.equals("Finalize") || name.equals("Rollback") || !seen.add(name)) {
                continue;
            }
            JsonNode state = states.get(name);
            if (state == null) {
                continue;
            }
            if (state.has("Next")) {
                queue.add(state.path("Next").asText());
            }
            state.path("Choices").forEach(c -> queue.add(c.path("Next").asText()));
            if (state.has("Default")) {
                queue.add(state.path("Default").asText());
            }
        }
        return seen.contains(target);
    }

    /** JudgeHealth's retrier that waits for CloudWatch to publish the window's metrics. */
    static boolean waitsForMetrics(JsonNode retrier) {
        return Asl.texts(retrier.path("ErrorEquals"))
                .equals(List.of("dev.cutover.core.error.MetricsNotPublishedYetException"));
    }

    /** Attempts against faults: the wait for published metrics is not one. */
    private static int totalAttempts(JsonNode task) {
        int attempts = 0;
        for (JsonNode retrier : task.path("Retry")) {
            if (waitsForMetrics(retrier)) {
                continue;
            }
            attempts += retrier.path("MaxAttempts").asInt(3);
        }
        return attempts;
    }

    /** The error names in the first column of the "Errors the handlers throw" table of docs/workflow.md. */
    static Set<String> documentedErrors() {
        return documentedErrors(workflowDoc);
    }

    /** The error names in the first column of the "Errors the handlers throw" table of the given docs/workflow.md. */
    static Set<String> documentedErrors(String doc) {
        int start = doc.indexOf("## Errors the handlers throw");
        assertThat(start).as("docs/workflow.md has the error table section").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([A-Za-z0-9_.$]+)`\\s*\\|").matcher(section);
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}
