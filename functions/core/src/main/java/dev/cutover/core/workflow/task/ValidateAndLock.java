package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecValidator;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.ExecutionInfo;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.RoleResolver;
import dev.cutover.core.workflow.RoutingScope;
import dev.cutover.core.workflow.SpecReference;
import dev.cutover.core.workflow.SpecResolver;
import dev.cutover.core.workflow.WorkflowInput;

import static dev.cutover.core.workflow.Reporting.quote;

/**
 * The ValidateAndLock state: loads and validates the spec, decides the deployment id, takes the service's lock and
 * opens the ledger entry. Taking the lock is the last step that can refuse: when this throws, it holds no lock.
 * Safe to run again: the lock is re-entrant for its holder and the ledger keeps one entry per deployment.
 */
public final class ValidateAndLock {

    /** Added to the total bake time for the lock's lease: checks, shifts, judging, retries and a rollback. */
    public static final Duration LOCK_MARGIN = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(ValidateAndLock.class);
    private static final String WHAT = "workflow execution input";

    private final SpecResolver specs;
    private final DeploymentLock lock;
    private final DeploymentLedger ledger;
    private final RoutingScope scope;
    private final RoleResolver roles;
    private final Clock clock;

    public ValidateAndLock(
            SpecResolver specs,
            DeploymentLock lock,
            DeploymentLedger ledger,
            RoutingScope scope,
            RoleResolver roles,
            Clock clock) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Plans the deployment. Its id is the input's {@code deploymentId}, else the CodeDeploy deployment id, else the
     * execution name; and the execution must be named {@link WorkflowExecutions#executionNameFor} of it, so that the
     * alarm path can find the execution from the ledger, and a second start of the same deployment finds this one.
     *
     * @param execution the execution's id and name from the Context object; empty when called outside Step
     *                  Functions (the input must then name the deployment)
     * @throws SpecException                 when the spec is missing or invalid (an inline spec's paths are
     *                                       prefixed {@code spec.})
     * @throws InvalidWorkflowInputException when the input does not fit the spec, the stack or the execution
     * @throws DeploymentInProgressException when another deployment of the service holds the lock
     */
    public DeploymentPlan run(WorkflowInput input, Optional<ExecutionInfo> execution) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(execution, "execution");
        boolean inline = input.spec() instanceof SpecReference.Inline;
        VersionedSpec loaded = specs.resolve(input.spec());
        CutoverSpec spec = loaded.spec();
        String source = inline ? "the inline spec" : "spec " + loaded.pinnedReference();

        List<FieldError> problems = new ArrayList<>();
        if (!spec.service().equals(input.service())) {
            problems.add(new FieldError(
                    "service",
                    quote(input.service()) + " does not match " + quote(spec.service()) + ", the service of "
                            + source));
        }
        problems.addAll(scope.problems(spec.routing(), inline ? "spec." : "", source));
        String deploymentId = deploymentId(input, execution, problems);
        if (!problems.isEmpty()) {
            throw new InvalidWorkflowInputException(WHAT, problems);
        }
        refuseFinished(deploymentId);

        // approval gates wait inside the lease too, or a slow approver would let the lease lapse
        Duration ttl = spec.shifting()
                .totalBake()
                .plus(spec.shifting().totalApprovalTimeout())
                .plus(LOCK_MARGIN);
        LockLease lease = lock.acquire(spec.service(), deploymentId, ttl);
        TargetGroupRoles resolved;
        try {
            // under the lock: no other deployment of the service moves the route while it is read
            resolved = roles.resolve(spec.routing(), input.codeDeploy(), source);
            closePreviousWindow(spec.service(), deploymentId);
            ledger.start(DeploymentRecord.started(
                    deploymentId, spec.service(), loaded.version(), clock.instant(), resolved));
        } catch (RuntimeException e) {
            // promised: a failed ValidateAndLock holds no lock (a retry takes it again)
            releaseQuietly(spec.service(), deploymentId, e);
            throw e;
        }
        List<PlannedStage> stages = new ArrayList<>();
        for (int i = 0; i < spec.shifting().stages().size(); i++) {
            var stage = spec.shifting().stages().get(i);
            stages.add(new PlannedStage(
                    i,
                    stage.percent(),
                    stage.bake().toSeconds(),
                    stage.approvalTimeout().map(Duration::toSeconds)));
        }
        SpecReference pinned = inline ? input.spec() : new SpecReference.Parameter(loaded.pinnedReference());
        DeploymentPlan plan = new DeploymentPlan(
                deploymentId,
                spec.service(),
                input.codeDeploy().isEmpty(),
                loaded.version(),
                pinned,
                stages,
                lease.deploymentId() + "@" + lease.acquiredAt(),
                input.codeDeploy(),
                resolved,
                spec.rollback().window().toSeconds(),
                Optional.of(spec.routing().productionRoute()));
        LOG.info(
                "deployment {} of {} planned: {} stages ({}), spec version {}, lock until {}, {}",
                deploymentId,
                spec.service(),
                stages.size(),
                stages.stream().map(s -> s.percent() + "%").collect(Collectors.joining(" -> ")),
                loaded.version(),
                lease.expiresAt(),
                resolved);
        // what the validator says of a valid spec (bakes the metric gates extend, with the arithmetic): in the
        // execution's logs too, not only in `cutover plan`
        SpecValidator.notes(spec).forEach(note -> LOG.info("deployment {}: {}", deploymentId, note));
        return plan;
    }

