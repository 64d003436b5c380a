package dev.cutover.tests.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.cli.Main;
import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo with CloudWatch's metric timing ({@link Demo#AWS_TIMING}: 60 s periods published 120 s late, scaled
 * down to 3 s and 6 s): the judge reads only whole, published periods, the workflow waits for them, and a final
 * stage without bake still promotes a healthy green and still catches one that degrades in that last stage.
 */
class LocalDemoAwsTimingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The first bake sets the gates' minRequests (40% of what 10% brings in it, at most 200); 9 s makes the first window two
     * whole 3 s periods, so a busy machine still sends enough requests to judge.
     */
    private static final List<Duration> ZERO_FINAL_BAKE =
            List.of(Duration.ofSeconds(9), Duration.ofSeconds(6), Duration.ZERO);
    /** A stage's window ends at least one period after its shift and is read a publication delay later. */
    private static final long EARLIEST_JUDGEMENT_MS =
            Demo.AWS_TIMING.period().plus(Demo.AWS_TIMING.publicationDelay()).toMillis();

    @BeforeAll
    static void quietLogs() {
        LocalLogging.configure("warn");
    }

    private static DemoSummary run(Demo demo, ByteArrayOutputStream progress) {
        DemoSummary summary = demo.run();
        System.out.println(progress.toString(StandardCharsets.UTF_8));
        System.out.println(summary.render());
        return summary;
    }

    private static DemoOptions options(Scenario scenario, ByteArrayOutputStream progress) {
        return DemoOptions.of(scenario)
                .withBakes(ZERO_FINAL_BAKE)
                .withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    @Test
    void aZeroSecondFinalBakeWaitsForPublishedMetricsAndPromotes() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoSummary summary = run(new Demo(options(Scenario.HEALTHY, progress), Demo.AWS_TIMING), progress);

        assertThat(summary.outcome()).isEqualTo(DemoSummary.PROMOTED);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.stages()).extracting(s -> s.path("percent").asInt()).containsExactly(10, 50, 100);
        assertThat(summary.stages())
                .extracting(s -> s.path("verdict").path("status").asText())
                .containsOnly("HEALTHY");
        // never judged before a whole period after the shift was published
        assertThat(summary.stages())
                .allSatisfy(
                        s -> assertThat(s.path("durationMs").asLong()).isGreaterThanOrEqualTo(EARLIEST_JUDGEMENT_MS));
        JsonNode last = summary.stages().get(2);
        assertThat(last.path("metricsWaits").asInt())
                .as("the 0 s stage was retried until its metrics were published")
                .isPositive();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("waits for published metrics");
    }

    @Test
    void greenDegradingInTheLastStageIsStillCaught() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoSummary summary =
                run(new Demo(options(Scenario.HEALTHY, progress), Demo.AWS_TIMING).degradeGreenAt(100), progress);

        assertThat(summary.outcome()).isEqualTo(DemoSummary.ROLLED_BACK);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(summary.stages()).extracting(s -> s.path("percent").asInt()).contains(100);
        assertThat(summary.rollback().orElseThrow().reason()).containsAnyOf("5xx", "ALARM");
    }

    @Test
    void cliDemoWithAwsTimingRollsBackFaulty5xx(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(
                new String[] {"demo", "--scenario", "faulty-5xx", "--aws-timing", "--summary-json", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        System.out.println(out.toString(StandardCharsets.UTF_8));
        assertThat(code).as("stderr: %s", err).isZero();
        JsonNode json = JSON.readTree(file.toFile());
        assertThat(json.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(json.path("finalWeights").path("blue").asInt()).isEqualTo(100);
        assertThat(json.path("rollback").path("reason").asText()).containsAnyOf("5xx", "ALARM");
    }
}
