package dev.cutover.runtime.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.runtime.adapters.LocalAlarms;
import dev.cutover.runtime.adapters.LocalCodeDeploy;
import dev.cutover.runtime.router.RequestRecord;
import dev.cutover.runtime.router.RouterListener;
import dev.cutover.runtime.router.Version;
import dev.cutover.states.TaskHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:05Z"), ZoneOffset.UTC);
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Timeline timeline = new Timeline(
            clock, new DemoConsole(Optional.of(new PrintStream(printed, true, StandardCharsets.UTF_8)), clock));

    JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    JsonNode run(String task, String input, TaskHandler handler) throws Exception {
        return timeline.taskObserver().apply(task, handler).invoke(json(input), null);
    }

    @Test
    void aShiftThenAVerdictMakeOneStageEntry() throws Exception {
        timeline.stagesTotal(3);
        String input = "{\"stage\": {\"index\": 0, \"percent\": 10, \"bakeSeconds\": 4}, \"other\": true}";

        run(
                "ShiftTraffic",
                input,
                (in, ctx) ->
                        json("{\"blue\": 90, \"green\": 10, \"shiftedAt\": \"2026-03-01T10:00:01Z\", \"extra\": 1}"));
        run("JudgeHealth", input, (in, ctx) -> json("{\"status\": \"HEALTHY\", \"summary\": \"all gates pass\"}"));

        // compared as text: the summary prints the entry, so the order of its fields matters too
        assertThat(timeline.stages()).singleElement().hasToString(json("""
                {"index": 0, "percent": 10, "bakeSeconds": 4, "weights": {"blue": 90, "green": 10},
                 "shiftedAt": "2026-03-01T10:00:01Z", "judgedAt": "2026-03-01T10:00:05Z", "durationMs": 4000,
                 "verdict": {"status": "HEALTHY", "summary": "all gates pass"}}""").toString());
        assertThat(timeline.stage()).isEqualTo("1/3");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("stage 1/3: shifted to blue 90 / green 10, baking 4 s")
                .contains("stage 1 verdict HEALTHY: all gates pass");
    }

    @Test
    void aFailedJudgementDecidesTheRollbackByTheHealthGate() throws Exception {
        String input = "{\"stage\": {\"index\": 1, \"percent\": 50, \"bakeSeconds\": 4}}";

        assertThatThrownBy(() -> run("JudgeHealth", input, (in, ctx) -> {
                    throw new IllegalStateException("p99 latency 900 ms over 250 ms");
                }))
                .hasMessage("p99 latency 900 ms over 250 ms");
        run("Rollback", "{}", (in, ctx) -> json("{\"reason\": \"health gate failed\"}"));

        assertThat(timeline.stages()).singleElement().satisfies(stage -> {
            assertThat(stage.path("index").asInt()).isEqualTo(1);
            assertThat(stage.path("verdict").path("status").asText()).isEqualTo("FAILED");
        });
        assertThat(timeline.phase()).isEqualTo("rollback");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("workflow rolled back: health gate failed");
    }

    @Test
    void afterAPromotionTheNewVersionIsInTheBlueSlotAndItsFaultsAreStillCountedAsGreens() throws Exception {
        // given a first deployment that reached a stage, then a second whose new version went into the blue slot
        String input = "{\"stage\": {\"index\": 0, \"percent\": 100, \"bakeSeconds\": 1}}";
        run("ShiftTraffic", input, (in, ctx) -> json("{\"blue\": 0, \"green\": 100}"));
        timeline.startDeployment(Version.BLUE);

        // when the blue slot (this deployment's green) fails a production request, and the rollback decides later
        Instant fault = Instant.parse("2026-03-01T10:00:02Z");
        timeline.onRequest(new RequestRecord(
                RouterListener.PRODUCTION, Version.GREEN, 503, Duration.ofMillis(3), fault.minusSeconds(1), false));
        timeline.onRequest(
                new RequestRecord(RouterListener.PRODUCTION, Version.BLUE, 503, Duration.ofMillis(3), fault, false));
        run("Rollback", "{}", (in, ctx) -> json("{\"reason\": \"alarm\"}"));

        // then the fault is the new version's, counted from its own first failure, and the old stages are gone
        DemoSummary.Rollback rollback = timeline.rollbackOf(
                new LocalCodeDeploy.Result(
                        "d-2", false, List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty());
        assertThat(rollback.detectedAfterMs()).isEqualTo(3000);
        assertThat(timeline.stages()).isEmpty();
        assertThat(timeline.stage()).isEqualTo("-");
        assertThat(timeline.newSlot()).isEqualTo(Version.BLUE);
    }

    @Test
    void theRollbackCountsGreensFailuresUntilTrafficIsOnBlueAndAnyNewRequestSentToGreenAfter() {
        // given the alarm deciding at 10:00:02, and the clock at the rollback's first write, 40 ms later
        Instant decided = Instant.parse("2026-03-01T10:00:02Z");
        Clock atTheWrite = Clock.fixed(decided.plusMillis(40), ZoneOffset.UTC);
        Timeline t = new Timeline(atTheWrite, new DemoConsole(Optional.empty(), atTheWrite));
        t.startDeployment(Version.GREEN);
        t.onRequest(request(500, Instant.parse("2026-03-01T10:00:01.000Z"), 3));
        t.onAlarmTransition(
                new LocalAlarms.Transition("orders-green-5xx-rate", AlarmState.OK, AlarmState.ALARM, "5xx", decided));

        // when the rollback's first write puts the router on 100% blue
        t.observe(ROUTER).apply(null, Weights.ALL_BLUE);
        // a request that reached green before the switch fails after it; one reaches green after the switch
        t.onRequest(request(500, decided.plusMillis(30), 60));
        t.onRequest(request(200, decided.plusMillis(45), 5));

        // then both failures before the switch count, and the late one shows the switch did not take at once
        DemoSummary.Rollback rollback = rolledBack(t);
        assertThat(rollback.trigger()).isEqualTo("alarm");
        assertThat(rollback.trafficRestoredAfterMs()).isEqualTo(40);
        assertThat(rollback.failedBeforeRestored()).isEqualTo(2);
        assertThat(rollback.greenAfterRestored()).isEqualTo(1);
    }

    @Test
    void aBlueWriteTheAlarmHandlerMadeBeforeTheAlarmsObserversHeardOfItRestoresTraffic() {
        // given the alarm decided at 10:00:02 and its handler wrote 100% blue 40 ms later
        Instant decided = Instant.parse("2026-03-01T10:00:02Z");
        Clock atTheWrite = Clock.fixed(decided.plusMillis(40), ZoneOffset.UTC);
        Timeline t = new Timeline(atTheWrite, new DemoConsole(Optional.empty(), atTheWrite));
        t.startDeployment(Version.GREEN);
        t.observe(ROUTER).apply(null, Weights.ALL_BLUE);

        // when the transition reaches the timeline only after that
        t.onAlarmTransition(
                new LocalAlarms.Transition("orders-green-5xx-rate", AlarmState.OK, AlarmState.ALARM, "5xx", decided));

        // then traffic was back on blue 40 ms after the decision
        DemoSummary.Rollback rollback = rolledBack(t);
        assertThat(rollback.trafficRestoredAfterMs()).isEqualTo(40);
    }

    /** A router that takes every write. */
    static final TrafficRouter ROUTER = new TrafficRouter() {
        @Override
        public Weights read(Routing routing) {
            return Weights.ALL_BLUE;
        }

        @Override
        public void apply(Routing routing, Weights weights) {}
    };

    private static DemoSummary.Rollback rolledBack(Timeline t) {
        return t.rollbackOf(
                new LocalCodeDeploy.Result(
                        "d-1", false, List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty());
    }

    /** A production request green answered, which reached the router at {@code reached} and took {@code ms}. */
    private static RequestRecord request(int status, Instant reached, long ms) {
        return new RequestRecord(
                RouterListener.PRODUCTION, Version.GREEN, status, Duration.ofMillis(ms), reached.plusMillis(ms), false);
    }
}
