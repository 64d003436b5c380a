package dev.cutover.handlers;

import java.time.Duration;
import java.util.Map;

import dev.cutover.handlers.wire.QueryJson;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.handlers.workflow.WorkflowRuntime;
import dev.cutover.handlers.workflow.WorkflowTaskHandler;

/**
 * Read-only answers from the ledger for {@code cutover status} and {@code cutover history}: a deployment by id, a
 * service's current or last deployment, a service's history newest first. The request and answer are
 * {@link QueryJson}'s; a malformed request is a function error
 * ({@link dev.cutover.core.error.InvalidWorkflowInputException}) naming the field.
 */
public final class QueryHandler extends WorkflowTaskHandler {

    public QueryHandler() {
        super("Query");
    }

    public QueryHandler(WorkflowDependencies dependencies) {
        super("Query", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> request, Duration budget) {
        return QueryJson.handle(runtime.query(), request);
    }
}
