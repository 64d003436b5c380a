package dev.cutover.states;

import java.util.Objects;

/**
 * Thrown by a {@link TaskHandler} to fail its task with a chosen error name and cause, exactly as a service
 * integration reports an error to Step Functions. Any other exception a handler throws is reported with the
 * exception's fully qualified class name as the error and its message as the cause, as Lambda does.
 */
public class StatesError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause));
        this.error = Objects.requireNonNull(error, "error");
        this.cause = cause;
    }

    /** The error name Retry and Catch match (for example {@code Lambda.TooManyRequestsException}). */
    public String error() {
        return error;
    }

    /** The human-readable cause; may be null. */
    public String cause() {
        return cause;
    }
}
