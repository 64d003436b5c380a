package dev.cutover.states;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compiled JSONata machine is shared by every execution, so its expressions are evaluated again and again:
 * nothing of one evaluation may stay behind for the next (the JSONata library keeps its last frame as the parent
 * of the next one unless each evaluation starts from a fresh copy; see {@code JsonataExpr.Evaluations}).
 */
class JsonataRepeatedEvaluationTest {

    private static final int EXECUTIONS = 20_000;

    @Test
    void givenOneCompiledJsonataMachineWhenItRunsThousandsOfTimesOnASmallStackThenEveryExecutionSucceeds()
            throws InterruptedException {
        StateMachine machine = StateMachine.compile("""
                        {"QueryLanguage": "JSONata", "StartAt": "Add", "States": {"Add": {"Type": "Pass",
                          "Output": "{% $merge([$states.input, {'n': $states.input.n + 1}]) %}",
                          "Assign": {"last": "{% $states.input.n %}"}, "End": true}}}
                        """).withName("Repeated");
        Engine engine = Machines.engine().build();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicReference<Integer> succeeded = new AtomicReference<>(0);
        // a small stack makes a frame chain that grows with every evaluation overflow within the loop
        Thread runner = new Thread(
                null,
                () -> {
                    try {
                        runAll(engine, machine, firstFailure, succeeded);
                    } catch (Throwable e) {
                        firstFailure.compareAndSet(null, "after " + succeeded.get() + " executions: " + e);
                    }
                },
                "small-stack",
                128 * 1024);
        runner.start();
        runner.join();

        assertThat(firstFailure.get()).as("the first execution that failed").isNull();
        assertThat(succeeded.get()).isEqualTo(EXECUTIONS);
    }

    private static void runAll(
            Engine engine,
            StateMachine machine,
            AtomicReference<String> firstFailure,
            AtomicReference<Integer> succeeded) {
        for (int i = 0; i < EXECUTIONS; i++) {
            ExecutionResult result = engine.run(machine, "{\"n\": " + i + "}", "run-" + i);
            if (!result.succeeded()) {
                firstFailure.compareAndSet(null, "execution " + i + ": " + result.toJson());
                return;
            }
            assertThat(result.output().get("n").intValue()).isEqualTo(i + 1);
            succeeded.set(succeeded.get() + 1);
        }
    }
}
