package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code ValidateAndLock} task. Validates the input and the spec, plans the stages, takes the
 * service's lock and opens the ledger entry. Payload: {@code {"input", "execution": {"id", "name", "startTime"}}};
 * result: the plan for {@code $.deployment}. Throws {@link dev.cutover.core.error.SpecException}, {@link
 * dev.cutover.core.error.InvalidWorkflowInputException} or {@link dev.cutover.core.error.DeploymentInProgressException}.
 */
public final class ValidateAndLockHandler extends WorkflowTaskHandler {

    public ValidateAndLockHandler() {
        super("ValidateAndLock");
    }

    public ValidateAndLockHandler(WorkflowDependencies dependencies) {
        super("ValidateAndLock", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().validateAndLock(payload);
    }
}
