package dev.cutover.runtime.adapters;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;

/**
 * CodeDeploy's ECS blue/green lifecycle for the local runtime. {@link #deploy} creates nothing in the cloud: it
 * invokes the appspec's hook handlers in CodeDeploy's order with CodeDeploy's event shape
 * ({@code {"DeploymentId", "LifecycleEventHookExecutionId"}}), runs CodeDeploy's own steps in between through
 * {@link Actions} (Install, AllowTestTraffic, AllowTraffic), and waits for each hook's status to arrive through
 * {@link #report} ({@code PutLifecycleEventHookExecutionStatus}): at once from a hook that reports itself, or later
 * from the staged-shift workflow a BeforeAllowTraffic hook handed off to.
 *
 * <p>As CodeDeploy does, a Failed hook, a hook that reports nothing within the hook window, or
 * {@link #stopDeployment} with auto-rollback ends the deployment and rolls back ({@link Actions#rollBack}: traffic
 * to blue, green stopped). A handler that throws reports nothing: CodeDeploy would wait out the hook window; here
 * the hook fails at once with the error, which says the same thing sooner.
 *
 * <p>As CodeDeploy's ECS blue/green does, the two target groups alternate: each deployment's replacement (GREEN)
 * task set goes behind the group that is not live, and after a successful deployment that group is the original
 * (BLUE) of the next one. {@link #targetGroupRoles} answers as GetDeploymentTarget's task sets would
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ECSTaskSet.html); a rolled back deployment leaves
 * the roles as they were.
 */
public final class LocalCodeDeploy implements HookStatusReporter, DeploymentControl {

    /** What CodeDeploy does itself between the hooks. */
    public interface Actions {
        /** Install: start green's tasks and register them in the green target group. */
        void install();

        /** AllowTestTraffic: the test listener forwards to green. */
        void allowTestTraffic();

        /** AllowTraffic: the production listener forwards everything to green. */
        void allowTraffic();

        /** Rollback: production traffic back to blue, green's tasks stopped after draining. */
        void rollBack(String reason);
    }

    /** One hook as it ran: its status, when, how long, and why. */
    public record HookRecord(
            String name,
            String status,
            long durationMs,
            String reason,
            String delivery,
            Instant startedAt,
            Instant endedAt) {}

    /** How the deployment ended. */
    public record Result(
            String deploymentId,
            boolean succeeded,
            List<HookRecord> hooks,
            Optional<String> failedHook,
            Optional<String> reason,
            Optional<Instant> failedAt) {}

    /** Progress for whoever shows it: a hook started ({@code status} empty) or ended, or a CodeDeploy step. */
    public record Event(String step, Optional<HookRecord> hook, Instant at) {}

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Consumer<Event> listener;
    private final Map<String, CompletableFuture<HookStatus>> pending = new ConcurrentHashMap<>();
    /** The same statuses by deployment and lifecycle event name, as GetDeploymentTarget's lifecycle events show them. */
    private final Map<String, CompletableFuture<HookStatus>> byEvent = new ConcurrentHashMap<>();

    private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();
    private volatile String deploymentId;
    private volatile TargetGroupRoles roles;

