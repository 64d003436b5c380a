package dev.cutover.core.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.spec.CutoverSpec;

/**
 * The alarm path: a CloudWatch alarm of the service went to ALARM while one of its deployments is in flight, so the
 * execution is stopped and the deployment rolled back by the workflow's own {@link DeploymentRollback}, with the
 * alarm as the reason.
 *
 * <p>The stack serves one service, whose spec is the parameter given here; an alarm belongs to it when its name is
 * in the spec's {@code health.alarms}. In flight means the ledger's {@link DeploymentLedger#findInFlight}.
 *
 * <p>Traffic goes back on blue before anything else changes. The reads before that write are the ones it needs:
 * the spec (whether the alarm is the service's at all, the service's name, and its production route and rollback
 * policy) and the ledger's deployment in flight (that there is one, and the target group roles it recorded, which
 * say which group is blue). {@link DeploymentRollback} then reads the lock's holder (a deployment that took the
 * lock over owns the listener) and writes 100% blue. Only after that, and after the fence is decided, is the
 * execution stopped, found by name ({@link WorkflowExecutions#executionNameFor} of the deployment id, which
 * ValidateAndLock enforces); its input says which CodeDeploy hook to answer for. OK and INSUFFICIENT_DATA,
 * unrelated alarms, no deployment in flight, and a repeated or late event (the deployment is no longer in flight)
 * change nothing.
 */
public final class AlarmTrigger {

    /** The error a stopped execution shows. */
    public static final String STOP_ERROR = dev.cutover.core.error.AlarmTriggeredRollback.class.getName();

    /** Beyond the rollback's own time, how long the lock taken again for a rollback inside the window lasts. */
    static final Duration WINDOW_LEASE_MARGIN = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(AlarmTrigger.class);

    private final SpecRepository specs;
    private final String specParameter;
    private final DeploymentLedger ledger;
    private final WorkflowExecutions executions;
    private final String stateMachineArn;
    private final DeploymentRollback rollback;
    private final Optional<Window> window;

    /** What a rollback inside a promotion's rollback window needs: the lock to take again, and the time. */
    private record Window(DeploymentLock lock, Clock clock) {}

