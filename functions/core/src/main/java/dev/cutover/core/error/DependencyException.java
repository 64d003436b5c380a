package dev.cutover.core.error;

/**
 * A dependency (an AWS API, a database, the network) did not answer as needed. The message names the dependency
 * and what was asked of it. Transient ones may be retried by the caller; the hook reports Failed either way.
 */
public sealed class DependencyException extends CutoverException permits TransientDependencyException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFault;

    public DependencyException(String message, Throwable cause, boolean transientFault) {
        super(message, cause);
        this.transientFault = transientFault;
    }

    public DependencyException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public DependencyException(String message) {
        this(message, null, false);
    }

    public boolean isTransient() {
        return transientFault;
    }
}
