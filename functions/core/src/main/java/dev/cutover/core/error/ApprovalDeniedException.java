package dev.cutover.core.error;

/**
 * Someone denied an approval gate ({@code cutover deny}): the deployment rolls back to blue. No task throws it;
 * {@code cutover deny} sends this class's fully qualified name as the error of {@code SendTaskFailure} to the
 * waiting AwaitApproval state, whose Map's Catch takes it into Rollback, like any error named after this hierarchy.
 */
public final class ApprovalDeniedException extends CutoverException {

    private static final long serialVersionUID = 1L;

    /** @param cause who denied it, and why */
    public ApprovalDeniedException(String cause) {
        super(cause);
    }
}
