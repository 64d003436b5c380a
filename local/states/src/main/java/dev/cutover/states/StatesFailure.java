package dev.cutover.states;

/**
 * An ASL error raised while a state runs: what Retry and Catch match on, and what fails the execution when
 * nothing handles it. Control flow, so it carries no stack trace.
 */
final class StatesFailure extends Exception {

    static final String ALL = "States.ALL";
    static final String RUNTIME = "States.Runtime";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String TIMEOUT = "States.Timeout";
    static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    static final String PERMISSIONS = "States.Permissions";
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    static final String BRANCH_FAILED = "States.BranchFailed";
    /** A JSONata expression failed or gave a value of the wrong type (JSONata states only). */
    static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;
    private final boolean located;

    /** {@code error} is null only for a Fail state without Error. */
    StatesFailure(String error, String cause) {
        this(error, cause, false);
    }

    private StatesFailure(String error, String cause, boolean located) {
        super(String.valueOf(error) + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.cause = cause;
        this.located = located;
    }

    /**
     * This failure with the state it happened in named at the front of the cause, as Step Functions does for
     * States.Runtime errors; unchanged if it already names one.
     */
    StatesFailure locatedIn(String stateName, long enteredEventId) {
        if (located || !terminal()) {
            return this;
        }
        return new StatesFailure(
                error,
                "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                        + enteredEventId + "). " + (cause == null ? "" : cause),
                true);
    }

    static StatesFailure runtime(String cause) {
        return new StatesFailure(RUNTIME, cause);
    }

    static StatesFailure intrinsic(String cause) {
        return new StatesFailure(INTRINSIC_FAILURE, cause);
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }

    /** States.Runtime and States.DataLimitExceeded fail the execution: no Retry or Catch applies. */
    boolean terminal() {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }

    /**
     * Whether an ErrorEquals entry matches this error: exact name, States.ALL (anything but the terminal
     * errors), or States.TaskFailed (any error a task reports, except timeouts and the engine's own
     * States.* errors).
     */
    boolean matches(String errorEquals) {
        if (terminal()) {
            return false;
        }
        if (errorEquals.equals(error) || ALL.equals(errorEquals)) {
            return true;
        }
        if (TASK_FAILED.equals(errorEquals)) {
            return error != null && !error.startsWith("States.")
                    || PERMISSIONS.equals(error)
                    || HEARTBEAT_TIMEOUT.equals(error);
        }
        return false;
    }
}
