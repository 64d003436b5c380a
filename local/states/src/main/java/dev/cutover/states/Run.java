package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One execution while it runs: its clock, history, Context object, mocks and termination. */
final class Run {

    private record Termination(ExecutionStatus status, String error, String cause) {}

    final Engine engine;
    final StateMachine machine;
    final String name;
    final String arn;
    final JsonNode input;
    final Instant startTime;
    final TimeSource rootClock;
    final Instant deadline;
    final History history = new History();
    final ObjectNode executionContext;
    final ObjectNode machineContext;
    final MockConfig.TestCase mocks;

    private final ConcurrentHashMap<String, AtomicInteger> mockInvocations = new ConcurrentHashMap<>();
    private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Termination termination;
    private boolean finished;
    private Random random;
    private ScheduledFuture<?> timeoutTimer;

    Run(Engine engine, StateMachine machine, String name, JsonNode input, TimeSource clock) {
        this.engine = engine;
        this.machine = machine;
        this.name = name;
        this.input = input;
        this.rootClock = clock;
        this.startTime = clock.now();
        this.arn = "arn:aws:states:" + engine.region + ":" + engine.accountId + ":execution:" + machine.name() + ":"
                + name;
        this.deadline = machine.timeoutSeconds == null ? null : startTime.plusSeconds(machine.timeoutSeconds);
        this.mocks = engine.mocks;
        String machineArn = machine.arn(engine.region, engine.accountId);
        executionContext = Json.object();
        executionContext.put("Id", arn);
        executionContext.set("Input", input);
        executionContext.put("StartTime", Json.timestamp(startTime));
        executionContext.put("Name", name);
        executionContext.put("RoleArn", engine.roleArn(machine.name()));
        executionContext.put("RedriveCount", 0);
        machineContext = Json.object();
        machineContext.put("Id", machineArn);
        machineContext.put("Name", machine.name());
    }

    ExecutionResult execute() {
        Scope root = new Scope(this, rootClock, null, 0, Map.of());
        ObjectNode started = Json.object().put("roleArn", engine.roleArn(machine.name()));
        history.add("ExecutionStarted", 0, startTime, started, "input", input);
        if (deadline != null && !rootClock.isVirtual()) {
            long millis =
                    Math.max(0, Duration.between(rootClock.now(), deadline).toMillis());
            timeoutTimer = engine.scheduler().schedule(this::timeOut, millis, TimeUnit.MILLISECONDS);
        }
        ExecutionStatus status;
        JsonNode output = null;
        String error = null;
        String cause = null;
        try {
            output = Interpreter.run(machine.graph, input, root);
            status = ExecutionStatus.SUCCEEDED;
        } catch (StatesFailure failure) {
            status = ExecutionStatus.FAILED;
            error = failure.error();
            cause = failure.cause();
        } catch (ExecutionTerminated | BranchCancelled terminated) {
            status = ExecutionStatus.ABORTED;
        } catch (RuntimeException | StackOverflowError bug) {
            status = ExecutionStatus.FAILED;
            error = StatesFailure.RUNTIME;
            cause = "The engine failed while running the execution: " + bug;
        } finally {
            if (timeoutTimer != null) {
                timeoutTimer.cancel(false);
            }
        }
        Termination ended = finish();
        if (ended != null) {
            status = ended.status();
            output = null;
            error = ended.error();
            cause = ended.cause();
        }
        switch (status) {
            case SUCCEEDED -> root.emit("ExecutionSucceeded", null, "output", output);
            case FAILED -> root.emit("ExecutionFailed", errorFields(error, cause));
            case TIMED_OUT -> root.emit("ExecutionTimedOut", errorFields(error, cause));
            default -> root.emit("ExecutionAborted", errorFields(error, cause));
        }
        return new ExecutionResult(
                arn, name, status, output, error, cause, startTime, root.clock.now(), history.snapshot());
    }

