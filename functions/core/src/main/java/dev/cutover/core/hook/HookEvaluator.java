package dev.cutover.core.hook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.slf4j.MDC;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.spec.CutoverSpec;

/**
 * Loads the spec and runs a hook's checks within a time budget, always coming back with a verdict before the
 * budget ends: an invalid spec, a check that throws or one that is still running when time is up all become a
 * Failed verdict saying why.
 *
 * <p>The checks run on a worker thread so that the caller keeps control of the clock. Of the budget, a safety
 * margin is kept free ({@link #safetyMargin}): the checks get {@code budget - margin}; the caller waits half the
 * margin longer for a check that honours its deadline to hand back its result, then gives up on the worker
 * (interrupting it) and keeps the other half of the margin for reporting.
 */
public final class HookEvaluator {

    /** Step name while the spec is being loaded. */
    public static final String SPEC = "spec";

    /** The least time kept back for reporting: one status call with its retries. */
    public static final Duration MIN_SAFETY_MARGIN = Duration.ofSeconds(10);

    private final SpecRepository specs;
    private final String specReference;
    private final HookService service;
    private final Clock clock;
    private final ExecutorService workers;

    /** @param specReference the spec this hook loads on every run (on AWS: its {@code CUTOVER_SPEC_PARAMETER}) */
    public HookEvaluator(SpecRepository specs, String specReference, HookService service, Clock clock) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.specReference = Objects.requireNonNull(specReference, "specReference");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Created once per container. Cached rather than fixed: a check that ignores its interrupt must not hold
        // up the next invocation's checks. Daemon threads never keep the JVM alive.
        this.workers = Executors.newCachedThreadPool(new DaemonThreads());
    }

    /**
     * The time kept free of checks: {@code max(10 s, 10% of the budget)} (enough for one status report with SDK
     * retries, growing with long budgets), but never more than half the budget so a short invocation still runs
     * its checks.
     */
    public static Duration safetyMargin(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            return Duration.ZERO;
        }
        Duration tenth = budget.dividedBy(10);
        Duration margin = tenth.compareTo(MIN_SAFETY_MARGIN) > 0 ? tenth : MIN_SAFETY_MARGIN;
        Duration half = budget.dividedBy(2);
        return margin.compareTo(half) > 0 ? half : margin;
    }

    /**
     * @param hookStartedAt when the hook first started (the same as now, except for a hook invoked again later)
     * @param timeBudget    how long until the caller must be done, reporting included
     */
    public HookVerdict evaluate(LifecycleHook hook, Instant hookStartedAt, Duration timeBudget) {
        return evaluate(hook, Optional.empty(), hookStartedAt, timeBudget);
    }

    /**
     * As {@link #evaluate(LifecycleHook, Instant, Duration)} for a CodeDeploy hook execution, which BeforeAllowTraffic
     * may hand off to the staged-shift workflow ({@link HookVerdict#handedOffTo()}). A hand-off made before the
     * budget ran out stands even if the run is then cut short: the workflow has the hook.
     *
     * @param execution the CodeDeploy hook execution; empty for an ECS lifecycle hook
     */
    public HookVerdict evaluate(
            LifecycleHook hook, Optional<HookExecution> execution, Instant hookStartedAt, Duration timeBudget) {
        return evaluate(hook, execution, Optional.empty(), hookStartedAt, timeBudget);
    }

    /**
     * As {@link #evaluate(LifecycleHook, Instant, Duration)} for an ECS native lifecycle hook deploying
     * {@code ecsTargetRevision} (the payload's {@code executionDetails.targetServiceRevisionArn}), whose target group
     * is green.
     */
    public HookVerdict evaluateEcs(
            LifecycleHook hook, Optional<String> ecsTargetRevision, Instant hookStartedAt, Duration timeBudget) {
        return evaluate(hook, Optional.empty(), ecsTargetRevision, hookStartedAt, timeBudget);
    }

    private HookVerdict evaluate(
            LifecycleHook hook,
            Optional<HookExecution> execution,
            Optional<String> ecsTargetRevision,
            Instant hookStartedAt,
            Duration timeBudget) {
        Instant start = clock.instant();
        Duration margin = safetyMargin(timeBudget);
        Deadline checksDeadline = Deadline.after(clock, timeBudget.minus(margin));
        Deadline waitDeadline = Deadline.after(clock, timeBudget.minus(margin.dividedBy(2)));
        HookProgress progress = new HookProgress();
        Map<String, String> logContext = MDC.getCopyOfContextMap();

        Future<HookVerdict> work;
        try {
            work = workers.submit(() -> {
                // The worker's log lines carry the invocation's context (deployment id, hook) too.
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    return loadSpecAndRun(hook, execution, ecsTargetRevision, hookStartedAt, checksDeadline, progress);
                } finally {
                    MDC.clear();
                }
            });
        } catch (RuntimeException e) {
            return failure(hook, progress, "hook", "could not start the checks: " + HookService.describe(e));
        }

        try {
            return work.get(waitDeadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!work.cancel(true)) {
                HookVerdict justInTime = finishedAnyway(work);
                if (justInTime != null) {
                    return justInTime;
                }
            }
            long elapsed = Duration.between(start, clock.instant()).toMillis();
            String running = progress.current().orElse("(between checks)");
            return failure(
                    hook,
                    progress,
                    running,
                    "Lambda time budget about to run out after " + elapsed + " ms; still running: " + running);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String at = progress.current().orElse("hook");
            return failure(hook, progress, at, "checks stopped by " + HookService.describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.cancel(true);
            String at = progress.current().orElse("hook");
            return failure(hook, progress, at, "interrupted while waiting for the checks");
        }
    }

    private HookVerdict loadSpecAndRun(
            LifecycleHook hook,
            Optional<HookExecution> execution,
            Optional<String> ecsTargetRevision,
            Instant hookStartedAt,
            Deadline deadline,
            HookProgress progress) {
        Instant loading = clock.instant();
        progress.started(SPEC, loading);
        CutoverSpec spec;
        try {
            VersionedSpec loaded = specs.load(specReference);
            spec = loaded == null ? null : loaded.spec();
        } catch (SpecException e) {
            return specFailure(hook, progress, loading, describe(e));
        } catch (RuntimeException e) {
            return specFailure(hook, progress, loading, "could not load the Cutover spec: " + HookService.describe(e));
        }
        if (spec == null) {
            return specFailure(hook, progress, loading, "the spec source returned no spec");
        }
        progress.stepEnded();
        return service.run(hook, spec, execution, ecsTargetRevision, hookStartedAt, deadline, progress);
    }

    private HookVerdict specFailure(LifecycleHook hook, HookProgress progress, Instant since, String detail) {
        CheckResult result = CheckResult.fail(SPEC, detail, elapsedSince(since));
        progress.finished(result);
        progress.stepEnded();
        return HookVerdict.of(hook, List.of(result), Set.of());
    }

    /** One line: the source and every field error, e.g. {@code invalid Cutover spec X (1 error): path: reason}. */
    static String describe(SpecException e) {
        if (e.errors() == null || e.errors().isEmpty()) {
            return HookService.oneLine(String.valueOf(e.getMessage()));
        }
        String errors = e.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "));
        int n = e.errors().size();
        return "invalid Cutover spec " + e.source() + " (" + n + (n == 1 ? " error): " : " errors): ")
                + HookService.oneLine(errors);
    }

    private HookVerdict failure(LifecycleHook hook, HookProgress progress, String check, String reason) {
        // from here on no hand-off may begin; one already begun (recorded before its StartExecution) stands
        Optional<String> handedOffTo = progress.giveUp();
        if (handedOffTo.isPresent()
                && !progress.results().isEmpty()
                && progress.results().stream().allMatch(CheckResult::passed)) {
            // the workflow already has the hook: reporting a failure now would contradict it
            return HookVerdict.of(hook, progress.results(), Set.of()).handedOff(handedOffTo.get());
        }
        List<CheckResult> results = new ArrayList<>(progress.results());
        Duration running = progress.currentSince().map(this::elapsedSince).orElse(Duration.ZERO);
        results.add(CheckResult.fail(check, reason, running));
        return HookVerdict.failed(hook, results, reason);
    }

    /** The worker's verdict when it completed in the instant between the wait timing out and the cancel. */
    private static HookVerdict finishedAnyway(Future<HookVerdict> work) {
        try {
            return work.isDone() && !work.isCancelled() ? work.get() : null;
        } catch (ExecutionException | CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Duration elapsedSince(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "cutover-hook-checks-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
