package dev.cutover.handlers.wire;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.ExecutionInfo;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.Reporting;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.core.workflow.WorkflowInput;
import dev.cutover.core.workflow.task.JudgeHealth;
import dev.cutover.core.workflow.task.WorkflowTaskSet;

/**
 * The workflow's tasks as the state machine calls them: a JSON payload in (as the Lambda runtime hands it over, a
 * map), a JSON result out, exactly as docs/workflow.md describes each state. The Lambda handlers and the local
 * engine both call this; {@link WorkflowTaskSet}'s tasks do the work. A payload that does not have the documented
 * shape is refused with an {@link InvalidWorkflowInputException} naming each field at fault; fields a task does
 * not need are ignored (tasks after ValidateAndLock receive the whole state).
 */
public final class WorkflowTasks {

    private final WorkflowTaskSet workflow;

    public WorkflowTasks(WorkflowTaskSet workflow) {
        this.workflow = Objects.requireNonNull(workflow, "workflow");
    }

    public WorkflowTaskSet workflow() {
        return workflow;
    }

    /**
     * ValidateAndLock. Payload: {@code {"input": <execution input>, "execution": {"id", "name", "startTime"}}} as
     * the state passes it, or the bare execution input (then the input must name its deployment).
     *
     * @return the plan, for {@code $.deployment}
     */
    public Map<String, Object> validateAndLock(Map<String, ?> payload) {
        Problems problems = PayloadDialect.problems();
        JsonNode root = JsonMaps.tree(payload);
        boolean wrapped = root.isObject() && root.has("input") && !root.has("service");
        WorkflowInput input = InputJson.readInput(wrapped ? root.get("input") : root, "", problems);
        Optional<ExecutionInfo> execution = wrapped
                ? InputJson.readExecution(PayloadDialect.reader(root, "", problems, "the task payload"), problems)
                : Optional.empty();
        PayloadDialect.throwIfAny(problems, "workflow execution input");
        return PlanJson.toMap(workflow.validateAndLock().run(input, execution));
    }

    /**
     * PreTrafficChecks. Payload: {@code {"deployment"}}.
     *
     * @return {@code {"checks": [{"name", "passed", "detail"}]}} (the state discards it)
     * @throws ChecksFailedException naming the failed checks
     */
    public Map<String, Object> preTrafficChecks(Map<String, ?> payload, Duration budget) {
        return OutcomeJson.toMap(workflow.checks().preTraffic(plan(payload, "PreTrafficChecks payload"), budget));
    }

    /** PostTrafficChecks. Payload: {@code {"deployment"}}; as {@link #preTrafficChecks}. */
    public Map<String, Object> postTrafficChecks(Map<String, ?> payload, Duration budget) {
        return OutcomeJson.toMap(workflow.checks().postTraffic(plan(payload, "PostTrafficChecks payload"), budget));
    }

    /**
     * ShiftTraffic. Payload: {@code {"deployment", "stage": {"index", "percent", "bakeSeconds"}}}.
     *
     * @return {@code {"blue", "green", "shiftedAt"}}, for {@code $.weights}
     */
    public Map<String, Object> shiftTraffic(Map<String, ?> payload) {
        Problems problems = PayloadDialect.problems();
        FieldReader root = taskPayload(payload, problems);
        DeploymentPlan plan = readPlan(root, problems);
        PlannedStage stage = readStage(root, problems);
        // after an approval gate: what cutover approve sent with SendTaskSuccess, at $.approval
        FieldReader approval =
                root == null ? null : root.expecting("{approvedBy?}").object("approval", false);
        String approvedBy = approval == null ? null : PayloadFields.text(approval, "approvedBy", false, "who approved");
        PayloadDialect.throwIfAny(problems, "ShiftTraffic payload");
        return PlanJson.toMap(workflow.shiftTraffic().run(plan, stage, Optional.ofNullable(approvedBy)));
    }

