package dev.cutover.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.core.port.WorkflowExecutions;

/**
 * {@link WorkflowExecutions} that keeps executions in memory and runs nothing: for tests, and for the local
 * runtime, which drives the workflow itself and reports an end with {@link #complete}. Names, ARNs and duplicate
 * starts behave as on Step Functions.
 */
public final class InMemoryWorkflowExecutions implements WorkflowExecutions {

    /** Where an execution stands; the names are Step Functions'. */
    public enum ExecutionStatus {
        RUNNING,
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        ABORTED;

        public boolean isRunning() {
            return this == RUNNING;
        }
    }

    /** One execution as this store knows it. {@code error} and {@code cause} are empty unless it was stopped. */
    public record Execution(
            String name,
            String arn,
            String input,
            ExecutionStatus status,
            Instant startedAt,
            Optional<Instant> stoppedAt,
            Optional<String> error,
            Optional<String> cause) {}

    private final Clock clock;
    private final String stateMachineArn;
    private final Map<String, Execution> byArn = new LinkedHashMap<>();

    /**
     * @param stateMachineArn the machine the executions belong to, for their ARNs, e.g.
     *                        {@code arn:aws:states:us-east-1:123456789012:stateMachine:cutover-local}
     */
    public InMemoryWorkflowExecutions(Clock clock, String stateMachineArn) {
        this.clock = Objects.requireNonNull(clock, "clock");
        WorkflowExecutions.executionArnFor(stateMachineArn, "probe");
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public synchronized String start(String executionName, String inputJson) {
        if (!WorkflowExecutions.isValidExecutionName(executionName)) {
            throw new IllegalArgumentException("execution name must be 1-" + MAX_NAME_LENGTH
                    + " characters of A-Z a-z 0-9 - _, was \"" + executionName + "\"");
        }
        Objects.requireNonNull(inputJson, "inputJson");
        String arn = WorkflowExecutions.executionArnFor(stateMachineArn, executionName);
        Execution existing = byArn.get(arn);
        if (existing != null) {
            if (!WorkflowExecutions.sameInput(existing.input(), inputJson)) {
                throw new ExecutionNameConflictException(executionName, arn);
            }
            return arn;
        }
        byArn.put(
                arn,
                new Execution(
                        executionName,
                        arn,
                        inputJson,
                        ExecutionStatus.RUNNING,
                        clock.instant(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        return arn;
    }

    @Override
    public synchronized void stop(String executionArn, String error, String cause) {
        Execution execution = existing(executionArn);
        if (execution.status().isRunning()) {
            byArn.put(
                    executionArn,
                    new Execution(
                            execution.name(),
                            executionArn,
                            execution.input(),
                            ExecutionStatus.ABORTED,
                            execution.startedAt(),
                            Optional.of(clock.instant()),
                            Optional.ofNullable(error),
                            Optional.ofNullable(cause)));
        }
    }

    @Override
    public synchronized boolean isRunning(String executionArn) {
        Execution execution = byArn.get(executionArn);
        return execution != null && execution.status().isRunning();
    }

    @Override
    public synchronized Optional<String> inputOf(String executionArn) {
        return Optional.ofNullable(byArn.get(executionArn)).map(Execution::input);
    }

    /**
     * Ends a running execution with {@code status}, as the local engine does when the workflow finishes; an ended
     * execution stays as it is.
     */
    public synchronized void complete(String executionArn, ExecutionStatus status) {
        if (status.isRunning()) {
            throw new IllegalArgumentException("complete() ends an execution; RUNNING is not an end");
        }
        Execution execution = existing(executionArn);
        if (execution.status().isRunning()) {
            byArn.put(
                    executionArn,
                    new Execution(
                            execution.name(),
                            executionArn,
                            execution.input(),
                            status,
                            execution.startedAt(),
                            Optional.of(clock.instant()),
                            Optional.empty(),
                            Optional.empty()));
        }
    }

    public synchronized Optional<Execution> execution(String executionArn) {
        return Optional.ofNullable(byArn.get(executionArn));
    }

    /** Every execution, in the order started. */
    public synchronized List<Execution> executions() {
        return List.copyOf(byArn.values());
    }

    private Execution existing(String executionArn) {
        Execution execution = byArn.get(executionArn);
        if (execution == null) {
            throw new DependencyException("no workflow execution " + executionArn + " in the local store");
        }
        return execution;
    }
}
