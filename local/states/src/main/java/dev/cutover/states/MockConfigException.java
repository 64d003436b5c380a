package dev.cutover.states;

/** A mock configuration that cannot be used; the message names the field at fault. */
public class MockConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MockConfigException(String message) {
        super(message);
    }

    public MockConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
