package dev.cutover.handlers.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static dev.cutover.testing.WorkflowFixture.HOOK_EXECUTION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every problem a malformed workflow payload can have, with its exact path and wording: operators and the docs
 * quote these messages, so rewording one is a change of behaviour.
 */
class PayloadProblemsTest {

    static final String ANY_HOOK =
            "BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, " + "AfterAllowTraffic";

    final WorkflowTasks tasks = new WorkflowTasks(new WorkflowFixture().tasks());

    static List<String> problems(ThrowingCallable read) {
        InvalidWorkflowInputException e = catchThrowableOfType(read, InvalidWorkflowInputException.class);
        assertThat(e).as("an invalid payload is refused").isNotNull();
        return e.errors().stream().map(FieldError::toString).toList();
    }

    static Map<String, Object> codeDeploy() {
        return Map.of(
                "deploymentId",
                CODEDEPLOY_ID,
                "lifecycleEventHookExecutionId",
                HOOK_EXECUTION_ID,
                "hook",
                "BeforeAllowTraffic");
    }

    static Map<String, Object> plan() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("deploymentId", CODEDEPLOY_ID);
        plan.put("service", "orders");
        plan.put("standalone", false);
        plan.put("specVersion", "7");
        plan.put("specParameter", "/cutover/orders/spec:7");
        plan.put("stages", List.of(Map.of("index", 0, "percent", 100, "bakeSeconds", 60)));
        plan.put("lockToken", CODEDEPLOY_ID + "@2026-03-01T10:00:00Z");
        plan.put("codeDeploy", codeDeploy());
        plan.put(
                "targetGroups",
                Map.of(
                        "blue",
                                "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-a/0123456789abcdef",
                        "green",
                                "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-b/fedcba9876543210"));
        return plan;
    }

    @Test
    void aPayloadThatIsNotAnObject() {
        assertThat(problems(() -> InputJson.inputFromMap(null)))
                .containsExactly("(payload): must be an object "
                        + "(the workflow execution input: {service, specParameter or spec, deploymentId?, codeDeploy?}), "
                        + "found nothing");
        assertThat(problems(() -> tasks.shiftTraffic(null)))
                .containsExactly(
                        "(payload): must be an object (the task payload), found nothing",
                        "stage: missing: expected {index, percent, bakeSeconds}");
        assertThat(problems(() -> AlarmEvents.read(null)))
                .containsExactly("(payload): must be an object (an EventBridge event), found nothing");
    }

    @Test
    void anInputsFieldsOfTheWrongKind() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("service", 17);
        input.put("deploymentId", " d-1");
        input.put("spec", null);
        input.put("codeDeploy", "d-ABCDEF123");
        input.put("extra", true);

        assertThat(problems(() -> InputJson.inputFromMap(input)))
                .containsExactly(
                        "extra: is not a field here; expected service, specParameter, spec, deploymentId, codeDeploy",
                        "service: must be a string (the service name, e.g. \"orders\"), found the number 17",
                        "deploymentId: must not have surrounding whitespace or control characters, found \" d-1\"",
                        "specParameter: missing: give specParameter (the SSM parameter holding the spec, e.g. "
                                + "/cutover/orders/spec) or spec (the document inline)",
                        "codeDeploy: must be an object ({deploymentId, lifecycleEventHookExecutionId, hook}), found the "
                                + "string \"d-ABCDEF123\"");
    }

    @Test
    void anUnknownNameThatIsNotAnIdentifierIsQuotedInItsPath() {
        assertThat(problems(() -> InputJson.inputFromMap(
                        Map.of("service", "orders", "specParameter", "/p", "spec parameter", "/q"))))
                .containsExactly("[\"spec parameter\"]: is not a field here; expected "
                        + "service, specParameter, spec, deploymentId, codeDeploy");
    }

    @Test
    void anInputsValuesThatBreakTheRules() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("service", "Orders!");
        input.put("deploymentId", "x".repeat(129));
        input.put("specParameter", "/cutover/orders spec");
        input.put(
                "codeDeploy",
                Map.of("deploymentId", "12345", "lifecycleEventHookExecutionId", " ", "hook", "BeforeDeploy"));

        assertThat(problems(() -> InputJson.inputFromMap(input)))
                .containsExactly(
                        "service: \"Orders!\" is not a service name: 1 to 63 lower-case letters, digits and dashes, "
                                + "starting with a letter",
                        "deploymentId: is 129 characters; at most 128",
                        "specParameter: must not contain whitespace, found \"/cutover/orders spec\"",
                        "codeDeploy.deploymentId: must look like d-ABCDEF123 (\"d-\" and 9 upper-case letters or digits, "
                                + "as CodeDeploy issues them), found \"12345\"",
                        "codeDeploy.lifecycleEventHookExecutionId: is blank: expected the LifecycleEventHookExecutionId "
                                + "CodeDeploy passed to the hook",
                        "codeDeploy.hook: \"BeforeDeploy\" is not a CodeDeploy ECS lifecycle hook; expected one of "
                                + ANY_HOOK);
    }

    @Test
    void anInputWithBothSpecsOrAnInlineSpecThatIsNotAnObject() {
        assertThat(problems(() ->
                        InputJson.inputFromMap(Map.of("service", "orders", "specParameter", "/p", "spec", Map.of()))))
                .containsExactly("specParameter: give either specParameter (the SSM parameter "
                        + "holding the spec) or spec (the document inline), not both");
        assertThat(problems(() -> InputJson.inputFromMap(Map.of("service", "", "spec", "inline"))))
                .containsExactly(
                        "service: is blank: expected the service name, e.g. \"orders\"",
                        "spec: must be an object (the Cutover spec document), found the string \"inline\"");
    }

    @Test
    void theExecutionContextValidateAndLockIsPassed() {
        Map<String, Object> input = Map.of("service", "orders", "specParameter", "/p", "deploymentId", "d-1");
        Map<String, Object> execution = new HashMap<>();
        execution.put("id", List.of("arn"));
        execution.put("name", null);
        execution.put("startTime", "yesterday\n");

        assertThat(problems(() -> tasks.validateAndLock(Map.of("input", input, "execution", execution))))
                .containsExactly(
                        "execution.id: must be a string (the execution ARN ($$.Execution.Id)), found an array "
                                + "[\"arn\"]",
                        "execution.name: missing: expected the execution name ($$.Execution.Name)",
                        "execution.startTime: must not have surrounding whitespace or control characters, found "
                                + "\"yesterday\\n\"");
        execution.put("startTime", "yesterday");
        assertThat(problems(() -> tasks.validateAndLock(Map.of("input", input, "execution", execution))))
                .contains("execution.startTime: must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, found "
                        + "\"yesterday\"");
        assertThat(problems(() -> tasks.validateAndLock(Map.of("input", input, "execution", 3))))
                .containsExactly("execution: must be an object ({id, name, startTime} from the Context object), "
                        + "found the number 3");
    }

    @Test
    void aPlansFields() {
        Map<String, Object> plan = plan();
        plan.put("deploymentId", Arrays.asList(new Object[40]));
        plan.put("standalone", "yes");
        plan.remove("specVersion");
        plan.put("spec", Map.of());
        plan.put("lockToken", null);
        plan.remove("stages");

        assertThat(problems(() -> PlanJson.planFromMap(plan)))
                .containsExactly(
                        "deployment.deploymentId: must be a string (the deployment id), found an array "
                                + "[null,null,null,null,null,null,null,null,null,null,null,null...",
                        "deployment.standalone: must be true or false, found the string \"yes\"",
                        "deployment.specVersion: missing: expected the spec version",
                        "deployment.specParameter: a plan has exactly one of specParameter and spec",
                        "deployment.stages: must be a non-empty array of {index, percent, bakeSeconds}, found nothing",
                        "deployment.lockToken: missing: expected the lock token");
        plan.put("stages", List.of());
        assertThat(problems(() -> PlanJson.planFromMap(plan)))
                .contains("deployment.stages: must be a non-empty "
                        + "array of {index, percent, bakeSeconds}, found an array []");
        assertThat(problems(() -> PlanJson.planFromMap(null)))
                .containsExactly(
                        "deployment: must be an object " + "(the plan ValidateAndLock returned), found nothing");
    }

    @Test
    void aPlansStages() {
        Map<String, Object> plan = plan();
        Map<String, Object> missingPercent = new HashMap<>(Map.of("index", "1", "bakeSeconds", 10.0));
        missingPercent.put("percent", null);
        plan.put(
                "stages",
                List.of(
                        5,
                        Map.of("index", 0, "percent", 10.5, "bakeSeconds", -1),
                        missingPercent,
                        Map.of("index", 2, "percent", 100, "bakeSeconds", 86_400.0),
                        Map.of("index", 0, "percent", 1e300, "bakeSeconds", false)));

        assertThat(problems(() -> PlanJson.planFromMap(plan)))
                .containsExactly(
                        "deployment.stages[0]: must be an object ({index, percent, bakeSeconds}), found the number 5",
                        "deployment.stages[1].percent: must be a whole number 1..100, found the number 10.5",
                        "deployment.stages[1].bakeSeconds: must be a whole number 0..86400, found the number -1",
                        "deployment.stages[2].index: must be a whole number 0..1000, found the string \"1\"",
                        "deployment.stages[2].percent: missing: expected a whole number 1..100",
                        "deployment.stages[3].index: stages are listed in order from 0; expected 0, found 2",
                        "deployment.stages[4].percent: must be a whole number 1..100, found the number 1.0E300",
                        "deployment.stages[4].bakeSeconds: must be a whole number 0..86400, found false");
    }

    @Test
    void aPlanIsStandaloneExactlyWithoutAHook() {
        Map<String, Object> plan = plan();
        plan.put("standalone", true);

        assertThat(problems(() -> PlanJson.planFromMap(plan)))
                .containsExactly("deployment.standalone: is true "
                        + "but codeDeploy is present; a plan is standalone exactly when no CodeDeploy hook started it");
        plan.remove("codeDeploy");
        plan.put("standalone", false);
        assertThat(problems(() -> PlanJson.planFromMap(plan)))
                .containsExactly("deployment.standalone: is false "
                        + "but codeDeploy is absent; a plan is standalone exactly when no CodeDeploy hook started it");
    }

    @Test
    void theStageAndWeightsJudgeHealthIsPassed() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("deployment", "plan");
        payload.put("stage", List.of());
        payload.put("weights", Map.of("blue", 50, "green", 40, "shiftedAt", "yesterday"));

        assertThat(problems(() -> tasks.judgeHealth(payload)))
                .containsExactly(
                        "deployment: must be an object (the plan ValidateAndLock put at $.deployment), found the string "
                                + "\"plan\"",
                        "stage: must be an object ({index, percent, bakeSeconds}), found an array []",
                        "weights.shiftedAt: must be an ISO-8601 instant such as 2026-03-01T10:00:00Z, found \"yesterday\"");
        payload.put("weights", Map.of("blue", 60, "green", 50, "shiftedAt", "2026-03-01T10:00:00Z"));
        assertThat(problems(() -> tasks.judgeHealth(payload)))
                .contains("weights.green: blue 60 and green 50 must " + "sum to 100");
        payload.put("weights", "all green");
        assertThat(problems(() -> tasks.judgeHealth(payload)))
                .contains("weights: must be an object ({blue, " + "green, shiftedAt}), found the string \"all green\"");
    }

    @Test
    void anAlarmEvent() {
        List<String> problems = new ArrayList<>(problems(() ->
                AlarmEvents.read(Map.of("detail", Map.of("alarmName", "\torders", "state", Map.of("value", 1))))));
        assertThat(problems)
                .containsExactly(
                        "detail.alarmName: must not have surrounding whitespace or control characters, found \"\\torders\"",
                        "detail.state.value: must be a string (OK, ALARM or INSUFFICIENT_DATA), found the number 1");
        assertThat(problems(() -> AlarmEvents.read(Map.of("detail", Map.of("alarmName", "a", "state", "ALARM")))))
                .containsExactly("detail.state: must be an object ({value, reason}), found the string \"ALARM\"");
        assertThat(problems(() -> AlarmEvents.read(Map.of("source", "aws.cloudwatch"))))
                .containsExactly("detail: missing: expected {alarmName, state, previousState, ...}");
    }
}
