package dev.cutover.core.error;

/**
 * The error a deployment's execution is stopped with when the alarm path rolls it back: an alarm of the spec went
 * to ALARM mid-deployment. It is never thrown by a task; Step Functions records this class's fully qualified name
 * as the {@code StopExecution} error, with a cause naming the alarm, so that the name people read on a stopped
 * execution is part of the same contract as the errors tasks throw.
 */
public final class AlarmTriggeredRollback extends CutoverException {

    private static final long serialVersionUID = 1L;

    /** @param cause the stop's cause: which alarm went to ALARM, and why CloudWatch said so */
    public AlarmTriggeredRollback(String cause) {
        super(cause);
    }
}
