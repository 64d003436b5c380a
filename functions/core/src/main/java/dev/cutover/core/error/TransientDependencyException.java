package dev.cutover.core.error;

/**
 * A dependency fault worth retrying (throttling, 5xx, network). A distinct type because Step Functions
 * retries by error name: Lambda reports this class's fully qualified name, which {@code ErrorEquals} lists.
 */
public final class TransientDependencyException extends DependencyException {

    private static final long serialVersionUID = 1L;

    public TransientDependencyException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
