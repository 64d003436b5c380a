package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call of a {@link TaskHandler}: the {@link TaskContext} it sees, and the enforcement of TimeoutSeconds,
 * HeartbeatSeconds and (for {@code .waitForTaskToken}) the wait for the callback.
 *
 * <p>In real time a handler with a time limit runs on the engine's executor while the state waits with a
 * deadline, and is interrupted when it runs out of time; without a limit it runs on the execution's own
 * thread. In virtual time it always runs inline: time only passes when it calls {@link #sleep}, and a sleep
 * past the deadline times the task out at the deadline.
 */
final class Invocation implements TaskContext {

    /** Thrown through handler code when a sleep passes the task's deadline. */
    private static final class TimeoutSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final TimeoutSignal INSTANCE = new TimeoutSignal();

        private TimeoutSignal() {
            super("the task ran out of time", null, false, false);
        }
    }

    private final TaskState state;
    private final StateRun stateRun;
    private final Scope scope;
    private final Run run;
    private final Instant deadline;
    private final Long heartbeatSeconds;
    private volatile Instant lastHeartbeat;
    private volatile String timeoutError;
    private volatile boolean tokenDone;
    private volatile JsonNode tokenOutput;
    private volatile StatesFailure tokenFailure;

    Invocation(TaskState state, StateRun stateRun, Long timeoutSeconds, Long heartbeatSeconds) {
        this.state = state;
        this.stateRun = stateRun;
        this.scope = stateRun.scope;
        this.run = stateRun.run();
        Instant now = scope.clock.now();
        this.deadline = timeoutSeconds == null ? null : now.plusSeconds(timeoutSeconds);
        this.heartbeatSeconds = heartbeatSeconds;
        this.lastHeartbeat = now;
    }

    boolean timedOut() {
        return timeoutError != null;
    }

    JsonNode call(TaskHandler handler, JsonNode input) throws StatesFailure {
        String token = stateRun.taskToken;
        if (token != null) {
            run.engine.registerTaskToken(token, this);
        }
        boolean async = !scope.clock.isVirtual() && (deadline != null || heartbeatSeconds != null);
        JsonNode result = async ? callAsync(handler, input) : callInline(handler, input);
        if (token == null) {
            return result;
        }
        state.emitSubmitted(scope, result);
        return awaitCallback();
    }

    private JsonNode callInline(TaskHandler handler, JsonNode input) throws StatesFailure {
        boolean real = !scope.clock.isVirtual();
        Thread thread = Thread.currentThread();
        if (real) {
            run.registerHandlerThread(thread);
        }
        JsonNode out;
        try {
            out = handler.invoke(input, this);
        } catch (Throwable e) {
            throw translate(e);
        } finally {
            if (real) {
                run.unregisterHandlerThread(thread);
                if (run.terminated()) {
                    Thread.interrupted();
                }
            }
        }
        if (timedOut()) {
            throw timeoutFailure();
        }
        run.checkAlive();
        return out == null ? Json.NODES.nullNode() : out;
    }

    private JsonNode callAsync(TaskHandler handler, JsonNode input) throws StatesFailure {
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<JsonNode> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        run.engine.executor().execute(() -> {
            Thread thread = Thread.currentThread();
            worker.set(thread);
            run.registerHandlerThread(thread);
            try {
                if (!timedOut()) {
                    result.set(handler.invoke(input, this));
                }
            } catch (Throwable e) {
                thrown.set(e);
            } finally {
                run.unregisterHandlerThread(thread);
                worker.set(null);
                Thread.interrupted();
                done.set(true);
                run.signalAll();
            }
        });
        try {
            run.awaitCondition(done::get, this::nextWake, scope, this::checkTimers);
        } catch (TimeoutSignal signal) {
            interrupt(worker.get());
            throw timeoutFailure();
        } catch (ExecutionTerminated | BranchCancelled stopped) {
            interrupt(worker.get());
            throw stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupt(worker.get());
            run.stop(null, "The thread running the execution was interrupted.");
            throw ExecutionTerminated.INSTANCE;
        }
        if (thrown.get() != null) {
            throw translate(thrown.get());
        }
        JsonNode out = result.get();
        return out == null ? Json.NODES.nullNode() : out;
    }

    private JsonNode awaitCallback() throws StatesFailure {
        try {
            run.awaitCondition(
                    () -> tokenDone, this::nextWake, scope, scope.clock.isVirtual() ? () -> {} : this::checkTimers);
        } catch (TimeoutSignal signal) {
            throw timeoutFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.stop(null, "The thread running the execution was interrupted.");
            throw ExecutionTerminated.INSTANCE;
        }
        if (tokenFailure != null) {
            throw tokenFailure;
        }
        return tokenOutput;
    }

    private static void interrupt(Thread thread) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private StatesFailure translate(Throwable e) {
        if (timedOut()) {
            return timeoutFailure();
        }
        if (e instanceof ExecutionTerminated terminated) {
            throw terminated;
        }
        if (e instanceof BranchCancelled cancelled) {
            throw cancelled;
        }
        if (e instanceof InterruptedException && run.terminated()) {
            throw ExecutionTerminated.INSTANCE;
        }
        if (e instanceof VirtualMachineError error) {
            throw error;
        }
        if (e instanceof StatesError statesError) {
            return new StatesFailure(statesError.error(), statesError.cause());
        }
        return new StatesFailure(e.getClass().getName(), e.getMessage());
    }

    private StatesFailure timeoutFailure() {
        return new StatesFailure(timeoutError, null);
    }

    /** The earliest of the task's deadline and its heartbeat deadline; null when it has neither. */
    private Instant nextWake() {
        Instant heartbeatDeadline = heartbeatSeconds == null ? null : lastHeartbeat.plusSeconds(heartbeatSeconds);
        if (deadline == null) {
            return heartbeatDeadline;
        }
        return heartbeatDeadline == null || deadline.isBefore(heartbeatDeadline) ? deadline : heartbeatDeadline;
    }

    private void checkTimers() {
        Instant limit = nextWake();
        if (limit != null && !scope.clock.now().isBefore(limit)) {
            markTimedOut(limit);
            throw TimeoutSignal.INSTANCE;
        }
    }

    private void markTimedOut(Instant limit) {
        if (timeoutError == null) {
            timeoutError = deadline != null && !limit.isBefore(deadline)
                    ? StatesFailure.TIMEOUT
                    : StatesFailure.HEARTBEAT_TIMEOUT;
        }
    }

    // ---- callbacks (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat) ----

    void complete(JsonNode output) {
        tokenOutput = output;
        tokenDone = true;
        run.signalAll();
    }

    void fail(String error, String cause) {
        tokenFailure = new StatesFailure(error, cause);
        tokenDone = true;
        run.signalAll();
    }

    // ---- TaskContext ----

    @Override
    public String resource() {
        return state.resource.arn();
    }

    @Override
    public String stateName() {
        return state.name;
    }

    @Override
    public String executionArn() {
        return run.arn;
    }

    @Override
    public String executionName() {
        return run.name;
    }

    @Override
    public int retryCount() {
        return stateRun.retryCount;
    }

    @Override
    public Optional<String> taskToken() {
        return Optional.ofNullable(stateRun.taskToken);
    }

    @Override
    public Instant now() {
        return scope.clock.now();
    }

    @Override
    public Optional<Duration> remainingTime() {
        Instant limit = nextWake();
        if (limit == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(scope.clock.now(), limit);
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    @Override
    public void heartbeat() {
        lastHeartbeat = scope.clock.now();
        run.signalAll();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Instant target = scope.clock.now().plus(duration);
        Instant limit = nextWake();
        boolean expires = limit != null && !target.isBefore(limit);
        Instant until = expires ? limit : target;
        if (scope.clock.isVirtual()) {
            scope.sleepUntil(until);
        } else {
            long millis = Duration.between(scope.clock.now(), until).toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
        if (expires) {
            markTimedOut(limit);
            throw TimeoutSignal.INSTANCE;
        }
    }

    @Override
    public JsonNode contextObject() {
        return stateRun.context();
    }
}