    /**
     * @param specParameter   the service's spec parameter (the stack's {@code CUTOVER_SPEC_PARAMETER})
     * @param stateMachineArn the deployment workflow, whose executions are named after their deployments
     */
    public AlarmTrigger(
            SpecRepository specs,
            String specParameter,
            DeploymentLedger ledger,
            WorkflowExecutions executions,
            String stateMachineArn,
            DeploymentRollback rollback) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.specParameter = Objects.requireNonNull(specParameter, "specParameter");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.executions = Objects.requireNonNull(executions, "executions");
        WorkflowExecutions.executionArnFor(stateMachineArn, "probe");
        this.stateMachineArn = stateMachineArn;
        this.rollback = Objects.requireNonNull(rollback, "rollback");
        this.window = Optional.empty();
    }

    private AlarmTrigger(AlarmTrigger base, Window window) {
        this.specs = base.specs;
        this.specParameter = base.specParameter;
        this.ledger = base.ledger;
        this.executions = base.executions;
        this.stateMachineArn = base.stateMachineArn;
        this.rollback = base.rollback;
        this.window = Optional.of(window);
    }

    /**
     * This alarm path, also rolling back a promoted deployment whose rollback window ({@code rollback.windowMinutes})
     * is open at {@code clock}'s now: it takes the service's lock again for the promoted deployment (so a new
     * deployment of the service, which closes the window, and this rollback exclude each other), records ROLLED_BACK
     * inside the window in one conditional ledger write, and rolls back as the workflow would.
     */
    public AlarmTrigger withRollbackWindow(DeploymentLock lock, Clock clock) {
        return new AlarmTrigger(this, new Window(Objects.requireNonNull(lock, "lock"), Objects.requireNonNull(clock)));
    }

    /**
     * What the alarm path did.
     *
     * @param rolledBack whether a deployment was rolled back (else the event was ignored)
     * @param alarmName  the alarm the event was about
     * @param detail     what was done or why nothing was, in words
     * @param rollback   the rollback's outcome, when there was one
     */
    public record Result(boolean rolledBack, String alarmName, String detail, Optional<RollbackOutcome> rollback) {}

    /**
     * @param budget the time the rollback may take
     * @throws dev.cutover.core.error.TrafficShiftException when traffic could not be put back on blue
     */
    public Result onStateChange(AlarmStateChange change, Duration budget) {
        String alarm = change.alarmName();
        if (!change.isAlarm()) {
            return ignored(alarm, "state " + change.state() + " is not ALARM");
        }
        CutoverSpec spec = specs.load(specParameter).spec();
        if (!spec.health().alarms().contains(alarm)) {
            return ignored(
                    alarm,
                    "not one of " + spec.service() + "'s health.alarms "
                            + spec.health().alarms());
        }
        Optional<DeploymentRecord> inFlight = ledger.findInFlight(spec.service());
        if (inFlight.isEmpty()) {
            String service = spec.service();
            return insideRollbackWindow(spec, change, budget)
                    .orElseGet(() -> ignored(alarm, "no deployment of " + service + " in flight"));
        }
        String deploymentId = inFlight.get().deploymentId();
        spec = ExecutionInputs.withRecordedRoles(spec, inFlight.get());
        String reason = "alarm " + alarm + " in ALARM" + (change.reason().isBlank() ? "" : ": " + change.reason());
        LOG.warn("{}; rolling back deployment {} of {}", reason, deploymentId, spec.service());

        String executionArn =
                WorkflowExecutions.executionArnFor(stateMachineArn, WorkflowExecutions.executionNameFor(deploymentId));
        String stopCause = reason + "; Cutover rolled deployment " + deploymentId + " back to blue";
        // traffic first; then the execution is stopped (so it shifts nothing more: a shift already running loses to
        // the decided fence) and its input read for the CodeDeploy hook it answers for
        RollbackOutcome outcome = rollback.rollBack(
                spec, deploymentId, () -> stopAndReadHook(executionArn, stopCause, false), reason, budget);
        return new Result(
                true,
                alarm,
                "rolled back deployment " + deploymentId + " of " + spec.service() + "; " + outcome.codeDeploy(),
                Optional.of(outcome));
    }

    /**
     * The service's latest deployment, when it promoted and its rollback window is open now (by this trigger's
     * clock, whatever the ledger's close says: a close that comes late cannot matter), rolled back to blue.
     */
    private Optional<Result> insideRollbackWindow(CutoverSpec spec, AlarmStateChange change, Duration budget) {
        if (window.isEmpty()) {
            return Optional.empty();
        }
        Optional<DeploymentRecord> latest =
                ledger.history(spec.service(), 1).stream().findFirst();
        Instant now = window.get().clock().instant();
        if (latest.isEmpty()
                || latest.get().status() != DeploymentRecord.Status.PROMOTED
                || latest.get().rollbackWindow().filter(w -> w.isOpenAt(now)).isEmpty()) {
            return Optional.empty();
        }
        DeploymentRecord promoted = latest.get();
        String deploymentId = promoted.deploymentId();
        String alarm = change.alarmName();
        String reason = "alarm " + alarm + " in ALARM inside the rollback window (until "
                + promoted.rollbackWindow().get().endsAt() + ")"
                + (change.reason().isBlank() ? "" : ": " + change.reason());
        // Here the lock is taken and the ledger written before traffic moves: the promoted deployment holds no lock,
        // and a new deployment of the service that took it owns the listener (its blue is this one's green), so
        // blue of this deployment may only be written once this rollback holds the lock.
        DeploymentLock lock = window.get().lock();
        try {
            lock.acquire(spec.service(), deploymentId, budget.plus(WINDOW_LEASE_MARGIN));
        } catch (DeploymentInProgressException another) {
            // a new deployment of the service holds the lock: it closes this window and owns the listener
            return Optional.of(ignored(
                    alarm, "deployment " + deploymentId + "'s rollback window is closing: " + another.getMessage()));
        }
        if (!ledger.rollBackInsideWindow(deploymentId, reason, now)) {
            lock.release(spec.service(), deploymentId);
            return Optional.of(ignored(alarm, "deployment " + deploymentId + "'s rollback window closed"));
        }
        LOG.warn("{}; rolling back promoted deployment {} of {}", reason, deploymentId, spec.service());
        String executionArn =
                WorkflowExecutions.executionArnFor(stateMachineArn, WorkflowExecutions.executionNameFor(deploymentId));
        String stopCause = reason + "; Cutover rolled deployment " + deploymentId + " back to blue";
        // the execution waits out the window: it must not close a window that was rolled back
        RollbackOutcome outcome = rollback.rollBackPromotion(
                ExecutionInputs.withRecordedRoles(spec, promoted),
                deploymentId,
                () -> stopAndReadHook(executionArn, stopCause, true),
                reason,
                budget);
        return Optional.of(new Result(
                true,
                alarm,
                "rolled back promoted deployment " + deploymentId + " of " + spec.service()
                        + " inside its rollback window; " + outcome.codeDeploy(),
                Optional.of(outcome)));
    }

    /**
     * Stops the deployment's execution and reads which CodeDeploy hook it answers for; neither may keep the rollback
     * from going on (traffic is already on blue, and a live execution's next shift refuses on the decided fence).
     *
     * @param ifRunning stop only a running execution (a promoted one may have ended)
     */
    private Optional<CodeDeployHook> stopAndReadHook(String executionArn, String cause, boolean ifRunning) {
        try {
            if (!ifRunning || executions.isRunning(executionArn)) {
                executions.stop(executionArn, STOP_ERROR, cause);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not stop execution {} ({}); rolling back anyway", executionArn, e.toString());
        }
        return ExecutionInputs.codeDeployOf(ExecutionInputs.read(executions, executionArn));
    }

    private static Result ignored(String alarm, String why) {
        LOG.info("alarm {}: nothing to do, {}", alarm, why);
        return new Result(false, alarm, why, Optional.empty());
    }
}
