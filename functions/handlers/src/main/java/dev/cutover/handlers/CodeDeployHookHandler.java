package dev.cutover.handlers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.hook.HookReport;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.model.HookExecution;

/**
 * A CodeDeploy ECS blue/green lifecycle hook: parse the event, judge the hook, report the status to CodeDeploy
 * exactly once (see {@link dev.cutover.core.hook.HookRunner}).
 *
 * <p>When the event has no usable pair of ids, nobody can be told: the handler logs why and throws, so the
 * asynchronous invocation lands in the function's on-failure destination. When the status report itself fails,
 * the handler throws too, for the same reason (and so Lambda's asynchronous retry gets a chance; a retry that
 * finds the status already reported is a harmless duplicate). Otherwise it returns a small summary, handy with
 * {@code sam local invoke}: {@code {"status", "deploymentId", "hook", "reason", "delivery"}}; a BeforeAllowTraffic
 * hook handed off to the staged-shift workflow reports nothing and says so ({@code "delivery": "HANDED_OFF",
 * "handedOffTo": <execution ARN>}).
 *
 * <p>Time budget: the Lambda context's remaining time. The checks get that less a safety margin of
 * {@code max(10 s, 10%)}, capped at half the budget (see {@link dev.cutover.core.hook.HookEvaluator#safetyMargin}),
 * which leaves room for the status report after a check that has to be abandoned.
 */
public abstract class CodeDeployHookHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(CodeDeployHookHandler.class);

    private final LifecycleHook hook;
    private final Supplier<HookRuntime> runtime;

    /** Production: dependencies from the environment, built on first use and shared by the container. */
    protected CodeDeployHookHandler(LifecycleHook hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.runtime = HookRuntime::forContainer;
    }

    /** Tests and local runs: the given dependencies. */
    protected CodeDeployHookHandler(LifecycleHook hook, HookDependencies dependencies) {
        this.hook = Objects.requireNonNull(hook, "hook");
        HookRuntime built = new HookRuntime(dependencies);
        this.runtime = () -> built;
    }

    /** The hook this handler answers. */
    public final LifecycleHook hook() {
        return hook;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        InvocationLogging.start(context);
        InvocationLogging.put(InvocationLogging.HOOK, hook.codeDeployName());
        try {
            return handle(event, context);
        } finally {
            InvocationLogging.end();
        }
    }

    private Map<String, Object> handle(Map<String, Object> event, Context context) {
        HookExecution execution;
        try {
            execution = HookEventParser.parse(event);
        } catch (InvalidHookEventException e) {
            if (e.reportable().isEmpty()) {
                LOG.error("{} cannot be reported to CodeDeploy: {}", hook, e.getMessage());
                throw e;
            }
            HookExecution ids = e.reportable().get();
            putIds(ids);
            LOG.error("{}", e.getMessage());
            return respond(runtime().runner().reject(hook, ids, e.getMessage()));
        }
        putIds(execution);
        LOG.info("{} started for {}", hook, execution.deploymentId());
        return respond(runtime().runner().handle(hook, execution, InvocationLogging.budget(context)));
    }

    private HookRuntime runtime() {
        try {
            return runtime.get();
        } catch (RuntimeException e) {
            LOG.error(
                    "{} cannot run: its dependencies could not be built, so CodeDeploy will not hear from this "
                            + "invocation: {}",
                    hook,
                    e.getMessage(),
                    e);
            throw e;
        }
    }

    private static void putIds(HookExecution execution) {
        InvocationLogging.put(InvocationLogging.DEPLOYMENT_ID, execution.deploymentId());
        InvocationLogging.put(InvocationLogging.EXECUTION_ID, execution.lifecycleEventHookExecutionId());
    }

    private static Map<String, Object> respond(HookReport report) {
        if (report.reportFailed()) {
            throw report.reportError().orElseThrow();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", report.status().wireValue());
        response.put("deploymentId", report.execution().deploymentId());
        response.put("hook", report.hook().codeDeployName());
        response.put("reason", report.verdict().reason());
        response.put("delivery", report.delivery().name());
        report.verdict().handedOffTo().ifPresent(to -> response.put("handedOffTo", to));
        return response;
    }
}
