package dev.cutover.core.workflow;

import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.error.DeploymentFinishedException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.HealthGateFailedException;
import dev.cutover.core.error.InvalidWorkflowInputException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.core.traffic.Rollback;
import dev.cutover.core.traffic.RollbackResult;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.traffic.TrafficShifter;
import dev.cutover.core.port.model.Weights;

/**
 * The deployment workflow's tasks, one method per Task state of {@code statemachine/deployment.asl.json}, over the
 * ports. Every method is safe to call again with the same arguments (Step Functions retries tasks, and the alarm
 * path may roll back while the execution is between states): the lock is re-entrant for its holder, the ledger
 * keeps one entry per fact, shifts set weights rather than add to them, and the outcome is reported and
 * published only by the call that records it.
 *
 * <p>The CodeDeploy hook an execution answers for: Finalize reports it Succeeded. A rollback reports it Failed
 * when the execution came from BeforeAllowTraffic; when CodeDeploy had already let traffic through (a later hook,
 * or the hook had already been answered) it stops the deployment with auto-rollback instead, as there is no open
 * hook left to fail.
 */
public final class DeploymentWorkflow {

    /** Added to the total bake time for the lock's lease: checks, shifts, judging, retries and a rollback. */
    public static final Duration LOCK_MARGIN = Duration.ofMinutes(30);

    /**
     * An inline spec travels in the execution input and again in the plan of every state (Step Functions' limit is
     * 256 KB per state), so it is kept well under a quarter of that; larger specs belong in SSM.
     */
    public static final int MAX_INLINE_SPEC_BYTES = 64 * 1024;

    /** Kept free of a gradual rollback's steps within the task's time: the final shift, reports and ledger. */
    public static final Duration ROLLBACK_RESERVE = Duration.ofSeconds(60);

    /** The ledger's verdict for a stage whose shift is done and whose bake has not been judged yet. */
    public static final String SHIFTED = "shifted";

    /** Source name of an inline spec in error messages; its field paths are prefixed {@code spec.}. */
    public static final String INLINE_SOURCE = "input.spec";

