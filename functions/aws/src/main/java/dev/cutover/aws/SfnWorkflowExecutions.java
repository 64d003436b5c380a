package dev.cutover.aws;

import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.core.port.WorkflowExecutions;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link WorkflowExecutions} on Step Functions, for one standard state machine.
 *
 * <p>A duplicate start: Step Functions itself returns the running execution for the same name and input, and
 * answers {@code ExecutionAlreadyExists} when the execution has ended or the input differs. This adapter then
 * derives the execution's ARN from the state machine's ({@link WorkflowExecutions#executionArnFor}: an execution
 * of {@code arn:aws:states:<region>:<account>:stateMachine:<machine>} is
 * {@code arn:aws:states:<region>:<account>:execution:<machine>:<name>}), reads it with DescribeExecution and
 * returns the ARN if the input is the same JSON, or throws {@link ExecutionNameConflictException} if not.
 */
public final class SfnWorkflowExecutions implements WorkflowExecutions {

    /** Step Functions' limits on StopExecution's error and cause. */
    static final int MAX_ERROR_LENGTH = 256;

    static final int MAX_CAUSE_LENGTH = 32_768;

    private static final Logger LOG = LoggerFactory.getLogger(SfnWorkflowExecutions.class);

    private final SfnClient sfn;
    private final String stateMachineArn;

    /** @throws IllegalArgumentException when {@code stateMachineArn} is not a state machine ARN */
    public SfnWorkflowExecutions(SfnClient sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        WorkflowExecutions.executionArnFor(stateMachineArn, "probe");
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public String start(String executionName, String inputJson) {
        if (!WorkflowExecutions.isValidExecutionName(executionName)) {
            throw new IllegalArgumentException("execution name must be 1-" + MAX_NAME_LENGTH
                    + " characters of A-Z a-z 0-9 - _, was \"" + executionName + "\"");
        }
        Objects.requireNonNull(inputJson, "inputJson");
        try {
            String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn)
                            .name(executionName)
                            .input(inputJson))
                    .executionArn();
            LOG.info("started execution {}", arn);
            return arn;
        } catch (ExecutionAlreadyExistsException exists) {
            return existing(executionName, inputJson);
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "Step Functions StartExecution " + executionName + " of " + stateMachineArn + " failed", e);
        }
    }

    @Override
    public void stop(String executionArn, String error, String cause) {
        requireText(executionArn, "executionArn");
        try {
            sfn.stopExecution(r -> r.executionArn(executionArn)
                    .error(cut(error, MAX_ERROR_LENGTH))
                    .cause(cut(cause, MAX_CAUSE_LENGTH)));
            LOG.info("stopped execution {}: {}", executionArn, error);
        } catch (ExecutionDoesNotExistException e) {
            throw AwsErrors.fault(
                    "Step Functions StopExecution " + executionArn + " (no such execution)" + " failed", e);
        } catch (AwsServiceException e) {
            if (!AwsErrors.isTransient(e) && hasEnded(executionArn)) {
                LOG.info("execution {} had already ended; nothing to stop ({})", executionArn, AwsErrors.describe(e));
                return;
            }
            throw AwsErrors.fault("Step Functions StopExecution " + executionArn + " failed", e);
        } catch (SdkException e) {
            throw AwsErrors.fault("Step Functions StopExecution " + executionArn + " failed", e);
        }
    }

    @Override
    public boolean isRunning(String executionArn) {
        requireText(executionArn, "executionArn");
        try {
            return isRunning(
                    sfn.describeExecution(r -> r.executionArn(executionArn)).status());
        } catch (ExecutionDoesNotExistException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.fault("Step Functions DescribeExecution " + executionArn + " failed", e);
        }
    }

    @Override
    public Optional<String> inputOf(String executionArn) {
        requireText(executionArn, "executionArn");
        try {
            return Optional.ofNullable(
                    sfn.describeExecution(r -> r.executionArn(executionArn)).input());
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.fault("Step Functions DescribeExecution " + executionArn + " failed", e);
        }
    }

    /** True only when Step Functions positively reports the execution as ended. */
    private boolean hasEnded(String executionArn) {
        try {
            return !isRunning(
                    sfn.describeExecution(r -> r.executionArn(executionArn)).status());
        } catch (SdkException unknown) {
            return false;
        }
    }

    /** A redrive pending is about to run again, so it counts as running (a stop must still reach it). */
    private static boolean isRunning(ExecutionStatus status) {
        return status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE;
    }

    private String existing(String executionName, String inputJson) {
        String arn = WorkflowExecutions.executionArnFor(stateMachineArn, executionName);
        DescribeExecutionResponse existing;
        try {
            existing = sfn.describeExecution(r -> r.executionArn(arn));
        } catch (ExecutionDoesNotExistException e) {
            throw new DependencyException(
                    "Step Functions says execution " + executionName + " of " + stateMachineArn
                            + " already exists, but there is no execution " + arn + "; is " + stateMachineArn
                            + " an express state machine (whose executions cannot be described)?",
                    e);
        } catch (SdkException e) {
            throw AwsErrors.fault("Step Functions DescribeExecution " + arn + " failed", e);
        }
        if (!WorkflowExecutions.sameInput(existing.input(), inputJson)) {
            throw new ExecutionNameConflictException(executionName, arn);
        }
        LOG.info("execution {} already exists with the same input ({}); a duplicate start", arn, existing.status());
        return arn;
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
