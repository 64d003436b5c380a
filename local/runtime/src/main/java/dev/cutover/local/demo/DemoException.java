package dev.cutover.local.demo;

/** The local runtime itself failed (not the deployment): the message names the component and why. */
public class DemoException extends RuntimeException {

    public DemoException(String message) {
        super(message);
    }

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
