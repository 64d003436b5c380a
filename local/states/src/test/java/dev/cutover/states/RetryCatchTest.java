package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.node;
import static org.assertj.core.api.Assertions.assertThat;

/** Retry (intervals, back-off, caps, jitter, attempts) and Catch (matching, order, ResultPath), in virtual time. */
class RetryCatchTest {

    private static final String R = "arn:aws:states:::custom:work";

    /** A handler failing with {@code error} for the first {@code failures} calls, recording when it was called. */
    private static final class Flaky implements TaskHandler {
        final List<Instant> calls = new ArrayList<>();
        final List<Integer> retryCounts = new ArrayList<>();
        private final String error;
        private final int failures;

        Flaky(String error, int failures) {
            this.error = error;
            this.failures = failures;
        }

        @Override
        public JsonNode invoke(JsonNode input, TaskContext context) {
            calls.add(context.now());
            retryCounts.add(context.retryCount());
            if (calls.size() <= failures) {
                throw new StatesError(error, "attempt " + calls.size());
            }
            return TextNode.valueOf("ok after " + calls.size());
        }

        List<Long> gapsInSeconds() {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < calls.size(); i++) {
                gaps.add(Duration.between(calls.get(i - 1), calls.get(i)).getSeconds());
            }
            return gaps;
        }
    }

    private static ExecutionResult run(TaskHandler handler, String retryAndCatch) {
        return run(Machines.engine(), handler, retryAndCatch);
    }

    private static ExecutionResult run(Engine.Builder engine, TaskHandler handler, String retryAndCatch) {
        return Machines.run(
                engine.taskResolver(TaskResolvers.builder().resource(R, handler).build())
                        .build(),
                "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + R + "'," + retryAndCatch
                        + ",'End':true}"
                        + (retryAndCatch.contains("Handled") ? ",'Handled':{'Type':'Pass','End':true}" : "")
                        + "}}",
                "{'in':1}");
    }

    @Test
    void retriesWaitIntervalTimesBackoffRatePowers() {
        Flaky flaky = new Flaky("Boom", 3);
        ExecutionResult result = run(
                flaky, "'Retry':[{'ErrorEquals':['Boom'],'IntervalSeconds':3,'BackoffRate':2," + "'MaxAttempts':3}]");
        assertThat(result.output().textValue()).isEqualTo("ok after 4");
        assertThat(flaky.gapsInSeconds()).containsExactly(3L, 6L, 12L);
        assertThat(flaky.retryCounts).containsExactly(0, 1, 2, 3);
    }

    @Test
    void defaultsAreOneSecondBackoffTwoAndThreeAttempts() {
        Flaky flaky = new Flaky("Boom", 10);
        ExecutionResult result = run(flaky, "'Retry':[{'ErrorEquals':['States.ALL']}]");
        assertThat(result.error()).isEqualTo("Boom");
        assertThat(result.cause()).isEqualTo("attempt 4");
        assertThat(flaky.gapsInSeconds()).containsExactly(1L, 2L, 4L);
    }

    @Test
    void maxDelaySecondsCapsTheBackoff() {
        Flaky flaky = new Flaky("Boom", 5);
        run(
                flaky,
                "'Retry':[{'ErrorEquals':['Boom'],'IntervalSeconds':10,'BackoffRate':3,'MaxAttempts':5,"
                        + "'MaxDelaySeconds':60}]");
        assertThat(flaky.gapsInSeconds()).containsExactly(10L, 30L, 60L, 60L, 60L);
    }

    @Test
    void fullJitterWaitsARandomShareOfTheBackoffAndIsRepeatableWithASeed() {
        Flaky first = new Flaky("Boom", 4);
        run(first, "'Retry':[{'ErrorEquals':['Boom'],'IntervalSeconds':100,'MaxAttempts':4,'JitterStrategy':'FULL'}]");
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < first.calls.size(); i++) {
            gaps.add(Duration.between(first.calls.get(i - 1), first.calls.get(i)));
        }
        long[] caps = {100, 200, 400, 800};
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).isBetween(Duration.ZERO, Duration.ofSeconds(caps[i]));
        }
        assertThat(gaps)
                .as("jittered gaps are not the plain back-off")
                .isNotEqualTo(List.of(
                        Duration.ofSeconds(100),
                        Duration.ofSeconds(200),
                        Duration.ofSeconds(400),
                        Duration.ofSeconds(800)));
        Flaky second = new Flaky("Boom", 4);
        run(second, "'Retry':[{'ErrorEquals':['Boom'],'IntervalSeconds':100,'MaxAttempts':4,'JitterStrategy':'FULL'}]");
        assertThat(second.calls).isEqualTo(first.calls);
    }

    @Test
    void maxAttemptsZeroNeverRetries() {
        Flaky flaky = new Flaky("Boom", 1);
        ExecutionResult result = run(flaky, "'Retry':[{'ErrorEquals':['Boom'],'MaxAttempts':0}]");
        assertThat(result.error()).isEqualTo("Boom");
        assertThat(flaky.calls).hasSize(1);
    }

    @Test
    void theFirstMatchingRetrierAppliesAndKeepsItsOwnCount() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler alternating = (input, ctx) -> {
            int n = calls.incrementAndGet();
            if (n <= 4) {
                throw new StatesError(n % 2 == 1 ? "A" : "B", "call " + n);
            }
            return TextNode.valueOf("done");
        };
        ExecutionResult result = run(
                alternating,
                "'Retry':[{'ErrorEquals':['A'],'MaxAttempts':2}," + "{'ErrorEquals':['B','C'],'MaxAttempts':2}]");
        assertThat(result.output().textValue()).isEqualTo("done");
        assertThat(calls.get()).isEqualTo(5);
    }

    @Test
    void whenTheMatchingRetrierIsExhaustedCatchTakesOver() {
        Flaky flaky = new Flaky("Boom", 10);
        ExecutionResult result = run(
                flaky,
                "'Retry':[{'ErrorEquals':['Boom'],'MaxAttempts':2}],"
                        + "'Catch':[{'ErrorEquals':['Boom'],'ResultPath':'$.error','Next':'Handled'}]");
        assertThat(flaky.calls).hasSize(3);
        assertThat(result.output()).isEqualTo(node("{'in':1,'error':{'Error':'Boom','Cause':'attempt 3'}}"));
    }

    @Test
    void catchWithoutResultPathReplacesTheInputWithTheErrorOutput() {
        ExecutionResult result = run(new Flaky("Boom", 1), "'Catch':[{'ErrorEquals':['Boom'],'Next':'Handled'}]");
        assertThat(result.output()).isEqualTo(node("{'Error':'Boom','Cause':'attempt 1'}"));
    }

    @Test
    void catchWithResultPathNullKeepsTheOriginalInput() {
        ExecutionResult result =
                run(new Flaky("Boom", 1), "'Catch':[{'ErrorEquals':['Boom'],'ResultPath':null,'Next':'Handled'}]");
        assertThat(result.output()).isEqualTo(node("{'in':1}"));
    }

    @Test
    void theFirstMatchingCatcherWinsAndStatesAllComesLast() {
        ExecutionResult result = Machines.run(
                Machines.engine()
                        .taskResolver(TaskResolvers.builder()
                                .resource(R, new Flaky("Specific", 1))
                                .build())
                        .build(),
                "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + R + "','Catch':["
                        + "{'ErrorEquals':['Other'],'Next':'A'},{'ErrorEquals':['Specific'],'Next':'B'},"
                        + "{'ErrorEquals':['States.ALL'],'Next':'C'}],'End':true},"
                        + "'A':{'Type':'Pass','Result':'A','End':true},'B':{'Type':'Pass','Result':'B','End':true},"
                        + "'C':{'Type':'Pass','Result':'C','End':true}}}",
                "{}");
        assertThat(result.output().textValue()).isEqualTo("B");
    }

    @Test
    void statesTaskFailedMatchesTaskErrorsButNotTimeouts() {
        ExecutionResult caught =
                run(new Flaky("Custom.Error", 1), "'Catch':[{'ErrorEquals':['States.TaskFailed'],'Next':'Handled'}]");
        assertThat(caught.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        TaskHandler slow = (input, ctx) -> {
            ctx.sleep(Duration.ofSeconds(10));
            return input;
        };
        ExecutionResult timedOut =
                run(slow, "'TimeoutSeconds':5," + "'Catch':[{'ErrorEquals':['States.TaskFailed'],'Next':'Handled'}]");
        assertThat(timedOut.error()).isEqualTo("States.Timeout");
        ExecutionResult timeoutCaught =
                run(slow, "'TimeoutSeconds':5," + "'Catch':[{'ErrorEquals':['States.Timeout'],'Next':'Handled'}]");
        assertThat(timeoutCaught.output()).isEqualTo(node("{'Error':'States.Timeout'}"));
    }

    @Test
    void statesRuntimeIsNeitherRetriedNorCaught() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler handler = (input, ctx) -> {
            calls.incrementAndGet();
            return node("{'a':1}");
        };
        ExecutionResult result = run(
                handler,
                "'ResultSelector':{'x.$':'$.missing'},"
                        + "'Retry':[{'ErrorEquals':['States.ALL']}],'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Handled'}]");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void retryCountIsVisibleInTheContextObject() {
        Flaky flaky = new Flaky("Boom", 2);
        TaskHandler echo = (input, ctx) -> {
            flaky.invoke(input, ctx);
            return input;
        };
        ExecutionResult result =
                run(echo, "'Parameters':{'retry.$':'$$.State.RetryCount'}," + "'Retry':[{'ErrorEquals':['Boom']}]");
        assertThat(result.output()).isEqualTo(node("{'retry':2}"));
    }

    @Test
    void aCaughtErrorFromAParallelBranchKeepsItsName() {
        ExecutionResult result = Machines.run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'ok','States':{'ok':{'Type':'Pass','End':true}}},"
                        + "{'StartAt':'bad','States':{'bad':{'Type':'Fail','Error':'Branch.Broke','Cause':'why'}}}],"
                        + "'Catch':[{'ErrorEquals':['Branch.Broke'],'ResultPath':'$.err','Next':'H'}],'End':true},"
                        + "'H':{'Type':'Pass','End':true}}}",
                "{'x':1}");
        assertThat(result.output()).isEqualTo(node("{'x':1,'err':{'Error':'Branch.Broke','Cause':'why'}}"));
    }

    @Test
    void aParallelStateCanBeRetriedAsAWhole() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler onceBroken = (input, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                throw new StatesError("Transient", "first time");
            }
            return TextNode.valueOf("fine");
        };
        ExecutionResult result = Machines.run(
                Machines.engine()
                        .taskResolver(
                                TaskResolvers.builder().resource(R, onceBroken).build())
                        .build(),
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + R + "','End':true}}}],"
                        + "'Retry':[{'ErrorEquals':['Transient'],'IntervalSeconds':7}],'End':true}}}",
                "{}");
        assertThat(result.output()).isEqualTo(node("['fine']"));
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(7));
    }
}
