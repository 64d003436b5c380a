package dev.cutover.core.port.model;

import java.util.Objects;

/**
 * The two ids CodeDeploy passes to a lifecycle hook, and which the status report must carry back.
 *
 * @param deploymentId                   e.g. {@code d-ABCDEF123}
 * @param lifecycleEventHookExecutionId  opaque id of this hook execution
 */
public record HookExecution(String deploymentId, String lifecycleEventHookExecutionId) {

    public HookExecution {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(lifecycleEventHookExecutionId, "lifecycleEventHookExecutionId");
    }
}