    /**
     * @param live the target groups as the first deployment finds them: blue serves production, green is free for
     *             the replacement task set
     */
    public LocalCodeDeploy(Clock clock, Consumer<Event> listener, TargetGroupRoles live) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.roles = Objects.requireNonNull(live, "live");
    }

    /** The roles the next (or running) deployment has: blue is the group serving production before it. */
    public TargetGroupRoles roles() {
        return roles;
    }

    @Override
    public TargetGroupRoles targetGroupRoles(String id, List<String> targetGroupArns) {
        if (!id.equals(deploymentId)) {
            throw new DependencyException("DeploymentDoesNotExistException: no local deployment " + id);
        }
        TargetGroupRoles now = roles;
        if (!now.assigns(targetGroupArns.get(0), targetGroupArns.get(1))) {
            throw new DependencyException(
                    "local deployment " + id + " runs with " + now + ", not with the groups " + targetGroupArns);
        }
        return now;
    }

    /** A deployment id as CodeDeploy makes them: {@code d-} and nine upper-case letters and digits. */
    public static String newDeploymentId() {
        StringBuilder id = new StringBuilder("d-");
        for (int i = 0; i < 9; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /**
     * Runs one deployment to its end.
     *
     * @param hooks      the appspec's hook functions; a hook without one is skipped, as CodeDeploy skips hooks the
     *                   appspec does not name
     * @param hookWindow how long a hook may stay open before it counts as failed (CodeDeploy: one hour)
     */
    public Result deploy(
            String id,
            Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks,
            Actions actions,
            Duration hookWindow) {
        this.deploymentId = Objects.requireNonNull(id, "id");
        List<HookRecord> records = new ArrayList<>();
        for (LifecycleHook hook : LifecycleHook.values()) {
            switch (hook) {
                case AFTER_INSTALL -> step("Install", actions::install);
                case AFTER_ALLOW_TEST_TRAFFIC -> step("AllowTestTraffic", actions::allowTestTraffic);
                case AFTER_ALLOW_TRAFFIC -> step("AllowTraffic", actions::allowTraffic);
                default -> {}
            }
            RequestHandler<Map<String, Object>, Map<String, Object>> handler = hooks.get(hook);
            if (handler == null) {
                continue;
            }
            HookRecord record = runHook(hook, handler, hookWindow);
            records.add(record);
            if (!record.status().equals(HookStatus.SUCCEEDED.wireValue())) {
                String reason = hook.codeDeployName() + " " + record.status() + ": " + record.reason();
                step("Rollback", () -> actions.rollBack(reason));
                return new Result(
                        id,
                        false,
                        List.copyOf(records),
                        Optional.of(hook.codeDeployName()),
                        Optional.of(record.reason()),
                        Optional.of(record.endedAt()));
            }
        }
        // the replacement now serves production: its group is the next deployment's blue
        roles = roles.swapped();
        return new Result(id, true, List.copyOf(records), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private void step(String name, Runnable action) {
        action.run();
        listener.accept(new Event(name, Optional.empty(), clock.instant()));
    }

    private HookRecord runHook(
            LifecycleHook hook, RequestHandler<Map<String, Object>, Map<String, Object>> handler, Duration hookWindow) {
        String executionId = UUID.randomUUID().toString();
        CompletableFuture<HookStatus> status = new CompletableFuture<>();
        pending.put(executionId, status);
        byEvent.put(deploymentId + "/" + hook.codeDeployName(), status);
        Instant start = clock.instant();
        listener.accept(new Event(hook.codeDeployName(), Optional.empty(), start));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("DeploymentId", deploymentId);
        event.put("LifecycleEventHookExecutionId", executionId);
        String reason;
        String delivery;
        try {
            Map<String, Object> response = handler.handleRequest(event, null);
            reason = String.valueOf(response.getOrDefault("reason", ""));
            delivery = String.valueOf(response.getOrDefault("delivery", ""));
        } catch (RuntimeException e) {
            status.complete(HookStatus.FAILED);
            return finish(hook, "Failed", "the hook handler failed and reported nothing: " + e, "NONE", start);
        }
        String outcome;
        boolean reported = false;
        try {
            CompletableFuture.anyOf(status, stopped).get(hookWindow.toMillis(), TimeUnit.MILLISECONDS);
            if (status.isDone()) {
                outcome = status.join().wireValue();
                reported = true;
            } else {
                outcome = "Failed";
                reason = "the deployment was stopped (StopDeployment) while the hook was open";
            }
        } catch (TimeoutException e) {
            outcome = "Failed";
            reason = "no status reported within the hook window of " + hookWindow.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "Failed";
            reason = "interrupted while waiting for the hook's status";
        } catch (ExecutionException e) {
            outcome = "Failed";
            reason = String.valueOf(e.getCause());
        }
        // CodeDeploy records Failed for a hook it stopped waiting for, and then refuses a late report as already
        // completed; a report that raced the end of the window counts
        if (!reported && !status.complete(HookStatus.FAILED)) {
            outcome = status.join().wireValue();
            reported = true;
        }
        if (reported && "HANDED_OFF".equals(delivery)) {
            reason = "Succeeded".equals(outcome)
                    ? "the staged shift reached 100% green and reported Succeeded"
                    : "the staged shift rolled back and reported Failed";
        }
        return finish(hook, outcome, reason, delivery, start);
    }

    private HookRecord finish(LifecycleHook hook, String status, String reason, String delivery, Instant start) {
        Instant end = clock.instant();
        HookRecord record = new HookRecord(
                hook.codeDeployName(), status, Duration.between(start, end).toMillis(), reason, delivery, start, end);
        listener.accept(new Event(hook.codeDeployName(), Optional.of(record), end));
        return record;
    }

    @Override
    public Outcome report(HookExecution execution, HookStatus status) {
        if (!execution.deploymentId().equals(deploymentId)) {
            throw new DependencyException("DeploymentDoesNotExistException: no local deployment "
                    + execution.deploymentId() + " (the one in progress is " + deploymentId + ")");
        }
        CompletableFuture<HookStatus> future = pending.get(execution.lifecycleEventHookExecutionId());
        if (future == null) {
            throw new DependencyException("InvalidLifecycleEventHookExecutionIdException: no lifecycle event hook "
                    + "execution " + execution.lifecycleEventHookExecutionId() + " in deployment " + deploymentId);
        }
        return future.complete(status) ? Outcome.REPORTED : Outcome.ALREADY_COMPLETED;
    }

    /** What this driver recorded for the hook: Succeeded or Failed once it has a final status, else empty. */
    @Override
    public Optional<HookStatus> recordedHookStatus(String id, String lifecycleEventName) {
        CompletableFuture<HookStatus> status = byEvent.get(id + "/" + lifecycleEventName);
        return status == null || !status.isDone() ? Optional.empty() : Optional.of(status.join());
    }

    @Override
    public void stopDeployment(String id, boolean autoRollback) {
        if (!id.equals(deploymentId)) {
            throw new DependencyException("DeploymentDoesNotExistException: no local deployment " + id);
        }
        stopped.complete(autoRollback);
    }
}
