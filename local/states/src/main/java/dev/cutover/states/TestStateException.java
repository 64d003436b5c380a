package dev.cutover.states;

/**
 * A TestState request that cannot run: {@link #field()} names the request field at fault ({@code stateName},
 * {@code mock}, {@code context}, {@code variables}, {@code input}, {@code definition}, {@code
 * retrierRetryCount}), and the message says what is wrong with it.
 */
public class TestStateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public TestStateException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The TestState request field at fault, as AWS's API names it. */
    public String field() {
        return field;
    }

    /** The problem without the field's name in front. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
