package dev.cutover.core.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow execution input, or a task's payload, that cannot be used: every field at fault with its path (e.g.
 * {@code codeDeploy.lifecycleEventHookExecutionId}) and what was expected. Thrown by ValidateAndLock for the
 * execution input and by every task for a payload the state machine should never have sent; Step Functions sees
 * this class's fully qualified name as the error.
 */
public final class InvalidWorkflowInputException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String what;
    private final transient List<FieldError> errors;

    /**
     * @param what   what was read, e.g. "workflow execution input" or "ShiftTraffic payload"
     * @param errors one per field at fault
     */
    public InvalidWorkflowInputException(String what, List<FieldError> errors) {
        super(describe(what, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid input has at least one error");
        }
        this.what = what;
        this.errors = List.copyOf(errors);
    }

    public InvalidWorkflowInputException(String what, String path, String reason) {
        this(what, List.of(new FieldError(path, reason)));
    }

    /** What was read. */
    public String what() {
        return what;
    }

    /** One entry per field at fault. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(String what, List<FieldError> errors) {
        return "invalid " + what + " (" + errors.size() + (errors.size() == 1 ? " error): " : " errors): ")
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
