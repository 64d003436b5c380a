package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.DeploymentRollback;
import dev.cutover.core.workflow.Promotion;
import dev.cutover.core.workflow.Reporting;
import dev.cutover.core.workflow.SpecResolver;

/**
 * The Finalize state: ends a deployment whose every stage was healthy. Reports the CodeDeploy hook Succeeded (when
 * BeforeAllowTraffic started the execution), records PROMOTED, releases the lock and publishes the outcome (best
 * effort). The hook is reported first so that a retry after a failed report still reports, and only the call that
 * records the outcome publishes it.
 */
public final class Finalize {

    private static final Logger LOG = LoggerFactory.getLogger(Finalize.class);

    private final DeploymentLedger ledger;
    private final DeploymentLock lock;
    private final HookStatusReporter hookReporter;
    private final Notifier notifier;
    private final Clock clock;
    private DeploymentControl codeDeploy;
    private SpecResolver specs;
    private DeploymentRollback rollback;

    public Finalize(
            DeploymentLedger ledger,
            DeploymentLock lock,
            HookStatusReporter hookReporter,
            Notifier notifier,
            Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.hookReporter = Objects.requireNonNull(hookReporter, "hookReporter");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * How an "already completed" answer to the Succeeded report is resolved: by reading what CodeDeploy recorded
     * ({@link DeploymentControl#recordedHookStatus}). Anything but Succeeded means CodeDeploy is not promoting this
     * deployment, so it is rolled back (the workflow's own rollback, which takes over the PROMOTING lease) instead
     * of being recorded PROMOTED. Without these, "already completed" is refused the same way, with traffic left for
     * the Rollback state.
     */
    public Finalize whenCodeDeployRecordedFailure(
            DeploymentControl codeDeploy, SpecResolver specs, DeploymentRollback rollback) {
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
        this.specs = Objects.requireNonNull(specs, "specs");
        this.rollback = Objects.requireNonNull(rollback, "rollback");
        return this;
    }

    /**
     * @throws DeploymentFinishedException when the ledger says the deployment was rolled back or failed: the hook is
     *                                     not reported Succeeded; also when CodeDeploy recorded the hook as anything
     *                                     but Succeeded (the deployment has then been rolled back)
     */
    public Promotion run(DeploymentPlan plan) {
        DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
        if (record.status().isFinal() && record.status() != Status.PROMOTED) {
            throw new DeploymentFinishedException(record, "promoting it");
        }
        if (record.status() == Status.IN_PROGRESS) {
            decide(plan);
        }
        String codeDeploy = plan.codeDeploy()
                .map(hook -> reportSucceeded(plan, hook, record.status() == Status.PROMOTED))
                .orElse("no CodeDeploy hook (standalone)");
        boolean recordsIt = record.status() == Status.IN_PROGRESS;
        String reason = "every stage healthy: "
                + plan.stages().stream().map(s -> s.percent() + "%").collect(Collectors.joining(" -> "));
        Instant promotedAt = clock.instant();
        ledger.finish(plan.deploymentId(), Status.PROMOTED, reason, promotedAt);
        Optional<Instant> windowEndsAt = openRollbackWindow(plan, promotedAt);
        // released even with a rollback window: the next deployment must not wait for it (it closes the window),
        // and the alarm path takes the lock again for a rollback inside the window
        lock.release(plan.service(), plan.deploymentId());
        int reached = plan.lastStage().percent();
        boolean notified = recordsIt
                && Reporting.publish(
                        notifier,
                        new DeploymentNotification(
                                plan.service(), plan.deploymentId(), Status.PROMOTED, reached, reason),
                        specs.topicOf(plan));
        LOG.info("deployment {} of {} promoted; {}", plan.deploymentId(), plan.service(), codeDeploy);
        return new Promotion(plan.deploymentId(), plan.service(), reached, codeDeploy, notified, windowEndsAt);
    }

    /**
     * Records the plan's rollback window, from the promotion on. A retried Finalize keeps the first window and
     * answers its end, so the workflow waits for the window the ledger holds.
     */
    private Optional<Instant> openRollbackWindow(DeploymentPlan plan, Instant promotedAt) {
        if (plan.rollbackWindowSeconds() == 0) {
            return Optional.empty();
        }
        ledger.openRollbackWindow(plan.deploymentId(), promotedAt.plus(plan.rollbackWindow()));
        return ledger.find(plan.deploymentId())
                .flatMap(DeploymentRecord::rollbackWindow)
                .map(RollbackWindow::endsAt);
    }

    /**
     * Moves the lease from HELD to PROMOTING before anything is reported or recorded: a rollback racing this one
     * (the alarm path) decides the same way, so exactly one of them goes on.
     *
     * @throws DeploymentFinishedException when the rollback decided first, or the lock is no longer the deployment's
     */
    private void decide(DeploymentPlan plan) {
        if (lock.decide(plan.service(), plan.deploymentId(), LockLease.Phase.PROMOTING)) {
            return;
        }
        DeploymentRecord now = PlanChecks.recordOf(ledger, plan);
        if (now.status() == Status.PROMOTED) {
            return; // a repeated Finalize whose first try recorded it
        }
        if (now.status().isFinal()) {
            throw new DeploymentFinishedException(now, "promoting it");
        }
        String fence = lock.holder(plan.service())
                .map(l -> l.isHeldBy(plan.deploymentId())
                        ? "its lock is " + l.phase()
                        : "deployment " + l.deploymentId() + " holds the lock")
                .orElse("its lock is free: released or expired");
        throw new DeploymentFinishedException(now, fence, "promoting it");
    }

    /** @param promoted the ledger already says PROMOTED: only a Succeeded report of ours can have come before */
    private String reportSucceeded(DeploymentPlan plan, CodeDeployHook hook, boolean promoted) {
        if (hook.trafficAllowed()) {
            return "nothing to report: CodeDeploy already allowed traffic at " + hook.hook();
        }
        HookStatusReporter.Outcome outcome = hookReporter.report(hook.execution(), HookStatus.SUCCEEDED);
        if (outcome == HookStatusReporter.Outcome.REPORTED) {
            return "reported " + hook.hook() + " Succeeded";
        }
        if (promoted) {
            return hook.hook() + " already had a status (a repeated Finalize)";
        }
        // "already completed": by a repeated Finalize, or by someone who answered Failed. Ask CodeDeploy which.
        Optional<HookStatus> recorded = codeDeploy == null
                ? Optional.empty()
                : codeDeploy.recordedHookStatus(hook.deploymentId(), hook.hook().codeDeployName());
        if (recorded.filter(HookStatus.SUCCEEDED::equals).isPresent()) {
            return hook.hook() + " already had status Succeeded (a repeated Finalize)";
        }
        String why = "CodeDeploy recorded " + hook.hook() + " as "
                + recorded.map(HookStatus::name).orElse("something other than Succeeded")
                + " before Finalize reported it";
        LOG.error("deployment {}: {}; rolling back instead of promoting", plan.deploymentId(), why);
        if (rollback != null) {
            rollback.rollBack(plan, specs.specOf(plan), why, DeploymentRollback.ROLLBACK_RESERVE.multipliedBy(5));
        }
        throw new DeploymentFinishedException(PlanChecks.recordOf(ledger, plan), why, "promoting it");
    }
}
