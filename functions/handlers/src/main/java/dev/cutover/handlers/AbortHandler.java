package dev.cutover.handlers;

import java.time.Duration;
import java.util.Map;

import dev.cutover.handlers.wire.AbortJson;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.handlers.workflow.WorkflowRuntime;
import dev.cutover.handlers.workflow.WorkflowTaskHandler;

/**
 * {@code cutover abort}: the workflow's own rollback (100% blue, CodeDeploy told, ledger ABORTED, lock released,
 * notified), then the execution stopped ({@link dev.cutover.core.workflow.DeploymentAbort}). Request and answer are
 * {@link AbortJson}'s; an unknown deployment is a function error
 * ({@link dev.cutover.core.error.DeploymentNotFoundException}).
 */
public final class AbortHandler extends WorkflowTaskHandler {

    public AbortHandler() {
        super("Abort");
    }

    public AbortHandler(WorkflowDependencies dependencies) {
        super("Abort", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> request, Duration budget) {
        return AbortJson.handle(runtime.abort(), request, budget);
    }
}
