package dev.cutover.core.error;

/** The local runtime itself failed (not the deployment): the message names the component and why. */
public final class DemoException extends CutoverException {

    public DemoException(String message) {
        super(message);
    }

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
