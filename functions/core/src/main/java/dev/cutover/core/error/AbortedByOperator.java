package dev.cutover.core.error;

/**
 * The error a deployment's execution is stopped with after {@code cutover abort} rolled it back: a person stopped
 * it, with a reason. Like {@link AlarmTriggeredRollback} it is never thrown by a task; Step Functions records this
 * class's fully qualified name as the {@code StopExecution} error, with a cause naming who aborted it and why.
 */
public final class AbortedByOperator extends CutoverException {

    private static final long serialVersionUID = 1L;

    /** @param cause the stop's cause: who aborted the deployment, and why */
    public AbortedByOperator(String cause) {
        super(cause);
    }
}
