package dev.cutover.core.hook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.HookStatusReporter.Outcome;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;

/**
 * The fail-closed core of a CodeDeploy lifecycle hook: judge the hook within the Lambda's time budget, then report
 * the status to CodeDeploy exactly once per call, whatever happened on the way (a check threw or hung, the spec is
 * invalid, an Error). CodeDeploy waits for the report for up to an hour, so never reporting is the one outcome
 * that must not happen; reporting twice is refused by CodeDeploy, so the report is made here and only here.
 *
 * <p>The one exception: a BeforeAllowTraffic hook handed off to the staged-shift workflow
 * ({@link HookVerdict#handedOffTo()}) is not reported here; the workflow reports it when it ends, and its start
 * failing is a failed check, reported here as usual.
 */
public final class HookRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    private final HookEvaluator evaluator;
    private final HookStatusReporter reporter;
    private final Clock clock;

    public HookRunner(HookEvaluator evaluator, HookStatusReporter reporter, Clock clock) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Judges the hook and reports the verdict once.
     *
     * @param timeBudget time left before the caller is stopped (the Lambda's remaining time)
     * @return the verdict and what became of the report; never throws for a failed check or a failed report
     */
    public HookReport handle(LifecycleHook hook, HookExecution execution, Duration timeBudget) {
        Instant start = clock.instant();
        HookVerdict verdict;
        try {
            verdict = evaluator.evaluate(hook, Optional.of(execution), start, timeBudget);
        } catch (RuntimeException | Error e) {
            // The evaluator is built not to throw; if it does anyway, CodeDeploy must still hear Failed.
            String reason = "hook evaluation failed with " + HookService.describe(e);
            LOG.error("{}", reason, e);
            verdict = HookVerdict.failed(hook, List.of(CheckResult.fail("hook", reason, Duration.ZERO)), reason);
        }
        logVerdict(verdict);
        if (verdict.handedOffTo().isPresent()) {
            LOG.info(
                    "{} for {} handed off to {}, which reports it; nothing reported here",
                    hook,
                    execution.deploymentId(),
                    verdict.handedOffTo().get());
            return new HookReport(
                    hook,
                    execution,
                    verdict,
                    HookReport.Delivery.HANDED_OFF,
                    Optional.empty(),
                    Duration.between(start, clock.instant()));
        }
        return report(hook, execution, verdict, start);
    }

    /**
     * Reports Failed without running any check: for an event that names a hook execution but cannot be acted on.
     */
    public HookReport reject(LifecycleHook hook, HookExecution execution, String reason) {
        Instant start = clock.instant();
        HookVerdict verdict =
                HookVerdict.failed(hook, List.of(CheckResult.fail("event", reason, Duration.ZERO)), reason);
        logVerdict(verdict);
        return report(hook, execution, verdict, start);
    }

    private HookReport report(LifecycleHook hook, HookExecution execution, HookVerdict verdict, Instant start) {
        HookReport.Delivery delivery;
        Optional<DependencyException> error = Optional.empty();
        try {
            Outcome outcome = reporter.report(execution, verdict.status());
            delivery = outcome == Outcome.ALREADY_COMPLETED
                    ? HookReport.Delivery.ALREADY_COMPLETED
                    : HookReport.Delivery.REPORTED;
        } catch (DependencyException e) {
            delivery = HookReport.Delivery.REPORT_FAILED;
            error = Optional.of(e);
        } catch (RuntimeException e) {
            delivery = HookReport.Delivery.REPORT_FAILED;
            error = Optional.of(new DependencyException(
                    "CodeDeploy PutLifecycleEventHookExecutionStatus for " + execution.deploymentId() + " failed with "
                            + HookService.describe(e),
                    e));
        }
        HookReport report =
                new HookReport(hook, execution, verdict, delivery, error, Duration.between(start, clock.instant()));
        switch (delivery) {
            case REPORTED ->
                LOG.info("reported {} to CodeDeploy for {}", verdict.status().wireValue(), execution.deploymentId());
            case ALREADY_COMPLETED ->
                LOG.info(
                        "CodeDeploy already had a status for this hook execution of {} "
                                + "(a duplicate delivery); nothing more to do",
                        execution.deploymentId());
            case REPORT_FAILED ->
                LOG.error(
                        "could not report {} to CodeDeploy for {}: {}",
                        verdict.status().wireValue(),
                        execution.deploymentId(),
                        error.get().getMessage(),
                        error.get());
        }
        return report;
    }

    private static void logVerdict(HookVerdict verdict) {
        if (verdict.succeeded()) {
            LOG.info("{} Succeeded: {}", verdict.hook(), verdict.reason());
        } else {
            LOG.error("{} Failed: {}", verdict.hook(), verdict.reason());
        }
    }
}
