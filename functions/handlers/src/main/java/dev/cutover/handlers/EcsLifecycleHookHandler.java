package dev.cutover.handlers;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.field.UnsafeText;
import dev.cutover.core.hook.HookVerdict;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.model.CheckResult;

/**
 * An ECS native blue/green deployment lifecycle hook (the 2025 contract): runs the same checks as the CodeDeploy
 * hooks, mapped by stage ({@link EcsLifecycleStage}), and answers with the status instead of reporting it:
 * {@code {"hookStatus": "SUCCEEDED" | "FAILED" | "IN_PROGRESS", "callBackDelay": n, "hookDetails": {...}}}.
 *
 * <p>IN_PROGRESS (ECS invokes the hook again after {@value #CALLBACK_DELAY_SECONDS} s) is answered only when the
 * one thing wrong is that green does not yet have enough healthy targets and part of
 * {@code routing.healthyTargetsWait} is left. The wait counts from the first attempt, which the handler keeps in
 * {@code hookDetails.cutover} (ECS hands an IN_PROGRESS answer's hookDetails back on the next invocation), so the
 * hook cannot stay in progress for ever. Every answer's {@code hookDetails.cutover} carries the check results.
 * Anything unexpected, including a malformed event or a lifecycle stage Cutover does not know, is FAILED: ECS
 * then rolls back.
 */