    private void refuseFinished(String deploymentId) {
        Optional<DeploymentRecord> earlier = ledger.find(deploymentId);
        if (earlier.isPresent() && earlier.get().status().isFinal()) {
            DeploymentRecord r = earlier.get();
            throw new InvalidWorkflowInputException(
                    WHAT,
                    "deploymentId",
                    "deployment " + deploymentId
                            + " already ran and " + r.status().words()
                            + r.finishedAt().map(at -> " at " + at).orElse("")
                            + "; a new deployment needs a new id");
        }
    }

    private static String deploymentId(
            WorkflowInput input, Optional<ExecutionInfo> execution, List<FieldError> problems) {
        Optional<String> given = input.deploymentId();
        Optional<String> fromCodeDeploy = input.codeDeploy().map(CodeDeployHook::deploymentId);
        if (given.isPresent() && fromCodeDeploy.isPresent() && !given.equals(fromCodeDeploy)) {
            problems.add(new FieldError(
                    "deploymentId",
                    "is " + quote(given.get()) + " but "
                            + "codeDeploy.deploymentId is " + quote(fromCodeDeploy.get()) + ": a deployment started by"
                            + " CodeDeploy has CodeDeploy's id (leave deploymentId out)"));
            return null;
        }
        Optional<String> id = given.or(() -> fromCodeDeploy).or(() -> execution.map(ExecutionInfo::name));
        if (id.isEmpty()) {
            problems.add(new FieldError(
                    "deploymentId",
                    "missing: give a deploymentId, or run the task from the state "
                            + "machine, which passes the execution name"));
            return null;
        }
        if (execution.isPresent()) {
            String expected = WorkflowExecutions.executionNameFor(id.get());
            if (!expected.equals(execution.get().name())) {
                problems.add(new FieldError(
                        "deploymentId",
                        "deployment " + quote(id.get()) + " must run in"
                                + " the execution named " + quote(expected) + " (so the alarm path and a repeated "
                                + "start find it), but this execution is named "
                                + quote(execution.get().name())
                                + ": start it with that name, or leave deploymentId out to use the execution name"));
                return null;
            }
        }
        return id.get();
    }

    /**
     * A new deployment ends the previous one's rollback window: blue is about to be replaced, and an alarm from now
     * on belongs to this deployment. Done under the lock, which the alarm path also takes for a rollback inside the
     * window, so the two never overlap.
     */
    private void closePreviousWindow(String service, String deploymentId) {
        for (DeploymentRecord previous : ledger.history(service, 1)) {
            if (!previous.deploymentId().equals(deploymentId)
                    && ledger.closeRollbackWindow(previous.deploymentId(), clock.instant())) {
                LOG.info(
                        "deployment {} of {} closed the rollback window of deployment {}",
                        deploymentId,
                        service,
                        previous.deploymentId());
            }
        }
    }

    private void releaseQuietly(String service, String deploymentId, RuntimeException cause) {
        try {
            lock.release(service, deploymentId);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
