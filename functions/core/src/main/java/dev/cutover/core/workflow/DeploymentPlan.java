package dev.cutover.core.workflow;

import dev.cutover.core.error.InvalidWorkflowInputException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What ValidateAndLock decided, placed at {@code $.deployment} and handed to every later task:
 *
 * <pre>{@code
 * {"deploymentId": "d-ABCDEF123", "service": "orders", "standalone": false, "specVersion": "7",
 *  "specParameter": "/cutover/orders/spec:7",            (or "spec": {...}, the inline document)
 *  "stages": [{"index": 0, "percent": 10, "bakeSeconds": 300}, ...],
 *  "lockToken": "d-ABCDEF123@2026-03-01T10:00:00Z",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"}}
 * }</pre>
 *
 * <p>The spec travels by reference: a parameter pinned to the version ValidateAndLock validated (so an edit
 * mid-deployment changes nothing), or the inline document itself (kept small: see
 * {@link SpecResolver#MAX_INLINE_SPEC_BYTES}).
 *
 * @param deploymentId the deployment: the CodeDeploy deployment id, the input's deploymentId or the execution name
 * @param service      the service deployed
 * @param standalone   true when no CodeDeploy hook started the execution (it runs its own pre/post checks)
 * @param specVersion  the spec version the ledger records (an SSM parameter version, or a hash of the inline spec)
 * @param spec         where every task reads the spec: a pinned parameter, or the inline document
 * @param stages       the stages in order
 * @param lockToken    who holds the service's lock since when, {@code <deploymentId>@<acquiredAt>}; for people:
 *                     the lock is keyed by service and deployment id
 * @param codeDeploy   the hook the workflow answers for, when CodeDeploy started it
 */
public record DeploymentPlan(String deploymentId, String service, boolean standalone, String specVersion,
        SpecReference spec, List<PlannedStage> stages, String lockToken, Optional<CodeDeployHook> codeDeploy) {

    public DeploymentPlan {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(spec, "spec");
        stages = List.copyOf(stages);
        Objects.requireNonNull(lockToken, "lockToken");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a deployment plan has at least one stage");
        }
        if (standalone == codeDeploy.isPresent()) {
            throw new IllegalArgumentException("a plan is standalone exactly when no CodeDeploy hook started it");
        }
    }

    /** Total bake time of the stages from {@code index} on. */
    public Duration bakeFrom(int index) {
        return stages.stream().filter(s -> s.index() >= index).map(PlannedStage::bake)
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The last stage: where a promotion ends (100%). */
    public PlannedStage lastStage() {
        return stages.get(stages.size() - 1);
    }

    public Map<String, Object> toMap() {
        return Payload.toMap(toJson());
    }

    ObjectNode toJson() {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("deploymentId", deploymentId);
        node.put("service", service);
        node.put("standalone", standalone);
        node.put("specVersion", specVersion);
        if (spec instanceof SpecReference.Parameter p) {
            node.put("specParameter", p.name());
        } else if (spec instanceof SpecReference.Inline i) {
            node.set("spec", i.document());
        }
        ArrayNode list = node.putArray("stages");
        stages.forEach(s -> list.add(s.toJson()));
        node.put("lockToken", lockToken);
        codeDeploy.ifPresent(cd -> node.set("codeDeploy", cd.toJson()));
        return node;
    }

    /**
     * Reads a plan as a task receives it at {@code deployment}.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static DeploymentPlan fromMap(Map<String, ?> deployment) {
        Payload payload = new Payload("deployment plan");
        Optional<DeploymentPlan> plan = read(payload, Payload.tree(deployment), "deployment");
        payload.throwIfAny();
        return plan.orElseThrow();
    }

    static Optional<DeploymentPlan> read(Payload payload, JsonNode node, String path) {
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
                Optional<PlannedStage> stage = PlannedStage.read(payload, list.get(i), at);
                stage.filter(s -> s.index() != stages.size()).ifPresent(s -> payload.problem(Payload.path(at, "index"),
                        "stages are listed in order from 0; expected " + stages.size() + ", found " + s.index()));
                stage.ifPresent(stages::add);
            }
        }
        Optional<String> lockToken = payload.text(node, path, "lockToken", true, "the lock token");
        Optional<CodeDeployHook> codeDeploy = CodeDeployHook.read(payload, node, path);
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
}