public final class EcsLifecycleHookHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final int CALLBACK_DELAY_SECONDS = 30;
    private static final int DETAIL_LIMIT = 500;

    private static final Logger LOG = LoggerFactory.getLogger(EcsLifecycleHookHandler.class);

    private final Supplier<HookRuntime> runtime;

    /** Production: dependencies from the environment, built on first use and shared by the container. */
    public EcsLifecycleHookHandler() {
        this.runtime = HookRuntime::forContainer;
    }

    /** Tests and local runs: the given dependencies. */
    public EcsLifecycleHookHandler(HookDependencies dependencies) {
        HookRuntime built = new HookRuntime(dependencies);
        this.runtime = () -> built;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        InvocationLogging.start(context);
        try {
            return handle(event, context);
        } catch (InvalidHookEventException e) {
            LOG.error("{}", e.getMessage());
            return answer("FAILED", null, state(null, null, null, 0, e.getMessage(), List.of()));
        } catch (RuntimeException e) {
            LOG.error("lifecycle hook failed unexpectedly", e);
            return answer(
                    "FAILED", null, state(null, null, null, 0, "lifecycle hook failed unexpectedly: " + e, List.of()));
        } finally {
            InvocationLogging.end();
        }
    }

    private Map<String, Object> handle(Map<String, Object> event, Context context) {
        EcsHookEvent ecs = EcsHookEvent.parse(event);
        InvocationLogging.put(InvocationLogging.DEPLOYMENT_ID, ecs.deploymentId());
        InvocationLogging.put(InvocationLogging.ECS_EXECUTION_ID, ecs.executionId());
        InvocationLogging.put(InvocationLogging.LIFECYCLE_STAGE, ecs.lifecycleStage());

        Optional<EcsLifecycleStage> stage = EcsLifecycleStage.of(ecs.lifecycleStage());
        Optional<LifecycleHook> hook = stage.flatMap(EcsLifecycleStage::checks);
        InvocationLogging.put(
                InvocationLogging.HOOK, hook.map(LifecycleHook::codeDeployName).orElse(ecs.lifecycleStage()));
        if (stage.isEmpty()) {
            // fail closed: a stage ECS added after this code was written may be one where checks belong
            String reason = "lifecycle stage " + UnsafeText.escape(ecs.lifecycleStage())
                    + " is one Cutover does not know (it knows "
                    + Arrays.toString(EcsLifecycleStage.values())
                    + "); answering FAILED rather than passing a stage it cannot check";
            LOG.error("{}", reason);
            return answer("FAILED", null, state(ecs.lifecycleStage(), null, null, 0, reason, List.of()));
        }
        if (hook.isEmpty()) {
            String reason = "nothing to check at lifecycle stage " + ecs.lifecycleStage();
            LOG.info("{}", reason);
            return answer("SUCCEEDED", null, state(ecs.lifecycleStage(), null, null, 0, reason, List.of()));
        }
        if (stage.get() == EcsLifecycleStage.PRODUCTION_TRAFFIC_SHIFT && ecs.isRollback()) {
            String reason = "rollback to the previous revision in progress: nothing to check";
            LOG.info("{}", reason);
            return answer("SUCCEEDED", null, state(ecs.lifecycleStage(), hook.get(), null, 0, reason, List.of()));
        }

        HookRuntime rt = runtime.get();
        Instant now = rt.clock().instant();
        Optional<EcsHookEvent.PriorAttempts> prior = ecs.state()
                .filter(p -> p.stage().equals(ecs.lifecycleStage())
                        && !p.firstAttemptAt().isAfter(now));
        Instant firstAttemptAt =
                prior.map(EcsHookEvent.PriorAttempts::firstAttemptAt).orElse(now);
        int attempt = prior.map(p -> p.attempts() + 1).orElse(1);
        LOG.info("{} checks started at {} (attempt {})", hook.get(), ecs.lifecycleStage(), attempt);

        // green is the target group of the revision being deployed: ECS alternates the two groups like CodeDeploy
        HookVerdict verdict = rt.evaluator()
                .evaluateEcs(
                        hook.get(), ecs.targetServiceRevisionArn(), firstAttemptAt, InvocationLogging.budget(context));
        String status = verdict.succeeded() ? "SUCCEEDED" : verdict.failedOnlyOnNotYetMet() ? "IN_PROGRESS" : "FAILED";
        if (verdict.succeeded()) {
            LOG.info("{} SUCCEEDED: {}", ecs.lifecycleStage(), verdict.reason());
        } else if (status.equals("IN_PROGRESS")) {
            LOG.info(
                    "{} IN_PROGRESS, asking again in {} s: {}",
                    ecs.lifecycleStage(),
                    CALLBACK_DELAY_SECONDS,
                    verdict.reason());
        } else {
            LOG.error("{} FAILED: {}", ecs.lifecycleStage(), verdict.reason());
        }
        return answer(
                status,
                status.equals("IN_PROGRESS") ? CALLBACK_DELAY_SECONDS : null,
                state(ecs.lifecycleStage(), hook.get(), firstAttemptAt, attempt, verdict.reason(), verdict.results()));
    }

    private static Map<String, Object> answer(String status, Integer callBackDelay, Map<String, Object> state) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hookStatus", status);
        if (callBackDelay != null) {
            answer.put("callBackDelay", callBackDelay);
        }
        answer.put("hookDetails", Map.of(EcsHookEvent.STATE_KEY, state));
        return answer;
    }

    private static Map<String, Object> state(
            String stage,
            LifecycleHook hook,
            Instant firstAttemptAt,
            int attempt,
            String reason,
            List<CheckResult> results) {
        Map<String, Object> state = new LinkedHashMap<>();
        if (stage != null) {
            state.put("stage", stage);
        }
        if (hook != null) {
            state.put("hook", hook.codeDeployName());
        }
        if (firstAttemptAt != null) {
            state.put("firstAttemptAt", firstAttemptAt.toString());
            state.put("attempt", attempt);
        }
        state.put("reason", limit(reason));
        state.put(
                "checks",
                results.stream().map(EcsLifecycleHookHandler::describe).toList());
        return state;
    }

    private static Map<String, Object> describe(CheckResult result) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", result.name());
        check.put("passed", result.passed());
        check.put("detail", limit(result.detail()));
        check.put("durationMs", result.duration().toMillis());
        return check;
    }

    /** hookDetails travel back to ECS; keep them small. */
    private static String limit(String text) {
        return text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT) + "...";
    }
}
