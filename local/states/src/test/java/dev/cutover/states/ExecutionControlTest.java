package dev.cutover.states;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.json;
import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asynchronous executions, StopExecution, the machine's TimeoutSeconds, and concurrent use of one engine. */
class ExecutionControlTest {

    @Test
    void stopAbortsARunningExecutionPromptly() throws Exception {
        Engine engine = Engine.builder().build();
        StateMachine machine = StateMachine.compile(
                json("{'StartAt':'Bake','States':{'Bake':{'Type':'Wait','Seconds':3600,'End':true}}}"));
        Execution execution = engine.start(machine, "{}", "to-stop");
        while (execution.history().size() < 2) {
            Thread.onSpinWait();
        }
        assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
        long start = System.nanoTime();
        assertThat(execution.stop("Alarm", "5xx rate over threshold")).isTrue();
        ExecutionResult result = execution.await(Duration.ofSeconds(5));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        assertThat(result.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(result.error()).isEqualTo("Alarm");
        assertThat(result.cause()).isEqualTo("5xx rate over threshold");
        HistoryEvent last = result.history().get(result.history().size() - 1);
        assertThat(last.type()).isEqualTo("ExecutionAborted");
        assertThat(last.error()).isEqualTo("Alarm");
        assertThat(execution.stop("again", null)).isFalse();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void stopInterruptsARunningHandler() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::x:slow", (input, ctx) -> {
                    started.countDown();
                    Thread.sleep(60_000);
                    return input;
                })
                .build();
        Engine engine = Engine.builder().taskResolver(resolver).build();
        Execution execution = engine.start(
                StateMachine.compile(json("{'StartAt':'T','States':{'T':{'Type':'Task',"
                        + "'Resource':'arn:aws:states:::x:slow','End':true}}}")),
                "{}",
                "stop-handler");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        execution.stop(null, null);
        ExecutionResult result = execution.await(Duration.ofSeconds(5));
        assertThat(result.status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void stopAfterTheEndChangesNothing() throws Exception {
        Engine engine = Engine.builder().build();
        Execution execution = engine.start(StateMachine.compile(json(Machines.pass(""))), "{\"a\":1}", "done");
        ExecutionResult result = execution.await(Duration.ofSeconds(5));
        assertThat(execution.stop("late", null)).isFalse();
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void theMachinesTimeoutSecondsEndsARealTimeExecution() {
        Engine engine = Engine.builder().build();
        ExecutionResult result = engine.run(
                StateMachine.compile(json("{'TimeoutSeconds':1,'StartAt':'W',"
                        + "'States':{'W':{'Type':'Wait','Seconds':60,'End':true}}}")),
                "{}",
                "slow");
        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.duration()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }

    @Test
    void oneEngineAndOneCompiledMachineServeManyThreads() throws Exception {
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::x:double", (input, ctx) -> IntNode.valueOf(input.intValue() * 2))
                .build();
        Engine engine = Machines.engine().taskResolver(resolver).build();
        StateMachine machine = StateMachine.compile(json("{'StartAt':'T','States':{'T':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::x:double','InputPath':'$.n','ResultPath':'$.twice','Next':'W'},"
                + "'W':{'Type':'Wait','Seconds':10,'End':true}}}"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ExecutionResult>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> engine.run(machine, "{\"n\":" + n + "}", "run-" + n)));
            }
            for (int i = 0; i < futures.size(); i++) {
                ExecutionResult result = futures.get(i).get(30, TimeUnit.SECONDS);
                assertThat(result.output()).isEqualTo(node("{'n':" + i + ",'twice':" + (2 * i) + "}"));
                assertThat(result.duration()).isEqualTo(Duration.ofSeconds(10));
                assertThat(result.name()).isEqualTo("run-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidInputIsRejectedBeforeRunning() {
        Engine engine = Machines.engine().build();
        StateMachine machine = StateMachine.compile(json(Machines.pass("")));
        assertThatThrownBy(() -> engine.run(machine, "{nope", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> engine.run(machine, "{}", "x".repeat(81))).hasMessageContaining("1 to 80");
    }

    @Test
    void callbacksForUnknownTokensAreRejected() {
        Engine engine = Machines.engine().build();
        assertThatThrownBy(() -> engine.sendTaskSuccess("nope", null)).hasMessageContaining("TaskDoesNotExist");
    }
}
