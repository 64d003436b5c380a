package dev.cutover.handlers.wire;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.ExecutionInfo;
import dev.cutover.core.workflow.SpecReference;
import dev.cutover.core.workflow.WorkflowInput;

/**
 * Reads a workflow execution's input (docs/workflow.md), the execution's Context object and the CodeDeploy hook an
 * execution answers for, naming every field at fault:
 *
 * <pre>{@code
 * {"service": "orders", "specParameter": "/cutover/orders/spec", "deploymentId": "optional",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"}}
 * }</pre>
 */
public final class InputJson {

    /** The fields an execution input may have. */
    public static final Set<String> FIELDS =
            new LinkedHashSet<>(List.of("service", "specParameter", "spec", "deploymentId", "codeDeploy"));

    static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final int MAX_DEPLOYMENT_ID = 128;

    private InputJson() {
    }

    /**
     * Reads an execution input as the Lambda runtime hands it over.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static WorkflowInput inputFromMap(Map<String, ?> input) {
        Payload payload = new Payload("workflow execution input");
        WorkflowInput read = readInput(payload, Payload.tree(input), "");
        payload.throwIfAny();
        return read;
    }

    /** Reads the input at {@code path} of a larger payload; null when there were problems (in {@code payload}). */
    static WorkflowInput readInput(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "the workflow execution input: {service, specParameter or spec, "
                + "deploymentId?, codeDeploy?}")) {
            return null;
        }
        int mark = payload.mark();
        payload.onlyKnown(node, path, FIELDS);
        Optional<String> service = payload.text(node, path, "service", true,
                "the service name, e.g. \"orders\"");
        service.filter(s -> !SERVICE.matcher(s).matches()).ifPresent(s -> payload.problem(
                Payload.path(path, "service"), Payload.quote(s) + " is not a service name: 1 to 63 lower-case "
                        + "letters, digits and dashes, starting with a letter"));
        Optional<String> deploymentId = payload.text(node, path, "deploymentId", false,
                "an id for this deployment (or leave it out to use the execution name)");
        deploymentId.filter(id -> id.length() > MAX_DEPLOYMENT_ID).ifPresent(id -> payload.problem(
                Payload.path(path, "deploymentId"), "is " + id.length() + " characters; at most "
                        + MAX_DEPLOYMENT_ID));
        SpecReference spec = specReference(payload, node, path);
        Optional<CodeDeployHook> codeDeploy = readCodeDeploy(payload, node, path);
        if (!payload.cleanSince(mark)) {
            return null;
        }
        return new WorkflowInput(service.get(), deploymentId, spec, codeDeploy);
    }

    private static SpecReference specReference(Payload payload, JsonNode node, String path) {
        boolean inline = node.has("spec") && !node.get("spec").isNull();
        boolean parameter = node.has("specParameter") && !node.get("specParameter").isNull();
        if (inline && parameter) {
            payload.problem(Payload.path(path, "specParameter"), "give either specParameter (the SSM parameter "
                    + "holding the spec) or spec (the document inline), not both");
            return null;
        }
        if (!inline && !parameter) {
            payload.problem(Payload.path(path, "specParameter"), "missing: give specParameter (the SSM parameter "
                    + "holding the spec, e.g. /cutover/orders/spec) or spec (the document inline)");
            return null;
        }
        if (parameter) {
            Optional<String> name = payload.text(node, path, "specParameter", true,
                    "the SSM parameter holding the spec, e.g. /cutover/orders/spec");
            name.filter(n -> n.chars().anyMatch(Character::isWhitespace)).ifPresent(n -> payload.problem(
                    Payload.path(path, "specParameter"), "must not contain whitespace, found " + Payload.quote(n)));
            return name.<SpecReference>map(SpecReference.Parameter::new).orElse(null);
        }
        Optional<JsonNode> document = payload.object(node, path, "spec", true, "the Cutover spec document");
        return document.<SpecReference>map(SpecReference.Inline::new).orElse(null);
    }

    /** Reads {@code parent.execution}, the Context object ValidateAndLock is passed, when present. */
    static Optional<ExecutionInfo> readExecution(Payload payload, JsonNode parent, String parentPath) {
        String path = Payload.path(parentPath, "execution");
        Optional<JsonNode> node = payload.object(parent, parentPath, "execution", false,
                "{id, name, startTime} from the Context object");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<String> id = payload.text(node.get(), path, "id", true, "the execution ARN ($$.Execution.Id)");
        Optional<String> name = payload.text(node.get(), path, "name", true,
                "the execution name ($$.Execution.Name)");
        Optional<Instant> start = payload.instant(node.get(), path, "startTime", false);
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionInfo(id.get(), name.get(), start));
    }

    /** Reads {@code parent.codeDeploy} when present; problems go to {@code payload}. */
    static Optional<CodeDeployHook> readCodeDeploy(Payload payload, JsonNode parent, String parentPath) {
        String path = Payload.path(parentPath, "codeDeploy");
        Optional<JsonNode> node = payload.object(parent, parentPath, "codeDeploy", false,
                "{deploymentId, lifecycleEventHookExecutionId, hook}");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<String> id = payload.text(node.get(), path, "deploymentId", true,
                "the CodeDeploy deployment id, like d-ABCDEF123");
        id.filter(v -> !CodeDeployHook.DEPLOYMENT_ID.matcher(v).matches()).ifPresent(v -> payload.problem(
                Payload.path(path, "deploymentId"), "must look like d-ABCDEF123 (\"d-\" and 9 upper-case letters or"
                        + " digits, as CodeDeploy issues them), found " + Payload.quote(v)));
        Optional<String> execution = payload.text(node.get(), path, "lifecycleEventHookExecutionId", true,
                "the LifecycleEventHookExecutionId CodeDeploy passed to the hook");
        Optional<String> hookName = payload.text(node.get(), path, "hook", true,
                "the lifecycle event that started the execution, e.g. BeforeAllowTraffic");
        Optional<LifecycleHook> hook = hookName.flatMap(LifecycleHook::fromCodeDeployName);
        if (hookName.isPresent() && hook.isEmpty()) {
            payload.problem(Payload.path(path, "hook"), Payload.quote(hookName.get())
                    + " is not a CodeDeploy ECS lifecycle hook; expected one of " + Arrays.stream(LifecycleHook.values())
                            .map(LifecycleHook::codeDeployName).collect(Collectors.joining(", ")));
        }
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new CodeDeployHook(id.get(), execution.get(), hook.get()));
    }
}
