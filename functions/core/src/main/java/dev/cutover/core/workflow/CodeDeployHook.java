package dev.cutover.core.workflow;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.field.UnsafeText;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.model.HookExecution;

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

    /** The hook as the execution input and the plan carry it. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("deploymentId", deploymentId);
        node.put("lifecycleEventHookExecutionId", lifecycleEventHookExecutionId);
        node.put("hook", hook.codeDeployName());
        return node;
    }

    /**
     * The hook {@link #toJson()} wrote, read back leniently: empty unless every field is there and valid (for the
     * alarm path, which reads it from an execution's input and has nobody to report a problem to).
     */
    public static Optional<CodeDeployHook> fromJson(JsonNode node) {
        Optional<String> id =
                text(node, "deploymentId").filter(v -> DEPLOYMENT_ID.matcher(v).matches());
        Optional<String> execution = text(node, "lifecycleEventHookExecutionId");
        Optional<LifecycleHook> hook = text(node, "hook").flatMap(LifecycleHook::fromCodeDeployName);
        if (id.isEmpty() || execution.isEmpty() || hook.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CodeDeployHook(id.get(), execution.get(), hook.get()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue();
        boolean clean = !text.isBlank()
                && text.strip().equals(text)
                && UnsafeText.problem(text).isEmpty();
        return clean ? Optional.of(text) : Optional.empty();
    }
}
