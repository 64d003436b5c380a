package dev.cutover.handlers;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.aws.InvocationDeadline;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.hook.HookReport;
import dev.cutover.core.hook.HookVerdict;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.HookStatusReporter.Outcome;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.handlers.wiring.DeploymentGuard;

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
 * <p>Fail closed: a hook whose dependencies cannot be built still reports Failed through a minimal reporter
 * (CodeDeploy's client alone); a deployment of another CodeDeploy application or deployment group than the
 * stack's is reported Failed without running any check ({@link DeploymentGuard}); every Failed hook is
 * announced ({@link HookAlerts}), so someone is paged while CodeDeploy rolls back.
 *
 * <p>Time budget: the Lambda context's remaining time. The checks get that less a safety margin of
 * {@code max(10 s, 10%)}, capped at half the budget (see {@link dev.cutover.core.hook.HookEvaluator#safetyMargin}),
 * which leaves room for the status report after a check that has to be abandoned.
 */
public abstract class CodeDeployHookHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(CodeDeployHookHandler.class);

    private final LifecycleHook hook;
    private final Supplier<HookRuntime> runtime;
    private final Supplier<HookRuntime.Minimal> minimal;

    /** Production: dependencies from the environment, built on first use and shared by the container. */
    protected CodeDeployHookHandler(LifecycleHook hook) {
        this(hook, HookRuntime::forContainer, HookRuntime::minimalFromEnvironment);
    }

    /** Tests and local runs: the given dependencies. */
    protected CodeDeployHookHandler(LifecycleHook hook, HookDependencies dependencies) {
        this(hook, new HookRuntime(dependencies));
    }

    private CodeDeployHookHandler(LifecycleHook hook, HookRuntime built) {
        this(hook, () -> built, built::minimal);
    }

    /**
     * @param runtime the hook's dependencies, built when first needed; may throw
     * @param minimal what reports Failed (and alerts) when {@code runtime} throws: CodeDeploy's client alone
     */
    CodeDeployHookHandler(LifecycleHook hook, Supplier<HookRuntime> runtime, Supplier<HookRuntime.Minimal> minimal) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.minimal = Objects.requireNonNull(minimal, "minimal");
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The hook this handler answers. */
    public final LifecycleHook hook() {
        return hook;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        InvocationLogging.start(context);
        InvocationLogging.put(InvocationLogging.HOOK, hook.codeDeployName());
        // the status report bounds itself by what is left of this invocation (CodeDeployHookStatusReporter)
        InvocationDeadline.set(Instant.now().plus(InvocationLogging.budget(context)));
        try {
            return handle(event, context);
        } finally {
            InvocationDeadline.clear();
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
            return reject(ids, e.getMessage());
        }
        putIds(execution);
        LOG.info("{} started for {}", hook, execution.deploymentId());
        HookRuntime rt;
        try {
            rt = runtime.get();
        } catch (RuntimeException e) {
            return failWithoutDependencies(execution, e);
        }
        Optional<String> refusal = rt.guard().refusal(execution.deploymentId());
        if (refusal.isPresent()) {
            LOG.error("{}", refusal.get());
            return respond(alerted(rt.alerts(), rt.runner().reject(hook, execution, refusal.get()), false));
        }
        return respond(alerted(rt.alerts(), rt.runner().handle(hook, execution, InvocationLogging.budget(context))));
    }

    private Map<String, Object> reject(HookExecution ids, String reason) {
        HookRuntime rt;
        try {
            rt = runtime.get();
        } catch (RuntimeException e) {
            return failWithoutDependencies(ids, e);
        }
        return respond(alerted(rt.alerts(), rt.runner().reject(hook, ids, reason), false));
    }

    /**
     * The dependencies could not be built (a missing variable that could not be worked around, a client that
     * failed to start): CodeDeploy must still hear Failed, or it waits out its hour. The minimal reporter needs
     * only the CodeDeploy client; if even that cannot be made, the handler throws, and the asynchronous
     * invocation lands in the function's on-failure destination (whose queue has an alarm).
     */
    private Map<String, Object> failWithoutDependencies(HookExecution execution, RuntimeException cause) {
        String reason =
                hook.codeDeployName() + " could not run: its dependencies could not be built: " + describe(cause);
        LOG.error("{}", reason, cause);
        HookRuntime.Minimal fallback;
        try {
            fallback = minimal.get();
        } catch (RuntimeException e) {
            LOG.error(
                    "{} cannot report Failed either: not even the CodeDeploy client could be built: {}",
                    hook,
                    e.getMessage(),
                    e);
            cause.addSuppressed(e);
            throw cause;
        }
        HookVerdict verdict =
                HookVerdict.failed(hook, List.of(CheckResult.fail("dependencies", reason, Duration.ZERO)), reason);
        HookReport.Delivery delivery;
        Optional<DependencyException> error = Optional.empty();
        try {
            delivery = fallback.reporter().report(execution, HookStatus.FAILED) == Outcome.ALREADY_COMPLETED
                    ? HookReport.Delivery.ALREADY_COMPLETED
                    : HookReport.Delivery.REPORTED;
        } catch (RuntimeException e) {
            delivery = HookReport.Delivery.REPORT_FAILED;
            error = Optional.of(
                    e instanceof DependencyException d
                            ? d
                            : new DependencyException(
                                    "CodeDeploy PutLifecycleEventHookExecutionStatus for " + execution.deploymentId()
                                            + " failed with " + describe(e),
                                    e));
        }
        return respond(
                alerted(fallback.alerts(), new HookReport(hook, execution, verdict, delivery, error, Duration.ZERO)));
    }

    /** A failed hook pages someone (the report itself is left as it is: alerts never throw). */
    private static HookReport alerted(HookAlerts alerts, HookReport report) {
        return alerted(alerts, report, true);
    }

    /** @param checked whether the hook got as far as its checks (else the spec is not read for the alert) */
    private static HookReport alerted(HookAlerts alerts, HookReport report, boolean checked) {
        if (!report.verdict().succeeded() && report.delivery() != HookReport.Delivery.HANDED_OFF) {
            alerts.hookFailed(
                    report.hook(), report.execution(), report.verdict().reason(), checked);
        }
        return report;
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
