package dev.cutover.tests.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.cli.Main;
import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.adapters.LocalCodeDeploy.HookRecord;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end over the local runtime: each demo scenario runs a whole deployment (embedded PostgreSQL, the sample
 * apps, the router, the load generator, the real hook and workflow handlers, the real state machine, local alarms
 * and CodeDeploy) and must end as a correct system decides. Timings (time to rollback) are reported by the demo,
 * not asserted here.
 */
class LocalDemoEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void quietLogs() {
        LocalLogging.configure("warn");
    }

    private static DemoSummary run(DemoOptions options) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoSummary summary =
                new Demo(options.withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8))).run();
        // the progress and summary land in the surefire output file, for whoever reads a failure
        System.out.println(progress.toString(StandardCharsets.UTF_8));
        System.out.println(summary.render());
        return summary;
    }

    @Test
    void healthyIsPromotedWithoutASingleFailedRequest() {
        DemoSummary summary = run(DemoOptions.of(Scenario.HEALTHY).withRps(1500));

        assertThat(summary.outcome()).isEqualTo(DemoSummary.PROMOTED);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(summary.requests().total()).isGreaterThanOrEqualTo(20_000);
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.requests().blue()).isPositive();
        assertThat(summary.requests().green()).isPositive();
        assertThat(summary.requests().blue() + summary.requests().green())
                .isEqualTo(summary.requests().total());
        assertThat(summary.hooks())
                .extracting(HookRecord::name)
                .containsExactly(
                        "BeforeInstall",
                        "AfterInstall",
                        "AfterAllowTestTraffic",
                        "BeforeAllowTraffic",
                        "AfterAllowTraffic");
        assertThat(summary.hooks()).extracting(HookRecord::status).containsOnly("Succeeded");
        assertThat(summary.stages()).extracting(s -> s.path("percent").asInt()).containsExactly(10, 50, 100);
        assertThat(summary.stages())
                .extracting(s -> s.path("verdict").path("status").asText())
                .containsOnly("HEALTHY");
        assertThat(summary.rollback()).isEmpty();
        assertThat(summary.notifications()).singleElement().asString().contains("promoted");
    }

    @Test
    void faulty5xxIsRolledBackByTheErrorRate() {
        DemoSummary summary = run(DemoOptions.of(Scenario.FAULTY_5XX));

        assertRolledBack(summary);
        assertThat(summary.requests().green())
                .as("green took production traffic before the rollback")
                .isPositive();
        assertThat(summary.rollback().orElseThrow().reason()).contains("5xx");
        assertThat(summary.hooks()).extracting(HookRecord::name).last().isEqualTo("BeforeAllowTraffic");
    }

    @Test
    void slowIsRolledBackByTheLatencyGate() {
        DemoSummary summary = run(DemoOptions.of(Scenario.SLOW));

        assertRolledBack(summary);
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.rollback().orElseThrow().reason()).containsIgnoringCase("latency");
    }

    @Test
    void smokeFailSendsNoProductionTrafficToGreen() {
        DemoSummary summary = run(DemoOptions.of(Scenario.SMOKE_FAIL));

        assertRolledBack(summary);
        assertThat(summary.requests().green()).isZero();
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.hooks())
                .extracting(HookRecord::name, HookRecord::status)
                .last()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple("AfterAllowTestTraffic", "Failed"));
        assertThat(summary.rollback().orElseThrow().reason())
                .contains("smoke:health")
                .contains("503");
        assertThat(summary.stages()).isEmpty();
    }

    @Test
    void badMigrationIsRefusedBeforeGreenStarts() {
        DemoSummary summary = run(DemoOptions.of(Scenario.BAD_MIGRATION));

        assertRolledBack(summary);
        assertThat(summary.requests().green()).isZero();
        assertThat(summary.hooks())
                .extracting(HookRecord::name, HookRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BeforeInstall", "Failed"));
        assertThat(summary.rollback().orElseThrow().reason())
                .contains("expand guard")
                .contains("V3__orders_drop_quantity.sql");
    }

    @Test
    void cliDemoWritesTheSummaryJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(
                new String[] {"demo", "--scenario", "smoke-fail", "--summary-json", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ROLLED BACK - scenario smoke-fail");
        JsonNode json = JSON.readTree(file.toFile());
        assertThat(json.path("scenario").asText()).isEqualTo("smoke-fail");
        assertThat(json.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(json.path("finalWeights").path("blue").asInt()).isEqualTo(100);
        assertThat(json.path("finalWeights").path("green").asInt()).isZero();
        assertThat(json.path("requests").path("total").asLong()).isPositive();
        assertThat(json.path("requests").path("green").asLong()).isZero();
        assertThat(json.path("stages").isArray()).isTrue();
        assertThat(json.path("hooks").findValuesAsText("name")).contains("AfterAllowTestTraffic");
        assertThat(json.path("hooks").get(0).has("durationMs")).isTrue();
        assertThat(json.path("rollback").path("reason").asText()).contains("smoke");
        assertThat(json.path("rollback").has("detectedAfterMs")).isTrue();
        assertThat(json.path("rollback").has("trafficRestoredAfterMs")).isTrue();
    }

    private static void assertRolledBack(DemoSummary summary) {
        assertThat(summary.outcome()).isEqualTo(DemoSummary.ROLLED_BACK);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(summary.rollback()).isPresent();
        assertThat(summary.requests().total()).isPositive();
    }
}