    static ObjectNode errorFields(String error, String cause) {
        ObjectNode fields = Json.object();
        if (error != null) {
            fields.put("error", error);
        }
        if (cause != null) {
            fields.put("cause", cause);
        }
        return fields;
    }

    /** Marks the execution finished; returns the stop or timeout that ended it first, if any. */
    private Termination finish() {
        lock.lock();
        try {
            finished = true;
            return termination;
        } finally {
            lock.unlock();
        }
    }

    /** StopExecution: true if the execution was still running. */
    boolean stop(String error, String cause) {
        return terminate(new Termination(ExecutionStatus.ABORTED, error, cause));
    }

    /** The history reached Step Functions' hard quota ({@link History#MAX_EVENTS}): the execution fails. */
    void historyFull() {
        terminate(new Termination(
                ExecutionStatus.FAILED,
                StatesFailure.RUNTIME,
                "The execution reached the hard quota of 25,000 history events (Step Functions fails an execution"
                        + " whose event 25,000 is not ExecutionSucceeded). Split long-running work across"
                        + " executions instead of looping in one."));
    }

    /** The machine's TimeoutSeconds expired. */
    void timeOut() {
        terminate(new Termination(
                ExecutionStatus.TIMED_OUT,
                StatesFailure.TIMEOUT,
                "The execution ran longer than the state machine's TimeoutSeconds (" + machine.timeoutSeconds + ")."));
    }

    private boolean terminate(Termination reason) {
        lock.lock();
        try {
            if (finished || termination != null) {
                return false;
            }
            termination = reason;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread thread : handlerThreads) {
            thread.interrupt();
        }
        return true;
    }

    boolean terminated() {
        return termination != null;
    }

    void checkAlive() {
        if (termination != null) {
            throw ExecutionTerminated.INSTANCE;
        }
    }

    /** Times the execution out when its clock has reached the machine's TimeoutSeconds. */
    void checkDeadline(TimeSource clock) {
        if (deadline != null && !clock.now().isBefore(deadline)) {
            timeOut();
            throw ExecutionTerminated.INSTANCE;
        }
    }

    /** Wakes every wait of this execution so it re-checks what it waits for. */
    void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Real-time wait until {@code target}, woken early by stop, timeout or a failing sibling. */
    void awaitUntil(Instant target, Scope scope) {
        lock.lock();
        try {
            while (true) {
                scope.checkAlive();
                long nanos = Duration.between(scope.clock.now(), target).toNanos();
                if (nanos <= 0) {
                    return;
                }
                changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(null, "The thread running the execution was interrupted.");
            throw ExecutionTerminated.INSTANCE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code done} holds, re-checking whenever the execution is signalled or {@code wakeAt} (if
     * any) passes; {@code check} runs on every wake-up and may throw to end the wait.
     */
    void awaitCondition(
            java.util.function.BooleanSupplier done,
            java.util.function.Supplier<Instant> wakeAt,
            Scope scope,
            Runnable check)
            throws InterruptedException {
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                scope.checkAlive();
                check.run();
                if (done.getAsBoolean()) {
                    return;
                }
                Instant wake = wakeAt.get();
                if (wake == null || scope.clock.isVirtual()) {
                    changed.await();
                } else {
                    long nanos = Duration.between(scope.clock.now(), wake).toNanos();
                    if (nanos > 0) {
                        changed.awaitNanos(nanos);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void registerHandlerThread(Thread thread) {
        handlerThreads.add(thread);
        if (termination != null) {
            thread.interrupt();
        }
    }

    void unregisterHandlerThread(Thread thread) {
        handlerThreads.remove(thread);
    }

    /** The zero-based index of this invocation of a mocked state (retries and Map iterations count). */
    int nextMockInvocation(String stateName) {
        return mockInvocations
                .computeIfAbsent(stateName, k -> new AtomicInteger())
                .getAndIncrement();
    }

    synchronized Random random() {
        if (random == null) {
            random = engine.seed == null ? new Random() : new Random(engine.seed);
        }
        return random;
    }
}
