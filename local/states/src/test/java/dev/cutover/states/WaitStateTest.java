package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.START;
import static dev.cutover.states.Machines.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Wait in all four forms, on the virtual clock; and the real clock for a short wait. */
class WaitStateTest {

    private static ExecutionResult waitWith(String field, String input) {
        return run(
                "{'StartAt':'W','States':{'W':{'Type':'Wait'," + field + ",'Next':'Now'},"
                        + "'Now':{'Type':'Pass','Parameters':{'at.$':'$$.State.EnteredTime'},'End':true}}}",
                input);
    }

    @Test
    void sixHoursOfWaitTakeSixHoursOfVirtualTime() {
        ExecutionResult result = waitWith("'Seconds':21600", "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.duration()).isEqualTo(Duration.ofHours(6));
        assertThat(result.output().get("at").asText()).isEqualTo("2024-01-01T06:00:00.000Z");
        assertThat(result.history().get(result.history().size() - 1).timestamp())
                .isEqualTo(START.plus(Duration.ofHours(6)));
    }

    @Test
    void secondsPathReadsTheWaitFromTheInput() {
        ExecutionResult result = waitWith("'SecondsPath':'$.delay'", "{'delay':90}");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void timestampWaitsUntilThatInstant() {
        ExecutionResult result = waitWith("'Timestamp':'2024-01-02T00:00:00Z'", "{}");
        assertThat(result.stopDate()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
    }

    @Test
    void aTimestampInThePastDoesNotWait() {
        ExecutionResult result = waitWith("'Timestamp':'2020-01-01T00:00:00Z'", "{}");
        assertThat(result.stopDate()).isEqualTo(START);
    }

    @Test
    void timestampPathReadsAnInstantWithAnOffset() {
        ExecutionResult result = waitWith("'TimestampPath':'$.until'", "{'until':'2024-01-01T03:00:00+02:00'}");
        assertThat(result.stopDate()).isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
    }

    @Test
    void aSecondsPathThatIsNotAnIntegerFailsWithStatesRuntime() {
        ExecutionResult result = waitWith("'SecondsPath':'$.delay'", "{'delay':'soon'}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("SecondsPath");
        assertThat(waitWith("'SecondsPath':'$.delay'", "{'delay':-1}").error()).isEqualTo("States.Runtime");
    }

    @Test
    void aTimestampPathThatIsNotATimestampFailsWithStatesRuntime() {
        ExecutionResult result = waitWith("'TimestampPath':'$.until'", "{'until':'tomorrow'}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("TimestampPath");
    }

    @Test
    void waitKeepsItsInputAndAppliesInputAndOutputPath() {
        ExecutionResult result = run(
                "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':1,'InputPath':'$.a',"
                        + "'OutputPath':'$.b','End':true}}}",
                "{'a':{'b':3}}");
        assertThat(result.output().intValue()).isEqualTo(3);
    }

    @Test
    void realTimeWaitsReally() {
        Engine engine = Engine.builder().build();
        long start = System.nanoTime();
        ExecutionResult result = engine.run(
                StateMachine.compile(
                        Machines.json("{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':1,'End':true}}}")),
                "{}",
                "real");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(990);
        assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void theMachinesTimeoutSecondsTimesOutALongWaitAtTheDeadline() {
        ExecutionResult result = run(
                "{'TimeoutSeconds':60,'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':3600," + "'End':true}}}",
                "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(result.history().get(result.history().size() - 1).type()).isEqualTo("ExecutionTimedOut");
    }
}
