package dev.cutover.core.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.AbortedByOperator;
import dev.cutover.core.error.DeploymentNotFoundException;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;

/**
 * {@code cutover abort}: a safe stop of a deployment, whatever its execution is doing (shifting, baking, waiting
 * for approval). First the rollback the workflow itself runs ({@link DeploymentRollback#abort}: the lease moves to
 * ROLLING_BACK, so a ShiftTraffic or Finalize still in flight loses; 100% blue on the roles the deployment recorded;
 * CodeDeploy told; the ledger ABORTED; the lock released; people notified), then the execution is stopped with
 * {@link AbortedByOperator}. Stopping first would not be safer: StopExecution runs no Catch and does not stop a
 * Lambda already running, which the fence handles either way; stopping last means a stop that fails leaves nothing
 * split.
 *
 * <p>The spec comes from the execution's input (the inline document, or the parameter at the version the ledger
 * recorded), else from the stack's spec parameter; its routing is resolved to the recorded roles, as the alarm path
 * does. A deployment the ledger has already ended is not touched again (ALREADY_FINISHED); its execution, if it is
 * still running and the deployment did not promote, is stopped.
 */
public final class DeploymentAbort {

    /** The error a stopped execution shows. */
    public static final String STOP_ERROR = AbortedByOperator.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentAbort.class);

    private final SpecResolver specs;
    private final Optional<String> stackSpecParameter;
    private final DeploymentLedger ledger;
    private final WorkflowExecutions executions;
    private final String stateMachineArn;
    private final DeploymentRollback rollback;

    /**
     * @param stackSpecParameter the stack's spec parameter, used when the execution's input cannot be read
     * @param stateMachineArn    the deployment workflow, whose executions are named after their deployments
     */
    public DeploymentAbort(
            SpecResolver specs,
            Optional<String> stackSpecParameter,
            DeploymentLedger ledger,
            WorkflowExecutions executions,
            String stateMachineArn,
            DeploymentRollback rollback) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.stackSpecParameter = Objects.requireNonNull(stackSpecParameter, "stackSpecParameter");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.executions = Objects.requireNonNull(executions, "executions");
        WorkflowExecutions.executionArnFor(stateMachineArn, "probe");
        this.stateMachineArn = stateMachineArn;
        this.rollback = Objects.requireNonNull(rollback, "rollback");
    }

    /** How an abort went. */
    public enum Outcome {
        /** This abort ended the deployment: ABORTED (or FAILED when traffic could not be put back). */
        ABORTED,
        /** The ledger had already ended it (promoted, rolled back, failed, aborted): nothing was rolled back again. */
        ALREADY_FINISHED
    }

    /**
     * @param status           the ledger's status after the abort
     * @param weights          where production traffic is: read back after the rollback, else the last weights the
     *                         ledger recorded (100% blue when no stage was reached)
     * @param executionStopped whether this call stopped the execution
     * @param message          what was done, in words
     */
    public record Result(
            String deploymentId,
            String service,
            Outcome outcome,
            Status status,
            Weights weights,
            boolean executionStopped,
            String message) {

        public Result {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param reason      why, in the person's words
     * @param requestedBy who asked
     * @param budget      the time the rollback may take
     * @throws DeploymentNotFoundException when the ledger has no such deployment (nothing was done)
     * @throws TrafficShiftException       when traffic could not be put back on blue (the ledger says FAILED, the
     *                                     lock is kept, the execution was still stopped)
     */
    public Result abort(String deploymentId, String reason, String requestedBy, Duration budget) {
        DeploymentRecord record = ledger.find(deploymentId)
                .orElseThrow(() -> new DeploymentNotFoundException(deploymentId, "aborting it"));
        String why = "aborted by " + requestedBy + ": " + reason;
        String executionArn =
                WorkflowExecutions.executionArnFor(stateMachineArn, WorkflowExecutions.executionNameFor(deploymentId));
        if (record.status().isFinal()) {
            boolean stopped = record.status() != Status.PROMOTED && stop(executionArn, why);
            return new Result(
                    deploymentId,
                    record.service(),
                    Outcome.ALREADY_FINISHED,
                    record.status(),
                    lastWeights(record),
                    stopped,
                    "deployment " + deploymentId + " had already ended "
                            + record.status().words()
                            + record.outcomeReason().map(r -> " (" + r + ")").orElse("") + "; nothing rolled back"
                            + (stopped ? "; its execution, still running, was stopped" : ""));
        }
        LOG.warn("{}; rolling back deployment {} of {}", why, deploymentId, record.service());
        Optional<JsonNode> input = ExecutionInputs.read(executions, executionArn);
        CutoverSpec spec = ExecutionInputs.withRecordedRoles(specOf(input, record), record);
        RollbackOutcome outcome;
        try {
            outcome = rollback.abort(spec, deploymentId, ExecutionInputs.codeDeployOf(input), why, budget);
        } catch (TrafficShiftException e) {
            stop(executionArn, why + "; traffic could not be put back on blue: " + e.getMessage());
            throw e;
        }
        boolean stopped = stop(executionArn, why + "; Cutover rolled deployment " + deploymentId + " back to blue");
        DeploymentRecord after = ledger.find(deploymentId).orElse(record);
        Weights weights = outcome.weights().orElseGet(() -> lastWeights(after));
        boolean ours = !outcome.alreadyFinished();
        return new Result(
                deploymentId,
                record.service(),
                ours ? Outcome.ABORTED : Outcome.ALREADY_FINISHED,
                after.status(),
                weights,
                stopped,
                (ours
                                ? "aborted deployment " + deploymentId + " of " + record.service()
                                : "deployment " + deploymentId + " was ended "
                                        + after.status().words() + " by a racing rollback or promotion")
                        + "; traffic " + weights + "; " + outcome.codeDeploy() + "; execution "
                        + (stopped ? "stopped" : "not running"));
    }

    private CutoverSpec specOf(Optional<JsonNode> input, DeploymentRecord record) {
        Optional<SpecReference> reference = ExecutionInputs.specOf(input, record);
        if (reference.isPresent()) {
            return specs.resolve(reference.get()).spec();
        }
        String parameter = stackSpecParameter.orElseThrow(() -> new FunctionMisconfiguredException(
                "CUTOVER_SPEC_PARAMETER is not set, and the input of deployment " + record.deploymentId()
                        + "'s execution cannot be read: without a spec there is no routing to put back on blue"));
        return specs.resolve(new SpecReference.Parameter(ExecutionInputs.pinned(parameter, record)))
                .spec();
    }

    /** @return whether this call stopped a running execution; a failure to stop is logged, never thrown */
    private boolean stop(String executionArn, String cause) {
        try {
            if (!executions.isRunning(executionArn)) {
                return false;
            }
            executions.stop(executionArn, STOP_ERROR, cause);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not stop execution {} ({}); traffic is on blue regardless", executionArn, e.toString());
            return false;
        }
    }

    private static Weights lastWeights(DeploymentRecord record) {
        return record.lastStage()
                .map(StageEntry::blueWeight)
                .map(blue -> new Weights(blue, 100 - blue))
                .orElse(Weights.ALL_BLUE);
    }
}
