package dev.cutover.handlers.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.core.workflow.SpecReference;

/**
 * The plan ValidateAndLock puts at {@code $.deployment}, its stages, and ShiftTraffic's {@code $.weights}, as JSON
 * (docs/workflow.md):
 *
 * <pre>{@code
 * {"deploymentId": "d-ABCDEF123", "service": "orders", "standalone": false, "specVersion": "7",
 *  "specParameter": "/cutover/orders/spec:7",            (or "spec": {...}, the inline document)
 *  "stages": [{"index": 0, "percent": 10, "bakeSeconds": 300}, ...],
 *  "lockToken": "d-ABCDEF123@2026-03-01T10:00:00Z",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"}}
 * }</pre>
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static Map<String, Object> toMap(DeploymentPlan plan) {
        return Payload.toMap(toJson(plan));
    }

    static ObjectNode toJson(DeploymentPlan plan) {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("deploymentId", plan.deploymentId());
        node.put("service", plan.service());
        node.put("standalone", plan.standalone());
        node.put("specVersion", plan.specVersion());
        if (plan.spec() instanceof SpecReference.Parameter p) {
            node.put("specParameter", p.name());
        } else if (plan.spec() instanceof SpecReference.Inline i) {
            node.set("spec", i.document());
        }
        ArrayNode list = node.putArray("stages");
        plan.stages().forEach(s -> list.add(toJson(s)));
        node.put("lockToken", plan.lockToken());
        plan.codeDeploy().ifPresent(cd -> node.set("codeDeploy", cd.toJson()));
        return node;
    }

    static ObjectNode toJson(PlannedStage stage) {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("index", stage.index());
        node.put("percent", stage.percent());
        node.put("bakeSeconds", Math.toIntExact(stage.bakeSeconds()));
        return node;
    }

    public static Map<String, Object> toMap(ShiftOutcome shift) {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("blue", shift.weights().blue());
        node.put("green", shift.weights().green());
        node.put("shiftedAt", shift.shiftedAt().toString());
        return Payload.toMap(node);
    }

    /**
     * Reads a plan as a task receives it at {@code deployment}.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static DeploymentPlan planFromMap(Map<String, ?> deployment) {
        Payload payload = new Payload("deployment plan");
        Optional<DeploymentPlan> plan = readPlan(payload, Payload.tree(deployment), "deployment");
        payload.throwIfAny();
        return plan.orElseThrow();
    }

    static Optional<DeploymentPlan> readPlan(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "the plan ValidateAndLock returned")) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<String> id = payload.text(node, path, "deploymentId", true, "the deployment id");
        Optional<String> service = payload.text(node, path, "service", true, "the service name");
        Optional<Boolean> standalone = payload.bool(node, path, "standalone");
        Optional<String> version = payload.text(node, path, "specVersion", true, "the spec version");
        SpecReference spec = null;
        if (node.hasNonNull("specParameter") == node.hasNonNull("spec")) {
            payload.problem(Payload.path(path, "specParameter"), "a plan has exactly one of specParameter and spec");
        } else if (node.hasNonNull("specParameter")) {
            spec = payload.text(node, path, "specParameter", true, "the pinned spec parameter")
                    .<SpecReference>map(SpecReference.Parameter::new).orElse(null);
        } else {
            spec = payload.object(node, path, "spec", true, "the inline spec")
                    .<SpecReference>map(SpecReference.Inline::new).orElse(null);
        }
        List<PlannedStage> stages = new ArrayList<>();
        JsonNode list = node.get("stages");
        String stagesPath = Payload.path(path, "stages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            payload.problem(stagesPath, "must be a non-empty array of {index, percent, bakeSeconds}, found "
                    + Payload.describe(list));
        } else {
            for (int i = 0; i < list.size(); i++) {
                String at = stagesPath + "[" + i + "]";
                Optional<PlannedStage> stage = readStage(payload, list.get(i), at);
                stage.filter(s -> s.index() != stages.size()).ifPresent(s -> payload.problem(Payload.path(at, "index"),
                        "stages are listed in order from 0; expected " + stages.size() + ", found " + s.index()));
                stage.ifPresent(stages::add);
            }
        }
        Optional<String> lockToken = payload.text(node, path, "lockToken", true, "the lock token");
        Optional<CodeDeployHook> codeDeploy = InputJson.readCodeDeploy(payload, node, path);
        if (standalone.isPresent() && payload.cleanSince(mark) && standalone.get() == codeDeploy.isPresent()) {
            payload.problem(Payload.path(path, "standalone"), "is " + standalone.get() + " but codeDeploy is "
                    + (codeDeploy.isPresent() ? "present" : "absent") + "; a plan is standalone exactly when no "
                    + "CodeDeploy hook started it");
        }
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new DeploymentPlan(id.get(), service.get(), standalone.get(), version.get(), spec,
                stages, lockToken.get(), codeDeploy));
    }

    static Optional<PlannedStage> readStage(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "{index, percent, bakeSeconds}")) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<Long> index = payload.integer(node, path, "index", 0, 1000);
        Optional<Long> percent = payload.integer(node, path, "percent", 1, 100);
        Optional<Long> bake = payload.integer(node, path, "bakeSeconds", 0, 86_400);
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new PlannedStage(index.get().intValue(), percent.get().intValue(), bake.get()));
    }

    static Optional<ShiftOutcome> readShift(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "{blue, green, shiftedAt} from ShiftTraffic")) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<Long> blue = payload.integer(node, path, "blue", 0, 100);
        Optional<Long> green = payload.integer(node, path, "green", 0, 100);
        Optional<Instant> at = payload.instant(node, path, "shiftedAt", true);
        if (payload.cleanSince(mark) && blue.get() + green.get() != 100) {
            payload.problem(Payload.path(path, "green"), "blue " + blue.get() + " and green " + green.get()
                    + " must sum to 100");
        }
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new ShiftOutcome(new Weights(blue.get().intValue(), green.get().intValue()), at.get()));
    }
}