    /**
     * RequestApproval, behind the AwaitApproval state's {@code lambda:invoke.waitForTaskToken}. Payload:
     * {@code {"taskToken", "deployment", "stage"}}.
     *
     * @return {@code {"deploymentId", "stageIndex", "percent", "requestedAt", "expiresAt"}} (Step Functions ignores
     *         it: the state's result is what SendTaskSuccess sends)
     */
    public Map<String, Object> requestApproval(Map<String, ?> payload) {
        Problems problems = PayloadDialect.problems();
        FieldReader root = taskPayload(payload, problems);
        DeploymentPlan plan = readPlan(root, problems);
        PlannedStage stage = readStage(root, problems);
        String token =
                root == null ? null : PayloadFields.text(root, "taskToken", true, "the task token ($$.Task.Token)");
        PayloadDialect.throwIfAny(problems, "RequestApproval payload");
        PendingApproval approval = workflow.requestApproval().run(plan, stage, token);
        com.fasterxml.jackson.databind.node.ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("deploymentId", plan.deploymentId());
        node.put("stageIndex", approval.stageIndex());
        node.put("percent", approval.percent());
        node.put("requestedAt", approval.requestedAt().toString());
        node.put("expiresAt", approval.expiresAt().toString());
        return JsonMaps.toMap(node);
    }

    /**
     * JudgeHealth. Payload: {@code {"deployment", "stage", "weights": {"blue", "green", "shiftedAt"}, "verdict"?:
     * {"extensions"}}}; {@code verdict} is the previous judgement of the stage, there after ExtendBake.
     *
     * @return the verdict with its numbers, for {@code $.verdict}: {@code {"status", "summary", "gates": [...],
     *         "alarmsInAlarm", "alarmsMissing", "extensions"}}, HEALTHY, or INCONCLUSIVE with {@code
     *         "extendBakeSeconds"} when the statistical judge extends the bake (the NeedsLongerBake state reads it)
     * @throws HealthGateFailedException when green is unhealthy, or the verdict inconclusive with no extension left
     */
    public Map<String, Object> judgeHealth(Map<String, ?> payload) {
        Problems problems = PayloadDialect.problems();
        FieldReader root = taskPayload(payload, problems);
        DeploymentPlan plan = readPlan(root, problems);
        PlannedStage stage = readStage(root, problems);
        FieldReader weights =
                root == null ? null : root.expecting("{blue, green, shiftedAt}").object("weights", false);
        ShiftOutcome shift = weights == null ? null : PlanJson.readShift(weights);
        // after ExtendBake: the previous judgement of this stage, with the extensions it has had
        FieldReader previous = root == null
                ? null
                : root.expecting("the previous judgement, {extensions, ...}").object("verdict", false);
        Long extensions = previous == null || !previous.has("extensions")
                ? Long.valueOf(0)
                : PayloadFields.wholeNumber(previous, "extensions", 0, HealthGates.Statistical.MAX_EXTENSIONS);
        PayloadDialect.throwIfAny(problems, "JudgeHealth payload");
        JudgeHealth.Judgement judgement =
                workflow.judgeHealth().run(plan, stage, Optional.ofNullable(shift), extensions.intValue());
        return Verdicts.toMap(judgement);
    }

    /**
     * Finalize. Payload: the whole state; reads {@code deployment} (which carries the CodeDeploy hook).
     *
     * @return {@code {"status": "PROMOTED", ...}}, for {@code $.result}
     */
    public Map<String, Object> finalizeDeployment(Map<String, ?> payload) {
        return OutcomeJson.toMap(workflow.finalizeDeployment().run(plan(payload, "Finalize payload")));
    }

    /**
     * CloseRollbackWindow. Payload: the whole state; reads {@code deployment}.
     *
     * @return {@code {"deploymentId", "closed", "status", "at"}}, for {@code $.rollbackWindow}
     */
    public Map<String, Object> closeRollbackWindow(Map<String, ?> payload) {
        var outcome = workflow.closeRollbackWindow().run(plan(payload, "CloseRollbackWindow payload"));
        com.fasterxml.jackson.databind.node.ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("deploymentId", outcome.deploymentId());
        node.put("closed", outcome.closed());
        node.put("status", outcome.status().name());
        node.put("at", outcome.at().toString());
        return JsonMaps.toMap(node);
    }

