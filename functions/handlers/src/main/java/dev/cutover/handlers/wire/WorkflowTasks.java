package dev.cutover.handlers.wire;

import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.error.InvalidWorkflowInputException;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.ExecutionInfo;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.Reporting;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.core.workflow.WorkflowInput;
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
        Payload p = new Payload("workflow execution input");
        JsonNode root = Payload.tree(payload);
        boolean wrapped = root.isObject() && root.has("input") && !root.has("service");
        WorkflowInput input = InputJson.readInput(p, wrapped ? root.get("input") : root, "");
        Optional<ExecutionInfo> execution = wrapped ? InputJson.readExecution(p, root, "") : Optional.empty();
        p.throwIfAny();
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
        Payload p = new Payload("ShiftTraffic payload");
        JsonNode root = Payload.tree(payload);
        Optional<DeploymentPlan> plan = readPlan(p, root);
        Optional<PlannedStage> stage = p.object(root, "", "stage", true, "{index, percent, bakeSeconds}")
                .flatMap(node -> PlanJson.readStage(p, node, "stage"));
        p.throwIfAny();
        return PlanJson.toMap(workflow.shiftTraffic().run(plan.orElseThrow(), stage.orElseThrow()));
    }

    /**
     * JudgeHealth. Payload: {@code {"deployment", "stage", "weights": {"blue", "green", "shiftedAt"}}}.
     *
     * @return the healthy verdict with its numbers, for {@code $.verdict}: {@code {"status", "summary", "gates":
     *         [...], "alarmsInAlarm", "alarmsMissing"}}
     * @throws HealthGateFailedException when green is unhealthy or the verdict inconclusive
     */
    public Map<String, Object> judgeHealth(Map<String, ?> payload) {
        Payload p = new Payload("JudgeHealth payload");
        JsonNode root = Payload.tree(payload);
        Optional<DeploymentPlan> plan = readPlan(p, root);
        Optional<PlannedStage> stage = p.object(root, "", "stage", true, "{index, percent, bakeSeconds}")
                .flatMap(node -> PlanJson.readStage(p, node, "stage"));
        Optional<ShiftOutcome> weights = p.object(root, "", "weights", false, "{blue, green, shiftedAt}")
                .flatMap(node -> PlanJson.readShift(p, node, "weights"));
        p.throwIfAny();
        return Verdicts.toMap(workflow.judgeHealth().run(plan.orElseThrow(), stage.orElseThrow(), weights));
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
     * Rollback. Payload: the whole state with {@code error: {"Error", "Cause"}} from the Catch. With a
     * {@code deployment}, traffic goes back to blue and the deployment ends; without one (ValidateAndLock failed)
     * nothing but CodeDeploy and people are told.
     *
     * @param budget the time the task may take (a gradual rollback that does not fit goes straight to blue)
     * @return {@code {"reason", "weights", ...}}, for {@code $.rollback}
     */
    public Map<String, Object> rollBack(Map<String, ?> payload, Duration budget) {
        JsonNode root = Payload.tree(payload);
        String reason = reasonFrom(root.path("error"));
        if (root.hasNonNull("deployment")) {
            Payload p = new Payload("Rollback payload");
            Optional<DeploymentPlan> plan = readPlan(p, root);
            p.throwIfAny();
            return OutcomeJson.toMap(workflow.rollback().run(plan.orElseThrow(), reason, budget));
        }
        // ValidateAndLock failed: read what can be read of the input; its problems are the reason already
        Payload lenient = new Payload("Rollback payload");
        JsonNode object = root.isObject() ? root : Payload.JSON.createObjectNode();
        Optional<String> service = lenient.text(object, "", "service", false, "the service");
        Optional<CodeDeployHook> codeDeploy = InputJson.readCodeDeploy(lenient, object, "");
        Optional<String> deploymentId = lenient.text(object, "", "deploymentId", false, "the deployment id")
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
                JsonNode parsed = Payload.JSON.readTree(cause);
                if (parsed.hasNonNull("errorMessage")) {
                    message = parsed.get("errorMessage").asText();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                // keep the cause as it is
            }
        }
        String shortName = name.isBlank() ? "error" : name.substring(name.lastIndexOf('.') + 1);
        return message.isBlank() ? shortName : shortName + ": " + Reporting.oneLine(message);
    }

    private static DeploymentPlan plan(Map<String, ?> payload, String what) {
        Payload p = new Payload(what);
        Optional<DeploymentPlan> plan = readPlan(p, Payload.tree(payload));
        p.throwIfAny();
        return plan.orElseThrow();
    }

    private static Optional<DeploymentPlan> readPlan(Payload p, JsonNode root) {
        if (!p.requireObject(root, "", "the task payload")) {
            return Optional.empty();
        }
        return p.object(root, "", "deployment", true, "the plan ValidateAndLock put at $.deployment")
                .flatMap(node -> PlanJson.readPlan(p, node, "deployment"));
    }
}
