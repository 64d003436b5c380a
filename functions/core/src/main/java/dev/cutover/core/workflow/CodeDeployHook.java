package dev.cutover.core.workflow;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.hook.LifecycleHook;

/**
 * The CodeDeploy lifecycle hook that started an execution, which the workflow answers for when it ends:
 * {@code {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"}}.
 *
 * @param deploymentId                  the CodeDeploy deployment, {@code d-} and nine upper-case letters or digits
 * @param lifecycleEventHookExecutionId the hook execution to report
 * @param hook                          the lifecycle event that started the execution
 */
public record CodeDeployHook(String deploymentId, String lifecycleEventHookExecutionId, LifecycleHook hook) {

    /** CodeDeploy deployment ids. */
    public static final Pattern DEPLOYMENT_ID = Pattern.compile("d-[A-Z0-9]{9}");

    public CodeDeployHook {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(lifecycleEventHookExecutionId, "lifecycleEventHookExecutionId");
        Objects.requireNonNull(hook, "hook");
    }

    /** The ids a status report carries. */
    public HookExecution execution() {
        return new HookExecution(deploymentId, lifecycleEventHookExecutionId);
    }

    /**
     * Whether CodeDeploy had already let production traffic through when this hook ran (a hook after
     * BeforeAllowTraffic): a rollback must then stop the deployment, as there is no open hook to fail.
     */
    public boolean trafficAllowed() {
        return hook.compareTo(LifecycleHook.BEFORE_ALLOW_TRAFFIC) > 0;
    }

    ObjectNode toJson() {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("deploymentId", deploymentId);
        node.put("lifecycleEventHookExecutionId", lifecycleEventHookExecutionId);
        node.put("hook", hook.codeDeployName());
        return node;
    }

    /** Reads {@code parent.codeDeploy} when present; problems go to {@code payload}. */
    static Optional<CodeDeployHook> read(Payload payload, JsonNode parent, String parentPath) {
        String path = Payload.path(parentPath, "codeDeploy");
        Optional<JsonNode> node = payload.object(parent, parentPath, "codeDeploy", false,
                "{deploymentId, lifecycleEventHookExecutionId, hook}");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<String> id = payload.text(node.get(), path, "deploymentId", true,
                "the CodeDeploy deployment id, like d-ABCDEF123");
        id.filter(v -> !DEPLOYMENT_ID.matcher(v).matches()).ifPresent(v -> payload.problem(
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
