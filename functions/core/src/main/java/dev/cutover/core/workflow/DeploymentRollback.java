package dev.cutover.core.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TrafficShiftException;
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
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.traffic.Rollback;
import dev.cutover.core.traffic.RollbackResult;

import static dev.cutover.core.workflow.Reporting.MAX_REASON_LENGTH;
import static dev.cutover.core.workflow.Reporting.MAX_VERDICT_LENGTH;
import static dev.cutover.core.workflow.Reporting.cut;
import static dev.cutover.core.workflow.Reporting.oneLine;

/**
 * Rolls a deployment back. Traffic comes first: with an immediate rollback policy the first state-changing call is
 * one write of 100% blue to the production route, made after only the reads that say the listener is still this
 * deployment's (the lock's holder; with the lock free, the ledger's latest deployment of the service). Then the
 * fence is decided (the lease to ROLLING_BACK), the route read back and written again until it is 100% blue (a
 * gradual policy walks its steps here, after the decision), the caller's own step runs (the alarm path stops the
 * execution), CodeDeploy is told (the hook reported Failed, or the deployment stopped with auto-rollback when traffic
 * had already been allowed), the ledger records ROLLED_BACK with the final weights, the lock is released and the
 * outcome published. The workflow's Rollback task, the alarm path and {@code cutover abort} all roll back through
 * this one class.
 *
 * <p>Writing before deciding is safe because every outcome of the decision puts traffic on blue: a rollback that
 * decides, and one that finds Finalize decided first (it rolls the promotion back). A ShiftTraffic whose fence held
 * when it checked may land after the first write; the read-back after the decision undoes it, and any later write
 * of it finds the fence decided and undoes itself (docs/workflow.md, "Fencing").
 *
 * <p>Idempotent: a rollback of a deployment the ledger has already ended converges traffic again (a no-op at 100%
 * blue) and releases the lock, but reports and publishes nothing. Traffic is left alone when another deployment
 * has taken the service's lock over: it owns the listener now. It is left alone too when the lock is free and the
 * ledger has a deployment of the service started after this one: that deployment took the listener over (after this
 * one's lease lapsed) and has ended, so blue of this deployment's plan is no longer what production should run.
 *
 * <p>The CodeDeploy hook an execution answers for is reported Failed when the execution came from
 * BeforeAllowTraffic; when CodeDeploy had already let traffic through (a later hook, or the hook had already been
 * answered) the deployment is stopped with auto-rollback instead, as there is no open hook left to fail.
 */
public final class DeploymentRollback {

