package dev.cutover.core.error;

/**
 * A function's configuration is missing: the message names the environment variable that is not set and what the
 * function needs it for. Thrown while wiring a Lambda function (or at the first use of a port whose variable is
 * missing), so a deployment of the stack with a missing variable fails with this name instead of a bare
 * {@code IllegalStateException}. Fix the stack's environment; retrying does not help.
 */
public final class FunctionMisconfiguredException extends CutoverException {

    private static final long serialVersionUID = 1L;

    public FunctionMisconfiguredException(String message) {
        super(message);
    }
}
