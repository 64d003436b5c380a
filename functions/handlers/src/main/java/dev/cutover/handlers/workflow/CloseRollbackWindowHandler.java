package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The CloseRollbackWindow state's function: after the RollbackWindow Wait: records the promoted deployment's rollback window closed
 * ({@link dev.cutover.core.workflow.task.CloseRollbackWindow}).
 */
public final class CloseRollbackWindowHandler extends WorkflowTaskHandler {

    public CloseRollbackWindowHandler() {
        super("CloseRollbackWindow");
    }

    public CloseRollbackWindowHandler(WorkflowDependencies dependencies) {
        super("CloseRollbackWindow", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().closeRollbackWindow(payload);
    }
}
