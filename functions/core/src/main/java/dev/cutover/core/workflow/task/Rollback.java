package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.DeploymentRollback;
import dev.cutover.core.workflow.Reporting;
import dev.cutover.core.workflow.RollbackOutcome;
import dev.cutover.core.workflow.SpecResolver;

/**
 * The Rollback state, which every failure is caught into. With a plan, the deployment is rolled back by
 * {@link DeploymentRollback} (the alarm path's rollback too); without one (ValidateAndLock refused the execution)
 * only CodeDeploy and people are told.
 */
public final class Rollback {

    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    private final SpecResolver specs;
    private final DeploymentRollback rollback;
    private final HookStatusReporter hookReporter;
    private final Notifier notifier;

    public Rollback(
            SpecResolver specs, DeploymentRollback rollback, HookStatusReporter hookReporter, Notifier notifier) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.rollback = Objects.requireNonNull(rollback, "rollback");
        this.hookReporter = Objects.requireNonNull(hookReporter, "hookReporter");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * Puts traffic back on blue and ends the planned deployment ({@link DeploymentRollback}).
     *
     * @param budget the time the task may take; a gradual rollback that would not fit goes straight to blue
     * @throws TrafficShiftException when traffic could not be put back on blue; also the spec's error when the
     *                               plan's spec cannot be loaded (CodeDeploy has still been told)
     */
    public RollbackOutcome run(DeploymentPlan plan, String reason, Duration budget) {
        Objects.requireNonNull(plan, "plan");
        CutoverSpec spec;
        try {
            spec = specs.specOf(plan);
        } catch (RuntimeException e) {
            // without the spec there is no routing to put back; CodeDeploy must still hear, then the task fails
            LOG.error("cannot load the spec of deployment {} to roll it back: {}", plan.deploymentId(), e.toString());
            return rollback.withoutSpec(plan, reason, e);
        }
        return rollback.rollBack(plan, spec, reason, budget);
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
    public RollbackOutcome rejected(
            Optional<String> service,
            Optional<String> deploymentId,
            Optional<CodeDeployHook> codeDeploy,
            String reason) {
        String why = Reporting.reason(reason);
        String codeDeployAction = "no CodeDeploy deployment";
        if (codeDeploy.isPresent()) {
            CodeDeployHook hook = codeDeploy.get();
            HookStatusReporter.Outcome outcome = hookReporter.report(hook.execution(), HookStatus.FAILED);
            codeDeployAction = outcome == HookStatusReporter.Outcome.REPORTED
                    ? "reported " + hook.hook() + " Failed"
                    : hook.hook() + " already had a status";
        }
        Reporting.publish(
                notifier,
                new DeploymentNotification(
                        service.orElse("unknown-service"),
                        deploymentId.orElse("unassigned"),
                        Status.FAILED,
                        DeploymentNotification.NO_STAGE,
                        "refused before any traffic moved: " + why));
        LOG.warn("execution refused before any traffic moved ({}): {}", codeDeployAction, why);
        return new RollbackOutcome(
                deploymentId, service, why, Optional.empty(), Status.FAILED, codeDeployAction, false);
    }
}