    static final int MAX_REASON_LENGTH = 8_000;
    private static final int MAX_VERDICT_LENGTH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentWorkflow.class);

    private final SpecRepository specs;
    private final TrafficRouter router;
    private final DeploymentLock lock;
    private final DeploymentLedger ledger;
    private final Notifier notifier;
    private final HookStatusReporter hookReporter;
    private final DeploymentControl deploymentControl;
    private final AlarmStateReader alarms;
    private final SmokeTestRunner smokeTests;
    private final HealthJudge healthJudge;
    private final RoutingScope scope;
    private final Clock clock;
    private final TrafficShifter shifter;
    private final Rollback rollback;

    private DeploymentWorkflow(Builder b) {
        this.specs = Objects.requireNonNull(b.specs, "specs");
        this.router = Objects.requireNonNull(b.router, "router");
        this.lock = Objects.requireNonNull(b.lock, "lock");
        this.ledger = Objects.requireNonNull(b.ledger, "ledger");
        this.notifier = Objects.requireNonNull(b.notifier, "notifier");
        this.hookReporter = Objects.requireNonNull(b.hookReporter, "hookReporter");
        this.deploymentControl = Objects.requireNonNull(b.deploymentControl, "deploymentControl");
        this.alarms = Objects.requireNonNull(b.alarms, "alarms");
        this.smokeTests = Objects.requireNonNull(b.smokeTests, "smokeTests");
        this.healthJudge = Objects.requireNonNull(b.healthJudge, "healthJudge");
        this.scope = Objects.requireNonNull(b.scope, "scope");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        Sleeper sleeper = Objects.requireNonNull(b.sleeper, "sleeper");
        this.shifter = new TrafficShifter(router);
        this.rollback = b.rollbackAttempts == null ? new Rollback(router, sleeper, clock)
                : new Rollback(router, sleeper, clock, b.rollbackAttempts, b.rollbackBackoff);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- ValidateAndLock

    /**
     * Loads and validates the spec, decides the deployment id, takes the service's lock and opens the ledger entry.
     * Taking the lock is the last step that can refuse: when this throws, it holds no lock.
     *
     * <p>The deployment id is the input's {@code deploymentId}, else the CodeDeploy deployment id, else the
     * execution name; and the execution must be named {@link WorkflowExecutions#executionNameFor} of it, so that
     * the alarm path can find the execution from the ledger, and a second start of the same deployment finds this
     * execution.
     *
     * @param execution the execution's id and name from the Context object; empty when called outside Step
     *                  Functions (the input must then name the deployment)
     * @throws SpecException                  when the spec is missing or invalid (an inline spec's paths are
     *                                        prefixed {@code spec.})
     * @throws InvalidWorkflowInputException  when the input does not fit the spec, the stack or the execution
     * @throws DeploymentInProgressException  when another deployment of the service holds the lock
     */
    public DeploymentPlan validateAndLock(WorkflowInput input, Optional<ExecutionInfo> execution) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(execution, "execution");
        boolean inline = input.spec() instanceof SpecReference.Inline;
        VersionedSpec loaded = load(input.spec());
        CutoverSpec spec = loaded.spec();
        String source = inline ? "the inline spec" : "spec " + loaded.pinnedReference();

        List<FieldError> problems = new ArrayList<>();
        if (!spec.service().equals(input.service())) {
            problems.add(new FieldError("service", Payload.quote(input.service()) + " does not match "
                    + Payload.quote(spec.service()) + ", the service of " + source));
        }
        problems.addAll(scope.problems(spec.routing(), inline ? "spec." : "", source));
        String deploymentId = deploymentId(input, execution, problems);
        if (!problems.isEmpty()) {
            throw new InvalidWorkflowInputException("workflow execution input", problems);
        }

        Optional<DeploymentRecord> earlier = ledger.find(deploymentId);
        if (earlier.isPresent() && earlier.get().status().isFinal()) {
            DeploymentRecord r = earlier.get();
            throw new InvalidWorkflowInputException("workflow execution input", "deploymentId", "deployment "
                    + deploymentId + " already ran and " + r.status().words() + r.finishedAt().map(at -> " at " + at)
                            .orElse("") + "; a new deployment needs a new id");
        }

        Duration ttl = spec.shifting().totalBake().plus(LOCK_MARGIN);
        LockLease lease = lock.acquire(spec.service(), deploymentId, ttl);
        try {
            ledger.start(DeploymentRecord.started(deploymentId, spec.service(), loaded.version(), clock.instant()));
        } catch (RuntimeException e) {
            // promised: a failed ValidateAndLock holds no lock (a retry takes it again)
            releaseQuietly(spec.service(), deploymentId, e);
            throw e;
        }
        List<PlannedStage> stages = new ArrayList<>();
        for (int i = 0; i < spec.shifting().stages().size(); i++) {
            var stage = spec.shifting().stages().get(i);
            stages.add(new PlannedStage(i, stage.percent(), stage.bake().toSeconds()));
        }
        SpecReference pinned = inline ? input.spec() : new SpecReference.Parameter(loaded.pinnedReference());
        DeploymentPlan plan = new DeploymentPlan(deploymentId, spec.service(), input.codeDeploy().isEmpty(),
                loaded.version(), pinned, stages, lease.deploymentId() + "@" + lease.acquiredAt(),
                input.codeDeploy());
        LOG.info("deployment {} of {} planned: {} stages ({}), spec version {}, lock until {}", deploymentId,
                spec.service(), stages.size(), stages.stream().map(s -> s.percent() + "%")
                        .collect(Collectors.joining(" -> ")), loaded.version(), lease.expiresAt());
        return plan;
    }

    private static String deploymentId(WorkflowInput input, Optional<ExecutionInfo> execution,
            List<FieldError> problems) {
        Optional<String> given = input.deploymentId();
        Optional<String> fromCodeDeploy = input.codeDeploy().map(CodeDeployHook::deploymentId);
        if (given.isPresent() && fromCodeDeploy.isPresent() && !given.equals(fromCodeDeploy)) {
            problems.add(new FieldError("deploymentId", "is " + Payload.quote(given.get()) + " but "
                    + "codeDeploy.deploymentId is " + Payload.quote(fromCodeDeploy.get()) + ": a deployment started by"
                    + " CodeDeploy has CodeDeploy's id (leave deploymentId out)"));
            return null;
        }
        Optional<String> id = given.or(() -> fromCodeDeploy).or(() -> execution.map(ExecutionInfo::name));
        if (id.isEmpty()) {
            problems.add(new FieldError("deploymentId", "missing: give a deploymentId, or run the task from the state "
                    + "machine, which passes the execution name"));
            return null;
        }
        if (execution.isPresent()) {
            String expected = WorkflowExecutions.executionNameFor(id.get());
            if (!expected.equals(execution.get().name())) {
                problems.add(new FieldError("deploymentId", "deployment " + Payload.quote(id.get()) + " must run in"
                        + " the execution named " + Payload.quote(expected) + " (so the alarm path and a repeated "
                        + "start find it), but this execution is named " + Payload.quote(execution.get().name())
                        + ": start it with that name, or leave deploymentId out to use the execution name"));
                return null;
            }
        }
        return id.get();
    }

    // ---- PreTrafficChecks / PostTrafficChecks

    /**
     * A standalone execution's checks before any production traffic moves: the smoke tests against the test
     * listener, and the alarms quiet.
     *
     * @param budget the time the checks may take
     * @return every result (all passed)
     * @throws ChecksFailedException naming every failed check
     */
    public List<CheckResult> preTrafficChecks(DeploymentPlan plan, Duration budget) {
        CutoverSpec spec = specOf(plan);
        return checks("pre-traffic", "smoke-tests(test listener)", spec, spec.routing().testUrl(), budget);
    }

    /**
     * A standalone execution's checks at 100% green: the smoke tests against the production listener, and the
     * alarms quiet.
     *
     * @throws ChecksFailedException naming every failed check
     */
    public List<CheckResult> postTrafficChecks(DeploymentPlan plan, Duration budget) {
        CutoverSpec spec = specOf(plan);
        return checks("post-traffic", "smoke-tests(production listener)", spec, spec.routing().productionUrl(),
                budget);
    }

    private List<CheckResult> checks(String phase, String smokeName, CutoverSpec spec, java.net.URI listener,
            Duration budget) {
        Deadline deadline = Deadline.after(clock, budget);
        List<CheckResult> results = new ArrayList<>();
        if (spec.smokeTests().tests().isEmpty()) {
            results.add(CheckResult.pass(smokeName, "no smoke tests configured", Duration.ZERO));
        } else {
            List<CheckResult> smoke = smokeTests.run(listener, spec.smokeTests(), deadline);
            if (smoke == null || smoke.isEmpty()) {
                results.add(CheckResult.fail(smokeName, "the smoke test runner returned no results for "
                        + spec.smokeTests().tests().size() + " configured tests against " + listener, Duration.ZERO));
            } else {
                results.addAll(smoke);
            }
        }
        results.add(new AlarmCheck(alarms, clock).check(spec.health()));
        results.forEach(r -> LOG.info("{} {}", phase, r));
        if (results.stream().anyMatch(r -> !r.passed())) {
            throw new ChecksFailedException(phase, results);
        }
        return results;
    }

    // ---- ShiftTraffic

    /**
     * Moves production traffic to the stage's split, verifies it by reading back, renews the lock for the rest of
     * the plan and records the stage. Shifting again to the same split is harmless.
     *
     * @throws DeploymentFinishedException   when the ledger says the deployment has ended (the alarm path rolled
     *                                       it back): traffic is not touched
     * @throws DeploymentInProgressException when the lock has passed to another deployment: traffic is not touched
     * @throws TrafficShiftException         when the listener did not take the split
     */
    public ShiftOutcome shift(DeploymentPlan plan, PlannedStage stage) {
        requireStageOf(plan, stage);
        DeploymentRecord record = ledger.find(plan.deploymentId()).orElseThrow(() -> notInLedger(plan));
        if (record.status().isFinal()) {
            throw new DeploymentFinishedException(record, "shifting traffic to " + stage);
        }
        CutoverSpec spec = specOf(plan);
        renewLock(plan, stage);
        Weights weights = shifter.shift(spec.routing(), Weights.ofGreenPercent(stage.percent()));
        Instant at = clock.instant();
        ledger.stageReached(plan.deploymentId(), new StageEntry(stage.index(), stage.percent(), weights.blue(),
                weights.green(), SHIFTED, at));
        return new ShiftOutcome(weights, at);
    }

    /**
     * Extends the lease for the bake time left plus the margin. The lease ValidateAndLock took already covers the
     * whole plan, so a renewal that fails for any reason but another deployment holding the lock is logged and the
     * shift goes on.
     */
    private void renewLock(DeploymentPlan plan, PlannedStage stage) {
        try {
            lock.acquire(plan.service(), plan.deploymentId(), plan.bakeFrom(stage.index()).plus(LOCK_MARGIN));
        } catch (DeploymentInProgressException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("could not renew the lock of {} for deployment {} ({}); the lease ValidateAndLock took still "
                    + "covers the plan", plan.service(), plan.deploymentId(), e.toString());
        }
    }

    // ---- JudgeHealth

    /**
     * Judges green after a stage's bake: the spec's alarms and metric gates over the window from the shift to now
     * ({@link HealthJudge}). The verdict, with its numbers, is recorded in the ledger whatever it is; anything but
     * HEALTHY (an inconclusive verdict included: too few requests) then fails the stage.
     *
     * @param shifted what ShiftTraffic returned; the bake window starts at its {@code shiftedAt} (without it, one
     *                bake time before now)
     * @return the healthy verdict
     * @throws HealthGateFailedException   when green is unhealthy or the verdict inconclusive; the message has the
     *                                     numbers
     * @throws DeploymentFinishedException when the ledger says the deployment already ended
     */
    public HealthVerdict judge(DeploymentPlan plan, PlannedStage stage, Optional<ShiftOutcome> shifted) {
        requireStageOf(plan, stage);
        DeploymentRecord record = ledger.find(plan.deploymentId()).orElseThrow(() -> notInLedger(plan));
        if (record.status().isFinal()) {
            throw new DeploymentFinishedException(record, "judging " + stage);
        }
        CutoverSpec spec = specOf(plan);
        Instant now = clock.instant();
        Instant bakeStart = shifted.map(ShiftOutcome::shiftedAt).orElse(now.minus(stage.bake()));
        if (!now.isAfter(bakeStart)) {
            // a stage without bake is judged at once; the judge needs a window, however short
            bakeStart = now.minusSeconds(1);
        }
        HealthVerdict verdict = healthJudge.judge(spec, bakeStart, now);
        Weights weights = shifted.map(ShiftOutcome::weights).orElse(Weights.ofGreenPercent(stage.percent()));
        ledger.stageReached(plan.deploymentId(), new StageEntry(stage.index(), stage.percent(), weights.blue(),
                weights.green(), cut(verdict.summary(), MAX_VERDICT_LENGTH), now));
        LOG.info("{} of deployment {} judged over {} s: {}", stage, plan.deploymentId(),
                Duration.between(bakeStart, now).toSeconds(), verdict.summary());
        return HealthGateFailedException.requireHealthy(verdict);
    }

    // ---- Finalize

    /**
     * Ends a deployment whose every stage was healthy: reports the CodeDeploy hook Succeeded (when BeforeAllowTraffic
     * started the execution), records PROMOTED, releases the lock and publishes the outcome (best effort). The hook is
     * reported first so that a retry after a failed report still reports, and only the call that records the outcome
     * publishes it.
     *
     * @throws DeploymentFinishedException when the ledger says the deployment was rolled back or failed: the hook is
     *                                     not reported Succeeded
     */
    public Promotion finalizeDeployment(DeploymentPlan plan) {
        DeploymentRecord record = ledger.find(plan.deploymentId()).orElseThrow(() -> notInLedger(plan));
        if (record.status() == Status.ROLLED_BACK || record.status() == Status.FAILED) {
            throw new DeploymentFinishedException(record, "promoting it");
        }
        String codeDeploy = "no CodeDeploy hook (standalone)";
        if (plan.codeDeploy().isPresent()) {
            CodeDeployHook hook = plan.codeDeploy().get();
            if (hook.trafficAllowed()) {
                codeDeploy = "nothing to report: CodeDeploy already allowed traffic at " + hook.hook();
            } else {
                HookStatusReporter.Outcome outcome = hookReporter.report(hook.execution(), HookStatus.SUCCEEDED);
                codeDeploy = outcome == HookStatusReporter.Outcome.REPORTED
                        ? "reported " + hook.hook() + " Succeeded"
                        : hook.hook() + " already had a status (a repeated Finalize)";
            }
        }
        boolean recordsIt = record.status() == Status.IN_PROGRESS;
        String reason = "every stage healthy: " + plan.stages().stream().map(s -> s.percent() + "%")
                .collect(Collectors.joining(" -> "));
        ledger.finish(plan.deploymentId(), Status.PROMOTED, reason, clock.instant());
        lock.release(plan.service(), plan.deploymentId());
        int reached = plan.lastStage().percent();
        boolean notified = recordsIt && publish(new DeploymentNotification(plan.service(), plan.deploymentId(),
                Status.PROMOTED, reached, reason));
        LOG.info("deployment {} of {} promoted; {}", plan.deploymentId(), plan.service(), codeDeploy);
        return new Promotion(plan.deploymentId(), plan.service(), reached, codeDeploy, notified);
    }

    // ---- Rollback

    /**
     * The workflow's Rollback task: puts traffic back on blue and ends the deployment. See
     * {@link #rollBack(CutoverSpec, String, Optional, String, Duration)}.
     */
    public RollbackOutcome rollBack(DeploymentPlan plan, String reason, Duration budget) {
        Objects.requireNonNull(plan, "plan");
        CutoverSpec spec;
        try {
            spec = specOf(plan);
        } catch (RuntimeException e) {
            // without the spec there is no routing to put back; CodeDeploy must still hear, then the task fails
            LOG.error("cannot load the spec of deployment {} to roll it back: {}", plan.deploymentId(), e.toString());
            return rollBack(null, plan.service(), plan.deploymentId(), plan.stages().size(), plan.codeDeploy(),
                    reason, budget, e);
        }
        return rollBack(spec, plan.service(), plan.deploymentId(), plan.stages().size(), plan.codeDeploy(), reason,
                budget, null);
    }

    /**
     * Rolls a deployment back; the workflow's Rollback task and the alarm path share it. In order: production
     * traffic to 100% blue (immediately, or through the spec's gradual steps when they fit in {@code budget}),
     * verified by reading back; the CodeDeploy hook reported Failed, or the CodeDeploy deployment stopped with
     * auto-rollback when traffic had already been allowed; the ledger's ROLLED_BACK with the final weights; the
     * lock released; the outcome published.
     *
     * <p>Idempotent: a rollback of a deployment the ledger has already ended converges traffic again (a no-op at
     * 100% blue) and releases the lock, but reports and publishes nothing. Traffic is left alone when another
     * deployment has taken the service's lock over: it owns the listener now.
     *
     * @param budget the time this call may take; a gradual rollback that would not fit goes straight to blue
     * @throws TrafficShiftException when traffic could not be put back on blue after every attempt; CodeDeploy has
     *                               still been told, and the ledger records FAILED with where traffic was last read
     */
    public RollbackOutcome rollBack(CutoverSpec spec, String deploymentId, Optional<CodeDeployHook> codeDeploy,
            String reason, Duration budget) {
        Objects.requireNonNull(spec, "spec");
        return rollBack(spec, spec.service(), deploymentId, spec.shifting().stages().size(), codeDeploy, reason,
                budget, null);
    }

    private RollbackOutcome rollBack(CutoverSpec spec, String service, String deploymentId, int plannedStages,
            Optional<CodeDeployHook> codeDeploy, String reason, Duration budget, RuntimeException specError) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
        String why = reason(reason);
        Optional<DeploymentRecord> record = ledger.find(deploymentId);
        Optional<Status> before = record.map(DeploymentRecord::status);
        boolean alreadyEnded = before.filter(Status::isFinal).isPresent();

        // 1. traffic
        Optional<String> owner = lockOwnedByAnother(service, deploymentId);
        Optional<Weights> weights = Optional.empty();
        RuntimeException trafficError = specError;
        if (owner.isPresent()) {
            LOG.warn("not touching traffic of {}: deployment {} holds its lock now and owns the listener", service,
                    owner.get());
        } else if (spec != null) {
            try {
                RollbackResult result = rollback.rollBack(spec.routing(), fit(spec.rollback(), budget), why);
                weights = Optional.of(result.finalWeights());
            } catch (TrafficShiftException e) {
                trafficError = e;
            }
        }

        // 2. CodeDeploy: told before anything else can fail, so it never waits for a hook nobody will answer
        String codeDeployAction = codeDeploy.isEmpty() ? "no CodeDeploy deployment (standalone)"
                : alreadyEnded && before.get() != Status.PROMOTED
                        ? "already answered when the deployment " + before.get().words()
                        : answerCodeDeploy(codeDeploy.get(), before.orElse(Status.IN_PROGRESS));

        // 3. ledger
        Instant now = clock.instant();
        Optional<Weights> at = weights.isPresent() ? weights
                : trafficError instanceof TrafficShiftException t ? t.lastRead() : Optional.empty();
        Status status = trafficError == null ? Status.ROLLED_BACK : Status.FAILED;
        String recorded = trafficError == null ? why
                : "rollback failed (" + oneLine(trafficError.getMessage()) + "); rollback reason: " + why;
        if (record.isPresent()) {
            String verdict = trafficError == null ? "rolled back: " + why : "rollback failed: " + recorded;
            at.ifPresent(w -> ledger.stageReached(deploymentId, new StageEntry(plannedStages, 0, w.blue(), w.green(),
                    cut(verdict, MAX_VERDICT_LENGTH), now)));
            if (!alreadyEnded) {
                ledger.finish(deploymentId, status, cut(recorded, MAX_REASON_LENGTH), now);
            } else {
                LOG.info("ledger already has deployment {} {}; kept that outcome", deploymentId, before.get());
            }
        } else {
            LOG.warn("deployment {} is not in the ledger; nothing to record", deploymentId);
        }

        // 4. lock: kept while traffic may still be on green, so no other deployment starts on top of it
        if (trafficError == null) {
            lock.release(service, deploymentId);
        }

        // 5. people (a promoted deployment rolled back by the alarm path is news too)
        if (record.isPresent() && (!alreadyEnded || before.get() == Status.PROMOTED)) {
            publish(new DeploymentNotification(service, deploymentId, status,
                    stageReached(record.get(), plannedStages), recorded));
        }
        if (trafficError != null) {
            throw trafficError;
        }
        LOG.warn("deployment {} of {} rolled back ({}); {}", deploymentId, service, weights.map(Weights::toString)
                .orElse("traffic untouched"), codeDeployAction);
        return new RollbackOutcome(Optional.of(deploymentId), Optional.of(service), why, weights,
                alreadyEnded ? before.get() : status, codeDeployAction, alreadyEnded);
    }

    /**
     * Rollback after ValidateAndLock refused the execution (no plan): nothing but CodeDeploy and people are told.
     * No traffic, lock or ledger entry is touched, not even one under the same deployment id: the refusal may be of
     * a second execution claiming a deployment that is running in its own execution. (A ValidateAndLock that died
     * after taking the lock leaves it to expire.) The CodeDeploy hook is reported Failed when the input names one.
     *
     * @param service      the input's service, when readable
     * @param deploymentId the input's deploymentId or CodeDeploy's, when readable
     */
    public RollbackOutcome rejected(Optional<String> service, Optional<String> deploymentId,
            Optional<CodeDeployHook> codeDeploy, String reason) {
        String why = reason(reason);
        String codeDeployAction = "no CodeDeploy deployment";
        if (codeDeploy.isPresent()) {
            CodeDeployHook hook = codeDeploy.get();
            HookStatusReporter.Outcome outcome = hookReporter.report(hook.execution(), HookStatus.FAILED);
            codeDeployAction = outcome == HookStatusReporter.Outcome.REPORTED
                    ? "reported " + hook.hook() + " Failed" : hook.hook() + " already had a status";
        }
        publish(new DeploymentNotification(service.orElse("unknown-service"),
                deploymentId.orElse("unassigned"), Status.FAILED, DeploymentNotification.NO_STAGE,
                "refused before any traffic moved: " + why));
        LOG.warn("execution refused before any traffic moved ({}): {}", codeDeployAction, why);
        return new RollbackOutcome(deploymentId, service, why, Optional.empty(), Status.FAILED, codeDeployAction,
                false);
    }

    private String answerCodeDeploy(CodeDeployHook hook, Status before) {
        if (hook.trafficAllowed() || before == Status.PROMOTED) {
            deploymentControl.stopDeployment(hook.deploymentId(), true);
            return "stopped CodeDeploy deployment " + hook.deploymentId() + " with auto-rollback ("
                    + (hook.trafficAllowed() ? "traffic was allowed at " + hook.hook()
                            : "the deployment had been promoted") + ")";
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

    private Optional<String> lockOwnedByAnother(String service, String deploymentId) {
        try {
            return lock.holder(service).filter(lease -> !lease.isHeldBy(deploymentId)).map(LockLease::deploymentId);
        } catch (RuntimeException e) {
            // unknown owner: putting traffic on blue is the safe side
            LOG.warn("cannot read the lock of {} ({}); rolling back anyway", service, e.toString());
            return Optional.empty();
        }
    }

    private RollbackPolicy fit(RollbackPolicy policy, Duration budget) {
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
        return record.stagesReached().stream().filter(e -> e.index() < plannedStages)
                .reduce((first, second) -> second).map(StageEntry::percent)
                .orElse(DeploymentNotification.NO_STAGE);
    }

    // ---- specs

    /** The spec a plan names: its pinned parameter version, or its inline document. */
    public CutoverSpec specOf(DeploymentPlan plan) {
        return load(plan.spec()).spec();
    }

    /**
     * Loads a spec reference: a parameter through the repository; an inline document by parsing it, with errors at
     * {@code spec.}-prefixed paths and the source {@value #INLINE_SOURCE}.
     */
    public VersionedSpec load(SpecReference reference) {
        if (reference instanceof SpecReference.Parameter p) {
            return specs.load(p.name());
        }
        String text = Payload.toJson(((SpecReference.Inline) reference).document());
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INLINE_SPEC_BYTES) {
            throw new InvalidWorkflowInputException("workflow execution input", "spec", "is " + bytes + " bytes as "
                    + "JSON; an inline spec may have at most " + MAX_INLINE_SPEC_BYTES + " because every state carries "
                    + "it (Step Functions allows 256 KB): put it in SSM and pass specParameter");
        }
        CutoverSpec spec;
        try {
            spec = SpecParser.parse(text, INLINE_SOURCE);
        } catch (SpecException e) {
            throw new SpecException(INLINE_SOURCE, e.errors().stream()
                    .map(err -> new FieldError(inlinePath(err.path()), err.reason())).toList());
        }
        return new VersionedSpec(spec, "sha256:" + sha256(text).substring(0, 16), INLINE_SOURCE);
    }

    private static String inlinePath(String path) {
        if (path == null || path.isEmpty() || path.equals("(document)")) {
            return "spec";
        }
        return path.startsWith("[") ? "spec" + path : "spec." + path;
    }

    // ---- helpers

    private static void requireStageOf(DeploymentPlan plan, PlannedStage stage) {
        Objects.requireNonNull(stage, "stage");
        if (!plan.stages().contains(stage)) {
            throw new InvalidWorkflowInputException("task payload", "stage", stage + " with bake "
                    + stage.bakeSeconds() + " s is not one of deployment " + plan.deploymentId() + "'s stages "
                    + plan.stages());
        }
    }

    private static IllegalStateException notInLedger(DeploymentPlan plan) {
        return new IllegalStateException("deployment " + plan.deploymentId() + " of " + plan.service()
                + " is not in the ledger; ValidateAndLock records every deployment it plans");
    }

    private boolean publish(DeploymentNotification notification) {
        try {
            notifier.publish(notification);
            return true;
        } catch (RuntimeException e) {
            // the ledger holds the outcome; a lost message must not turn a finished deployment into a failed task
            LOG.error("could not publish \"{}\": {}", notification.subject(), e.toString());
            return false;
        }
    }

    private void releaseQuietly(String service, String deploymentId, RuntimeException cause) {
        try {
            lock.release(service, deploymentId);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "no reason given" : cut(oneLine(reason), MAX_REASON_LENGTH);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The workflow's ports and settings; every one is required except the scope and the rollback's retry tuning. */
    public static final class Builder {

        private SpecRepository specs;
        private TrafficRouter router;
        private DeploymentLock lock;
        private DeploymentLedger ledger;
        private Notifier notifier = Notifier.NONE;
        private HookStatusReporter hookReporter;
        private DeploymentControl deploymentControl;
        private AlarmStateReader alarms;
        private SmokeTestRunner smokeTests;
        private HealthJudge healthJudge;
        private RoutingScope scope = RoutingScope.ANY;
        private Clock clock;
        private Sleeper sleeper;
        private Integer rollbackAttempts;
        private Duration rollbackBackoff;

        private Builder() {
        }

        public Builder specs(SpecRepository specs) {
            this.specs = specs;
            return this;
        }

        public Builder router(TrafficRouter router) {
            this.router = router;
            return this;
        }

        public Builder lock(DeploymentLock lock) {
            this.lock = lock;
            return this;
        }

        public Builder ledger(DeploymentLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        /** Defaults to {@link Notifier#NONE}. */
        public Builder notifier(Notifier notifier) {
            this.notifier = notifier;
            return this;
        }

        public Builder hookReporter(HookStatusReporter hookReporter) {
            this.hookReporter = hookReporter;
            return this;
        }

        public Builder deploymentControl(DeploymentControl deploymentControl) {
            this.deploymentControl = deploymentControl;
            return this;
        }

        public Builder alarms(AlarmStateReader alarms) {
            this.alarms = alarms;
            return this;
        }

        public Builder smokeTests(SmokeTestRunner smokeTests) {
            this.smokeTests = smokeTests;
            return this;
        }

        public Builder healthJudge(HealthJudge healthJudge) {
            this.healthJudge = healthJudge;
            return this;
        }

        /** Defaults to {@link RoutingScope#ANY}. */
        public Builder scope(RoutingScope scope) {
            this.scope = scope;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The final shift to blue's tries and first backoff; {@link Rollback}'s defaults otherwise. */
        public Builder rollbackRetries(int attempts, Duration backoff) {
            this.rollbackAttempts = attempts;
            this.rollbackBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** @throws NullPointerException naming the first missing dependency */
        public DeploymentWorkflow build() {
            return new DeploymentWorkflow(this);
        }
    }
}
