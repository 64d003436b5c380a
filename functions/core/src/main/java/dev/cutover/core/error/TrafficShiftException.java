package dev.cutover.core.error;

import java.util.Optional;

import dev.cutover.core.port.model.Weights;

/**
 * Traffic did not end where it was sent: the router read back other weights than it was given, or a rollback gave
 * up. The message names the route, the weights expected and where traffic was last read. Step Functions matches
 * this class's fully qualified name in {@code ErrorEquals}.
 */
public final class TrafficShiftException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final Weights expected;
    private final Weights lastRead;

    /**
     * @param expected the weights the route was sent to
     * @param lastRead the weights last read back from the route, or null when it could not be read
     */
    public TrafficShiftException(String message, Weights expected, Weights lastRead, Throwable cause) {
        super(message, cause);
        this.expected = expected;
        this.lastRead = lastRead;
    }

    /** The weights the route was sent to. */
    public Weights expected() {
        return expected;
    }

    /** The weights last read back from the route; empty when it could not be read. */
    public Optional<Weights> lastRead() {
        return Optional.ofNullable(lastRead);
    }
}
