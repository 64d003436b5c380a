package dev.cutover.states;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs compiled {@link StateMachine}s. Thread-safe: one engine can run any number of executions at once.
 *
 * <pre>{@code
 * Engine engine = Engine.builder()
 *         .virtualTime()                                   // Wait and Retry back-off take no wall time
 *         .taskResolver(TaskResolvers.builder().lambdaFunction("check", checkHandler).build())
 *         .build();
 * ExecutionResult result = engine.run(machine, "{\"service\":\"orders\"}", "test-1");
 * }</pre>
 *
 * <p>Time: by default executions run in real time on the system clock. With {@link Builder#virtualTime()} each
 * execution gets its own virtual clock (starting at the given instant, or now) that jumps whenever the
 * execution waits, so hours of Wait run in milliseconds while {@code $$} timestamps, history timestamps and
 * TimeoutSeconds behave as if the time had passed. Parallel branches and Map iterations run concurrently in real
 * time and one after another, deterministically, in virtual time (see {@code Branches}).
 */
public final class Engine {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory DAEMONS = runnable -> {
        Thread thread = new Thread(runnable, "cutover-states-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };

    private static final class Shared {
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(DAEMONS);
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(DAEMONS);
    }

    final TaskResolver resolver;
    final MockConfig.TestCase mocks;
    final String region;
    final String accountId;
    final Long seed;
    private final Clock realClock;
    private final boolean virtual;
    private final Instant virtualStart;
    private final Executor executor;
    private final ConcurrentHashMap<String, Invocation> tokens = new ConcurrentHashMap<>();

    private Engine(Builder builder) {
        this.resolver = builder.resolver;
        this.mocks = builder.mocks;
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.seed = builder.seed;
        this.realClock = builder.clock;
        this.virtual = builder.virtual;
        this.virtualStart = builder.virtualStart;
        this.executor = builder.executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs an execution to its end on the calling thread. */
    public ExecutionResult run(StateMachine machine, String inputJson, String executionName) {
        return run(machine, parseInput(inputJson), executionName);
    }

    /** Runs an execution to its end on the calling thread. */
    public ExecutionResult run(StateMachine machine, JsonNode input, String executionName) {
        return newRun(machine, input, executionName).execute();
    }

    /** Starts an execution on the engine's executor; see {@link Execution} to wait for it or stop it. */
    public Execution start(StateMachine machine, String inputJson, String executionName) {
        return start(machine, parseInput(inputJson), executionName);
    }

    /** Starts an execution on the engine's executor; see {@link Execution} to wait for it or stop it. */
    public Execution start(StateMachine machine, JsonNode input, String executionName) {
        Run run = newRun(machine, input, executionName);
        CompletableFuture<ExecutionResult> future = CompletableFuture.supplyAsync(run::execute, executor);
        return new Execution(run, future);
    }

    /** SendTaskSuccess: completes a {@code .waitForTaskToken} task with {@code output}. */
    public void sendTaskSuccess(String taskToken, JsonNode output) {
        invocation(taskToken).complete(output == null ? Json.NODES.nullNode() : output);
    }

    /** SendTaskFailure: fails a {@code .waitForTaskToken} task with {@code error} and {@code cause}. */
    public void sendTaskFailure(String taskToken, String error, String cause) {
        invocation(taskToken).fail(error, cause);
    }

    /** SendTaskHeartbeat: resets a waiting task's HeartbeatSeconds timer. */
    public void sendTaskHeartbeat(String taskToken) {
        invocation(taskToken).heartbeat();
    }

    private Invocation invocation(String token) {
        Invocation invocation = tokens.get(token);
        if (invocation == null) {
            throw new IllegalArgumentException("TaskDoesNotExist: no task is waiting for the token '" + token + "'");
        }
        return invocation;
    }

    private Run newRun(StateMachine machine, JsonNode input, String executionName) {
        Objects.requireNonNull(machine, "machine");
        String name = executionName == null ? UUID.randomUUID().toString() : executionName;
        if (name.isEmpty() || name.length() > 80) {
            throw new IllegalArgumentException("an execution name must have 1 to 80 characters: '" + name + "'");
        }
        TimeSource clock = virtual
                ? new TimeSource.Virtual(virtualStart != null ? virtualStart : Instant.now())
                : new TimeSource.Real(realClock);
        return new Run(this, machine, name, input == null ? Json.object() : input, clock);
    }

    private static JsonNode parseInput(String inputJson) {
        if (inputJson == null || inputJson.isBlank()) {
            return Json.object();
        }
        try {
            return Json.parse(inputJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the execution input is not valid JSON: " + e.getOriginalMessage());
        }
    }

    String newTaskToken() {
        return UUID.randomUUID().toString() + UUID.randomUUID().toString().replace("-", "");
    }

    void registerTaskToken(String token, Invocation invocation) {
        tokens.put(token, invocation);
    }

    void forgetTaskToken(String token) {
        tokens.remove(token);
    }

    Executor executor() {
        return executor;
    }

    ScheduledExecutorService scheduler() {
        return Shared.SCHEDULER;
    }

    String roleArn(String machineName) {
        return "arn:aws:iam::" + accountId + ":role/service-role/StepFunctions-" + machineName + "-role";
    }

    /** Configures an {@link Engine}. */
    public static final class Builder {
        private TaskResolver resolver = TaskResolver.none();
        private MockConfig.TestCase mocks;
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private Long seed;
        private Clock clock = Clock.systemUTC();
        private boolean virtual;
        private Instant virtualStart;
        private Executor executor;

        private Builder() {}

        /** Real time on the system clock (the default). */
        public Builder realTime() {
            return realTime(Clock.systemUTC());
        }

        /** Real time: timestamps from {@code clock}, waits of real duration. */
        public Builder realTime(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.virtual = false;
            return this;
        }

        /** Virtual time, each execution's clock starting at the moment it starts. */
        public Builder virtualTime() {
            this.virtual = true;
            this.virtualStart = null;
            return this;
        }

        /** Virtual time, each execution's clock starting at {@code start} (deterministic timestamps). */
        public Builder virtualTime(Instant start) {
            this.virtual = true;
            this.virtualStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Maps Task resources to Java handlers (none by default: unmocked tasks fail). */
        public Builder taskResolver(TaskResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Answers the Task states a test case names from its mocked responses; {@code testCase} is MACHINE#CASE. */
        public Builder mockConfig(MockConfig config, String testCase) {
            return mockTestCase(config.testCase(testCase));
        }

        public Builder mockTestCase(MockConfig.TestCase testCase) {
            this.mocks = testCase;
            return this;
        }

        /** Seeds States.UUID, States.MathRandom and retry jitter, for repeatable executions. */
        public Builder randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The region in ARNs and history (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The account in ARNs (default AWS's documentation placeholder 123456789012). */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        /**
         * Where started executions, concurrent branches and time-limited handlers run (default: a shared cached
         * pool of daemon threads). A Parallel or Map state waits for its branches while they run on this
         * executor, so a bounded pool must have room for every branch nested levels deep may run at once.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public Engine build() {
            if (executor == null) {
                executor = Shared.EXECUTOR;
            }
            return new Engine(this);
        }
    }
}
