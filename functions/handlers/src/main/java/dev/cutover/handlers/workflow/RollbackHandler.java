package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code Rollback} task. Puts traffic back on 100% blue, reports the CodeDeploy hook Failed or
 * stops the deployment, records ROLLED_BACK, releases the lock, notifies. Payload: the whole state with {@code
 * error}; result {@code {"reason", "weights", ...}} for {@code $.rollback}. Throws {@link
 * dev.cutover.core.error.TrafficShiftException} when blue could not be reached.
 */
public final class RollbackHandler extends WorkflowTaskHandler {

    public RollbackHandler() {
        super("Rollback");
    }

    public RollbackHandler(WorkflowDependencies dependencies) {
        super("Rollback", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().rollBack(payload, budget);
    }
}