    /**
     * Rollback. Payload: the whole state with {@code error: {"Error", "Cause"}} from the Catch. With a
     * {@code deployment}, traffic goes back to blue and the deployment ends; without one (ValidateAndLock failed)
     * nothing but CodeDeploy and people are told.
     *
     * @param budget the time the task may take (a gradual rollback that does not fit goes straight to blue)
     * @return {@code {"reason", "weights", ...}}, for {@code $.rollback}
     */
    public Map<String, Object> rollBack(Map<String, ?> payload, Duration budget) {
        JsonNode root = JsonMaps.tree(payload);
        String reason = reasonFrom(root.path("error"));
        if (root.hasNonNull("deployment")) {
            Problems problems = PayloadDialect.problems();
            DeploymentPlan plan = readPlan(PayloadDialect.reader(root, "", problems, "the task payload"), problems);
            PayloadDialect.throwIfAny(problems, "Rollback payload");
            return OutcomeJson.toMap(workflow.rollback().run(plan, reason, budget));
        }
        // ValidateAndLock failed: read what can be read of the input; its problems are the reason already
        Problems ignored = PayloadDialect.problems();
        FieldReader input = PayloadDialect.reader(
                root.isObject() ? root : JsonMaps.JSON.createObjectNode(), "", ignored, "the task payload");
        Optional<String> service = Optional.ofNullable(PayloadFields.text(input, "service", false, "the service"));
        Optional<CodeDeployHook> codeDeploy = InputJson.readCodeDeploy(input, ignored);
        Optional<String> deploymentId = Optional.ofNullable(
                        PayloadFields.text(input, "deploymentId", false, "the deployment id"))
                .or(() -> codeDeploy.map(CodeDeployHook::deploymentId));
        return OutcomeJson.toMap(workflow.rollback().rejected(service, deploymentId, codeDeploy, reason));
    }

    /**
     * The reason a rollback gives: the caught error's short name and message. For a Lambda function error the
     * Catch's {@code Cause} is JSON ({@code {"errorMessage", "errorType", "stackTrace"}}); its message is used.
     */
    static String reasonFrom(JsonNode error) {
        if (error == null || !error.isObject()) {
            return "rollback without a caught error in the state ($.error is missing)";
        }
        String name = error.path("Error").asText("");
        String cause = error.path("Cause").asText("");
        String message = cause;
        if (cause.stripLeading().startsWith("{")) {
            try {
                JsonNode parsed = JsonMaps.JSON.readTree(cause);
                if (parsed.hasNonNull("errorMessage")) {
                    message = parsed.get("errorMessage").asText();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                // keep the cause as it is
            }
        }
        if (name.equals("States.Timeout") && message.isBlank()) {
            // the one state with a timeout is AwaitApproval
            message = "the approval gate timed out without an answer (States.Timeout)";
        }
        String shortName = name.isBlank() ? "error" : name.substring(name.lastIndexOf('.') + 1);
        return message.isBlank() ? shortName : shortName + ": " + Reporting.oneLine(message);
    }

    private static DeploymentPlan plan(Map<String, ?> payload, String what) {
        Problems problems = PayloadDialect.problems();
        DeploymentPlan plan = readPlan(taskPayload(payload, problems), problems);
        PayloadDialect.throwIfAny(problems, what);
        return plan;
    }

    /** A reader of a task's payload; null (after recording the problem) when the payload is not an object. */
    private static FieldReader taskPayload(Map<String, ?> payload, Problems problems) {
        return PayloadDialect.reader(JsonMaps.tree(payload), "", problems, "the task payload");
    }

    /** The plan at {@code deployment}; null when there were problems. */
    private static DeploymentPlan readPlan(FieldReader payload, Problems problems) {
        FieldReader plan = payload == null
                ? null
                : payload.expecting("the plan ValidateAndLock put at $.deployment")
                        .object("deployment", true);
        return plan == null ? null : PlanJson.readPlan(plan, problems);
    }

    /**
     * The stage at {@code stage}; null when there were problems. A payload that is not an object has no stage
     * either, and that is reported too.
     */
    private static PlannedStage readStage(FieldReader payload, Problems problems) {
        FieldReader fields = payload != null
                ? payload
                : PayloadDialect.reader(JsonMaps.JSON.createObjectNode(), "", problems, "the task payload");
        FieldReader stage = fields.expecting(PlanJson.STAGE).object("stage", true);
        return stage == null ? null : PlanJson.readStage(stage);
    }
}