    /** Kept free of a gradual rollback's steps within the task's time: the final shift, reports and ledger. */
    public static final Duration ROLLBACK_RESERVE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRollback.class);

    private final Rollback traffic;
    private final DeploymentLock lock;
    private final DeploymentLedger ledger;
    private final HookStatusReporter hookReporter;
    private final DeploymentControl deploymentControl;
    private final Notifier notifier;
    private final Clock clock;

    /** @param traffic puts the listener back on blue, with its retries */
    public DeploymentRollback(
            Rollback traffic,
            DeploymentLock lock,
            DeploymentLedger ledger,
            HookStatusReporter hookReporter,
            DeploymentControl deploymentControl,
            Notifier notifier,
            Clock clock) {
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.hookReporter = Objects.requireNonNull(hookReporter, "hookReporter");
        this.deploymentControl = Objects.requireNonNull(deploymentControl, "deploymentControl");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The alarm path's rollback of a deployment it found in the ledger, with the service's current spec.
     *
     * @param afterTraffic called once traffic is on blue and the rollback has decided, before CodeDeploy, the ledger,
     *                     the lock and people hear: the caller's own step then (the alarm path stops the execution)
     *                     and the CodeDeploy hook the deployment answers for
     * @param budget       the time this call may take; a gradual rollback that would not fit goes straight to blue
     * @throws TrafficShiftException when traffic could not be put back on blue after every attempt; CodeDeploy has
     *                               still been told, and the ledger records FAILED with where traffic was last read
     */
    public RollbackOutcome rollBack(
            CutoverSpec spec,
            String deploymentId,
            Supplier<Optional<CodeDeployHook>> afterTraffic,
            String reason,
            Duration budget) {
        return fromOutside(spec, deploymentId, afterTraffic, reason, budget, Status.ROLLED_BACK, false);
    }

    /**
     * {@code cutover abort}: the alarm path's rollback of a deployment in flight (the same fence, traffic, CodeDeploy,
     * lock and notification), ending it ABORTED instead of ROLLED_BACK.
     *
     * @param spec the deployment's spec, its routing resolved to the roles the deployment recorded
     * @throws TrafficShiftException as {@link #rollBack(CutoverSpec, String, Supplier, String, Duration)}
     */
    public RollbackOutcome abort(
            CutoverSpec spec,
            String deploymentId,
            Optional<CodeDeployHook> codeDeploy,
            String reason,
            Duration budget) {
        Objects.requireNonNull(codeDeploy, "codeDeploy");
        return fromOutside(spec, deploymentId, () -> codeDeploy, reason, budget, Status.ABORTED, false);
    }

    /**
     * The alarm path's rollback of a promotion inside its rollback window, after the ledger recorded it ROLLED_BACK
     * ({@link DeploymentLedger#rollBackInsideWindow}) and the caller took the service's lock again: traffic to blue,
     * the CodeDeploy deployment stopped with auto-rollback, the lock released, people told.
     *
     * @param afterTraffic as {@link #rollBack(CutoverSpec, String, Supplier, String, Duration)}
     * @throws TrafficShiftException as {@link #rollBack(CutoverSpec, String, Supplier, String, Duration)}
     */
    public RollbackOutcome rollBackPromotion(
            CutoverSpec spec,
            String deploymentId,
            Supplier<Optional<CodeDeployHook>> afterTraffic,
            String reason,
            Duration budget) {
        return fromOutside(spec, deploymentId, afterTraffic, reason, budget, Status.ROLLED_BACK, true);
    }

    /** A rollback from outside the deployment's execution (the alarm path, an abort), which a Finalize may race. */
    private RollbackOutcome fromOutside(
            CutoverSpec spec,
            String deploymentId,
            Supplier<Optional<CodeDeployHook>> afterTraffic,
            String reason,
            Duration budget,
            Status end,
            boolean promotedInsideWindow) {
        Objects.requireNonNull(spec, "spec");
        return run(
                Target.of(spec),
                spec.service(),
                deploymentId,
                spec.shifting().stages().size(),
                afterTraffic,
                reason,
                budget,
                null,
                false,
                end,
                promotedInsideWindow);
    }

    /**
     * The Rollback task's rollback of a planned deployment, with the spec the plan names.
     *
     * @throws TrafficShiftException as {@link #rollBack(CutoverSpec, String, Supplier, String, Duration)}
     */
    public RollbackOutcome rollBack(DeploymentPlan plan, CutoverSpec spec, String reason, Duration budget) {
        Objects.requireNonNull(spec, "spec");
        return run(
                Target.of(spec),
                plan.service(),
                plan.deploymentId(),
                plan.stages().size(),
                plan::codeDeploy,
                reason,
                budget,
                null,
                true,
                Status.ROLLED_BACK,
                false);
    }

    /**
     * A planned deployment whose spec cannot be loaded (a parameter deleted or unreadable mid-deployment). With the
     * production route the plan recorded, traffic goes straight to 100% blue (the spec's gradual steps are unknown)
     * and the deployment ends as any rollback does, its reason naming the spec's error; the spec's topic is not told
     * (it is in the spec). A plan without a route (made before plans recorded one) leaves traffic where it is:
     * CodeDeploy still hears, the ledger records FAILED and the lock is kept (traffic may still be on green), and
     * {@code specError} is thrown.
     *
     * @throws RuntimeException {@code specError}, when the plan has no route, once all that is done
     */
    public RollbackOutcome withoutSpec(DeploymentPlan plan, String reason, RuntimeException specError) {
        Objects.requireNonNull(specError, "specError");
        if (plan.route().isPresent()) {
            return run(
                    new Target(
                            Routing.productionOnly(plan.route().get(), plan.roles()),
                            RollbackPolicy.immediate(),
                            Optional.empty()),
                    plan.service(),
                    plan.deploymentId(),
                    plan.stages().size(),
                    plan::codeDeploy,
                    Reporting.reason(reason) + " (the spec could not be read: " + oneLine(specError.getMessage())
                            + "; traffic put back on blue at once on the plan's "
                            + plan.route().get() + ")",
                    null,
                    null,
                    true,
                    Status.ROLLED_BACK,
                    false);
        }
        return run(
                null,
                plan.service(),
                plan.deploymentId(),
                plan.stages().size(),
                plan::codeDeploy,
                reason,
                null,
                specError,
                true,
                Status.ROLLED_BACK,
                false);
    }

    /**
     * What a rollback moves and who it tells besides the stack: the routing (roles resolved), how to go back, and
     * the spec's topic.
     */
    private record Target(Routing routing, RollbackPolicy policy, Optional<String> topic) {
        static Target of(CutoverSpec spec) {
            return new Target(
                    spec.routing(), spec.rollback(), spec.notifications().topicArn());
        }
    }

    /** @param target null when the spec could not be read and the plan has no route: traffic is left alone */
    private RollbackOutcome run(
            Target target,
            String service,
            String deploymentId,
            int plannedStages,
            Supplier<Optional<CodeDeployHook>> afterTraffic,
            String reason,
            Duration budget,
            RuntimeException specError,
            boolean ownExecution,
            Status end,
            boolean promotedInsideWindow) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(afterTraffic, "afterTraffic");
        String why = Reporting.reason(reason);

        // 1. traffic first. The reads before the write are the ones that say whether this listener is still this
        // deployment's: the lock's holder (another deployment that took the lock over owns the listener now) and,
        // only when the lock is free, the ledger's latest deployment of the service (one that started later and
        // ended owned it last). The fence is decided after the write: a write of 100% blue is what every outcome
        // of the decision leads to (a rollback that decides, one that finds PROMOTING and rolls the promotion back).
        // A deployment the ledger has already ended (a repeated rollback) is only converged, below.
        Listener listener = listener(service, deploymentId);
        Optional<String> owner = listener.owner();
        RollbackPolicy policy = target == null ? null : fit(target.policy(), budget);
        boolean firstWrite = owner.isEmpty()
                && !listener.ended()
                && target != null
                && policy.mode() == RollbackPolicy.Mode.IMMEDIATE
                && traffic.applyBlueOnce(target.routing());

        // 2. the decision: the lease moves from HELD to ROLLING_BACK, so a racing Finalize or ShiftTraffic loses
        Fence fence = decide(service, deploymentId, ownExecution);
        // read after deciding: a Finalize that won has recorded (or is recording) PROMOTED
        Optional<DeploymentRecord> record = ledger.find(deploymentId);
        Optional<Status> before = promotedInsideWindow
                ? Optional.of(Status.PROMOTED) // the caller has just recorded the rollback of this promotion
                : record.map(DeploymentRecord::status);
        if (fence == Fence.PROMOTING && before.filter(Status::isFinal).isEmpty()) {
            before = Optional.of(Status.PROMOTED); // Finalize decided first and is recording it: roll that back
        }
        boolean alreadyEnded = before.filter(Status::isFinal).isPresent();
        boolean decider = fence != Fence.PROMOTING;

        // 3. traffic proven: read back and, if it is not 100% blue, written again with retries. A ShiftTraffic
        // whose fence still held when it checked may have landed after the first write and before the decision;
        // with the lease decided, nothing it writes later stands (it undoes itself), so this read is the last word.
        // A gradual rollback walks its steps here, after the decision.
        Optional<Weights> weights = Optional.empty();
        RuntimeException trafficError = specError;
        if (owner.isPresent()) {
            LOG.warn(
                    "not touching traffic of {}: deployment {} took its lock over and owns the listener",
                    service,
                    owner.get());
        } else if (target != null) {
            try {
                RollbackResult result = traffic.rollBack(target.routing(), policy, why);
                weights = Optional.of(result.finalWeights());
            } catch (TrafficShiftException e) {
                trafficError = e;
            }
        }
        if (firstWrite) {
            LOG.info(
                    "deployment {} of {}: traffic put on blue before the rollback's bookkeeping",
                    deploymentId,
                    service);
        }

        // 4. the caller's part once traffic is safe (the alarm path stops the execution here) and the hook to answer
        Optional<CodeDeployHook> codeDeploy = Objects.requireNonNull(afterTraffic.get(), "codeDeploy");

        // 5. CodeDeploy: told before anything else can fail, so it never waits for a hook nobody will answer
        String codeDeployAction;
        DependencyException codeDeployError = null;
        try {
            codeDeployAction = codeDeploy.isEmpty()
                    ? "no CodeDeploy deployment (standalone)"
                    : alreadyEnded && before.get() != Status.PROMOTED
                            ? "already answered when the deployment "
                                    + before.get().words()
                            : answerCodeDeploy(codeDeploy.get(), before.orElse(Status.IN_PROGRESS));
        } catch (DependencyException e) {
            if (e.isTransient()) {
                throw e; // the ledger has not ended: the task's retry tells CodeDeploy again
            }
            // for good: the rest still happens (traffic is where it is), then the task fails saying CodeDeploy was
            // not told; CodeDeploy's hook times out and fails the deployment itself
            codeDeployError = e;
            codeDeployAction = "CodeDeploy was not told (" + oneLine(e.getMessage()) + ")";
        }

        // 6. ledger
        Instant now = clock.instant();
        Optional<Weights> at = weights.isPresent()
                ? weights
                : trafficError instanceof TrafficShiftException t ? t.lastRead() : Optional.empty();
        Status status = trafficError == null ? end : Status.FAILED;
        String recorded = (trafficError == null
                        ? why
                        : "rollback failed (" + oneLine(trafficError.getMessage()) + "); rollback reason: " + why)
                + (codeDeployError == null ? "" : "; " + codeDeployAction)
                + (weights.isPresent() ? dnsCaching(target.routing()) : "");
        if (record.isPresent()) {
            String verdict = trafficError == null ? end.words() + ": " + why : "rollback failed: " + recorded;
            at.ifPresent(w -> ledger.stageReached(
                    deploymentId,
                    new StageEntry(plannedStages, 0, w.blue(), w.green(), cut(verdict, MAX_VERDICT_LENGTH), now)));
            if (!alreadyEnded && decider) {
                Optional<Status> ended = finish(deploymentId, status, cut(recorded, MAX_REASON_LENGTH), now);
                if (ended.isPresent()) {
                    before = ended;
                    alreadyEnded = true;
                }
            } else {
                LOG.info("ledger already has deployment {} {}; kept that outcome", deploymentId, before.get());
            }
        } else {
            LOG.warn("deployment {} is not in the ledger; nothing to record", deploymentId);
        }

        // 7. lock: kept while traffic may still be on green, so no other deployment starts on top of it; a promotion
        // that decided first releases it itself
        if (trafficError == null && fence != Fence.PROMOTING) {
            lock.release(service, deploymentId);
        }

        // 8. people (a promoted deployment rolled back by the alarm path is news too)
        if (record.isPresent() && (!alreadyEnded || before.get() == Status.PROMOTED)) {
            Reporting.publish(
                    notifier,
                    new DeploymentNotification(
                            service, deploymentId, status, stageReached(record.get(), plannedStages), recorded),
                    target == null ? Optional.empty() : target.topic());
        }
        if (trafficError != null) {
            throw trafficError;
        }
        if (codeDeployError != null) {
            throw codeDeployError;
        }
        LOG.warn(
                "deployment {} of {} rolled back ({}); {}",
                deploymentId,
                service,
                weights.map(Weights::toString).orElse("traffic untouched"),
                codeDeployAction);
        return new RollbackOutcome(
                Optional.of(deploymentId),
                Optional.of(service),
                why,
                weights,
                alreadyEnded && !promotedInsideWindow ? before.get() : status,
                codeDeployAction,
                alreadyEnded && !promotedInsideWindow);
    }

    /**
     * With DNS records, traffic does not leave green when the weights change: resolvers keep the answer they cached
     * for up to its TTL. Said in the ledger and the notification, so nobody reads green's errors after a rollback as
     * a rollback that did not happen.
     */
    private static String dnsCaching(Routing routing) {
        return routing.dns()
                .map(records -> "; clients may keep resolving green for up to "
                        + records.cachingBound().toSeconds() + " s after the rollback (the DNS records' TTL)")
                .orElse("");
    }

    /**
     * Records the end; another rollback that decided the same way (the workflow's Rollback task and
     * {@code cutover abort} both move the lease to ROLLING_BACK) may have recorded its own end first.
     *
     * @return the end the ledger already had, when another rollback recorded it first
     */
    private Optional<Status> finish(String deploymentId, Status status, String reason, Instant now) {
        try {
            ledger.finish(deploymentId, status, reason, now);
            return Optional.empty();
        } catch (IllegalStateException e) {
            Optional<Status> recorded = ledger.find(deploymentId)
                    .map(DeploymentRecord::status)
                    .filter(Status::isFinal)
                    .filter(s -> s != status);
            if (recorded.isEmpty()) {
                throw e;
            }
            LOG.info(
                    "deployment {} was ended {} by a racing rollback; kept that outcome", deploymentId, recorded.get());
            return recorded;
        }
    }

    private String answerCodeDeploy(CodeDeployHook hook, Status before) {
        if (hook.trafficAllowed() || before == Status.PROMOTED) {
            deploymentControl.stopDeployment(hook.deploymentId(), true);
            return "stopped CodeDeploy deployment " + hook.deploymentId() + " with auto-rollback ("
                    + (hook.trafficAllowed()
                            ? "traffic was allowed at " + hook.hook()
                            : "the deployment had been promoted")
                    + ")";
        }
        HookStatusReporter.Outcome outcome = hookReporter.report(hook.execution(), HookStatus.FAILED);
        if (outcome == HookStatusReporter.Outcome.REPORTED) {
            return "reported " + hook.hook() + " Failed";
        }
        // The hook was answered already: by an earlier try of this rollback, or by Finalize racing the alarm path.
        // Either way CodeDeploy may be moving on with traffic allowed, so stop it; stopping an ended one is harmless.
        deploymentControl.stopDeployment(hook.deploymentId(), true);
        return hook.hook() + " already had a status; stopped CodeDeploy deployment " + hook.deploymentId()
                + " with auto-rollback";
    }

    /** How the rollback's decision on the lease went. */
    private enum Fence {
        /** The lease moved to ROLLING_BACK (or already was): this rollback decides how the deployment ends. */
        DECIDED,
        /** Finalize of a running execution decided first: the deployment is being promoted, then rolled back. */
        PROMOTING,
        /**
         * The deployment holds no lease (released, expired, or taken over): no Finalize can decide any more, so the
         * ledger's own "finish if still in progress" says what happened.
         */
        NONE
    }

    /**
     * Moves the deployment's lease to ROLLING_BACK. The workflow's own Rollback task runs after its Finalize, never
     * beside it, so it takes over a promotion that decided and then failed; the alarm path does not.
     */
    private Fence decide(String service, String deploymentId, boolean ownExecution) {
        try {
            if (lock.decide(service, deploymentId, LockLease.Phase.ROLLING_BACK)) {
                return Fence.DECIDED;
            }
            Optional<LockLease> lease = lock.holder(service).filter(l -> l.isHeldBy(deploymentId));
            if (lease.isPresent() && lease.get().phase() == LockLease.Phase.PROMOTING) {
                if (ownExecution) {
                    LOG.warn("deployment {}: its Finalize decided PROMOTING and failed; rolling back", deploymentId);
                    return Fence.DECIDED;
                }
                LOG.warn("deployment {}: Finalize decided first; rolling the promotion back", deploymentId);
                return Fence.PROMOTING;
            }
            return Fence.NONE;
        } catch (RuntimeException e) {
            // unknown: putting traffic on blue is the safe side, and the ledger's own "finish if in progress" guards
            LOG.warn("cannot decide on the lock of {} ({}); rolling back anyway", service, e.toString());
            return Fence.DECIDED;
        }
    }

    /**
     * The deployment of {@code service} the ledger started after {@code deploymentId}, if any: with the lock free,
     * the one that last owned the listener. Unknown (the ledger cannot be read) is none: blue is the safe side.
     */
    private Optional<String> startedLater(String service, String deploymentId, Optional<DeploymentRecord> record) {
        if (record.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ledger.history(service, 1).stream()
                    .filter(latest -> !latest.deploymentId().equals(deploymentId))
                    .filter(latest -> latest.startedAt().isAfter(record.get().startedAt()))
                    .map(DeploymentRecord::deploymentId)
                    .findFirst();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the history of {} ({}); rolling back anyway", service, e.toString());
            return Optional.empty();
        }
    }

    /**
     * What the reads before the first write found.
     *
     * @param owner the deployment that owns the service's listener now, when it is not this one
     * @param ended whether the ledger had already ended this deployment (read only when the lock is free): a
     *              repeated rollback, which converges traffic but does not write first
     */
    private record Listener(Optional<String> owner, boolean ended) {}

    /**
     * Whose the service's listener is now: the holder of the lock, or with the lock free, the deployment of the
     * service the ledger started after this one ({@link #startedLater}). Unknown (the lock or the ledger cannot be
     * read) is this deployment's: blue is the safe side.
     */
    private Listener listener(String service, String deploymentId) {
        Optional<LockLease> lease;
        try {
            lease = lock.holder(service);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the lock of {} ({}); rolling back anyway", service, e.toString());
            return new Listener(Optional.empty(), false);
        }
        if (lease.isPresent()) {
            return new Listener(lease.filter(l -> !l.isHeldBy(deploymentId)).map(LockLease::deploymentId), false);
        }
        Optional<DeploymentRecord> record;
        try {
            record = ledger.find(deploymentId);
        } catch (RuntimeException e) {
            LOG.warn("cannot read deployment {} ({}); rolling back anyway", deploymentId, e.toString());
            return new Listener(Optional.empty(), false);
        }
        return new Listener(
                startedLater(service, deploymentId, record),
                record.filter(r -> r.status().isFinal()).isPresent());
    }

    private static RollbackPolicy fit(RollbackPolicy policy, Duration budget) {
        if (policy.mode() != RollbackPolicy.Mode.GRADUAL) {
            return policy;
        }
        Duration walk = policy.stepWait().multipliedBy(policy.steps().size());
        if (budget == null || walk.plus(ROLLBACK_RESERVE).compareTo(budget) > 0) {
            LOG.warn("gradual rollback needs about {} but {} is left: going straight to blue", walk, budget);
            return RollbackPolicy.immediate();
        }
        return policy;
    }

    /** The planned percent of the last stage the deployment reached before any rollback entry. */
    private static int stageReached(DeploymentRecord record, int plannedStages) {
        return record.stagesReached().stream()
                .filter(e -> e.index() < plannedStages)
                .reduce((first, second) -> second)
                .map(StageEntry::percent)
                .orElse(DeploymentNotification.NO_STAGE);
    }
}
