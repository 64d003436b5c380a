package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code Finalize} task. Ends a healthy deployment: reports the CodeDeploy hook Succeeded, records
 * PROMOTED, releases the lock, notifies. Payload: the whole state; result for {@code $.result}.
 */
public final class FinalizeHandler extends WorkflowTaskHandler {

    public FinalizeHandler() {
        super("Finalize");
    }

    public FinalizeHandler(WorkflowDependencies dependencies) {
        super("Finalize", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().finalizeDeployment(payload);
    }
}
