package dev.cutover.states;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An execution started with {@link Engine#start}: wait for it, look at its history so far, or stop it. */
public final class Execution {

    private final Run run;
    private final CompletableFuture<ExecutionResult> result;

    Execution(Run run, CompletableFuture<ExecutionResult> result) {
        this.run = run;
        this.result = result;
    }

    public String executionArn() {
        return run.arn;
    }

    public String name() {
        return run.name;
    }

    /** RUNNING until the execution ends, then how it ended. */
    public ExecutionStatus status() {
        return result.isDone() ? result.join().status() : ExecutionStatus.RUNNING;
    }

    /** The events recorded so far. */
    public List<HistoryEvent> history() {
        return run.history.snapshot();
    }

    /**
     * StopExecution: ends the execution as ABORTED with this error and cause (both may be null), interrupting
     * waits and running handlers. Returns false if the execution had already ended.
     */
    public boolean stop(String error, String cause) {
        return run.stop(error, cause);
    }

    /** Completes when the execution ends. */
    public CompletableFuture<ExecutionResult> result() {
        return result;
    }

    /** Waits for the execution to end. */
    public ExecutionResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the execution crashed", e.getCause());
        }
    }

    /** Waits at most {@code timeout} for the execution to end. */
    public ExecutionResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the execution crashed", e.getCause());
        }
    }
}
