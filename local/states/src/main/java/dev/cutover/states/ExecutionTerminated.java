package dev.cutover.states;

/**
 * Unwinds an execution that was stopped (StopExecution) or timed out (the machine's TimeoutSeconds): no
 * Retry or Catch applies. The reason is on the {@link Run}.
 */
final class ExecutionTerminated extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final ExecutionTerminated INSTANCE = new ExecutionTerminated();

    private ExecutionTerminated() {
        super("execution terminated", null, false, false);
    }
}
