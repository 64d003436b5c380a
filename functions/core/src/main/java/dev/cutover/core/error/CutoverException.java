package dev.cutover.core.error;

/**
 * Every error Cutover raises on purpose: what a state machine's {@code ErrorEquals} matches (AWS Lambda's Java
 * runtime reports the class's fully qualified name as the error type), what the CLI maps to an exit code and what a
 * user reads. They all live in this package so that a rename is one move, and the error-contract test holds
 * {@code statemachine/deployment.asl.json}, {@code statemachine/test/MockConfigFile.json} and the error table in
 * {@code docs/workflow.md} equal to this hierarchy.
 *
 * <p>Each name says what happened and, in its message, what the user must do.
 */
public abstract sealed class CutoverException extends RuntimeException
        permits AbortedByOperator,
                AlarmTriggeredRollback,
                ApprovalDeniedException,
                ChecksFailedException,
                DemoException,
                DependencyException,
                DeploymentFinishedException,
                DeploymentInProgressException,
                DeploymentNotFoundException,
                ExecutionNameConflictException,
                FunctionMisconfiguredException,
                HealthGateFailedException,
                InvalidHookEventException,
                InvalidWorkflowInputException,
                MetricsNotPublishedYetException,
                SpecException,
                TrafficShiftException {

    private static final long serialVersionUID = 1L;

    protected CutoverException(String message) {
        super(message);
    }

    protected CutoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
