package dev.cutover.runtime.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

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
}
