package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code PreTrafficChecks} task. A standalone execution's checks before traffic moves: smoke tests
 * against the test listener, alarms quiet. Payload: {@code {"deployment"}}. Throws {@link
 * dev.cutover.core.error.ChecksFailedException}.
 */
public final class PreTrafficChecksHandler extends WorkflowTaskHandler {

    public PreTrafficChecksHandler() {
        super("PreTrafficChecks");
    }

    public PreTrafficChecksHandler(WorkflowDependencies dependencies) {
        super("PreTrafficChecks", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().preTrafficChecks(payload, budget);
    }
}
