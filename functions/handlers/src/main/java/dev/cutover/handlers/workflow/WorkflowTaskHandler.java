package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.hook.HookEvaluator;
import dev.cutover.handlers.InvocationLogging;

/**
 * A Task state's Lambda: the state's payload in, the domain's answer out, as docs/workflow.md fixes them. An
 * exception is logged and thrown on unchanged, so Step Functions sees its fully qualified class name as the error
 * (which the state machine's {@code Retry} and {@code Catch} match) and its message as the cause.
 */
public abstract class WorkflowTaskHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowTaskHandler.class);

    private final String task;
    private final Supplier<WorkflowRuntime> runtime;

    /** Production: dependencies from the environment, built on first use and shared by the container. */
    protected WorkflowTaskHandler(String task) {
        this.task = Objects.requireNonNull(task, "task");
        this.runtime = WorkflowRuntime::forContainer;
    }

    /** Tests and local runs: the given dependencies. */
    protected WorkflowTaskHandler(String task, WorkflowDependencies dependencies) {
        this.task = Objects.requireNonNull(task, "task");
        WorkflowRuntime built = new WorkflowRuntime(dependencies);
        this.runtime = () -> built;
    }

    /** The Task state this handler serves, e.g. {@code ShiftTraffic}. */
    public final String task() {
        return task;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        InvocationLogging.start(context);
        InvocationLogging.put(InvocationLogging.TASK, task);
        InvocationLogging.put(InvocationLogging.DEPLOYMENT_ID, deploymentId(payload));
        try {
            Map<String, Object> result = handle(runtime.get(), payload, budget(context));
            LOG.info("{} done: {}", task, loggable(result));
            return result;
        } catch (RuntimeException e) {
            LOG.error("{} failed: {}", task, e.getMessage(), e);
            throw e;
        } finally {
            InvocationLogging.end();
        }
    }

    /** The domain call. */
    protected abstract Map<String, Object> handle(
            WorkflowRuntime runtime, Map<String, Object> payload, Duration budget);

    /**
     * The time the work may take: what is left of the invocation less a margin ({@link HookEvaluator#safetyMargin})
     * for the answer to get back to Step Functions.
     */
    static Duration budget(Context context) {
        Duration left = InvocationLogging.budget(context);
        return left.minus(HookEvaluator.safetyMargin(left));
    }

    /** The result without an inline spec, which would make every plan's log line as long as the spec. */
    private static Map<String, Object> loggable(Map<String, Object> result) {
        if (result == null || !result.containsKey("spec")) {
            return result;
        }
        Map<String, Object> shown = new java.util.LinkedHashMap<>(result);
        shown.put("spec", "(inline spec, " + String.valueOf(result.get("spec")).length() + " characters)");
        return shown;
    }

    /** For the log lines: the plan's deployment id, or the input's. */
    private static String deploymentId(Map<String, Object> payload) {
        if (payload == null) {
            return null;
        }
        for (String holder : new String[] {"deployment", "input"}) {
            if (payload.get(holder) instanceof Map<?, ?> map && map.get("deploymentId") instanceof String id) {
                return id;
            }
        }
        if (payload.get("deploymentId") instanceof String id) {
            return id;
        }
        Object codeDeploy = payload.get("codeDeploy");
        if (payload.get("input") instanceof Map<?, ?> input) {
            codeDeploy = input.get("codeDeploy");
        }
        return codeDeploy instanceof Map<?, ?> cd && cd.get("deploymentId") instanceof String id ? id : null;
    }
}
