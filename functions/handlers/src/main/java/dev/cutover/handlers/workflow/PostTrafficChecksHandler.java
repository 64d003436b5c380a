package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code PostTrafficChecks} task. A standalone execution's checks at 100% green: smoke tests
 * against the production listener, alarms quiet. Payload: {@code {"deployment"}}. Throws {@link
 * dev.cutover.core.error.ChecksFailedException}.
 */
public final class PostTrafficChecksHandler extends WorkflowTaskHandler {

    public PostTrafficChecksHandler() {
        super("PostTrafficChecks");
    }

    public PostTrafficChecksHandler(WorkflowDependencies dependencies) {
        super("PostTrafficChecks", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().postTrafficChecks(payload, budget);
    }
}
