package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The AwaitApproval state's function: records the approval gate (with its task token) in the ledger and tells
 * people how to answer ({@link dev.cutover.core.workflow.task.RequestApproval}).
 */
public final class RequestApprovalHandler extends WorkflowTaskHandler {

    public RequestApprovalHandler() {
        super("RequestApproval");
    }

    public RequestApprovalHandler(WorkflowDependencies dependencies) {
        super("RequestApproval", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().requestApproval(payload);
    }
}
