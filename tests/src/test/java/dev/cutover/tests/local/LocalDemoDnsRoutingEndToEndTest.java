package dev.cutover.tests.local;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.adapters.LocalCodeDeploy.HookRecord;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoRouting;
import dev.cutover.runtime.demo.DemoSpec;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover demo --routing dns} end to end: the workflow switches two local weighted DNS records with a
 * {@link DemoSpec#DNS_TTL} TTL, and each load client resolves through its own caching resolver. A healthy green is
 * promoted as with the load balancer; after a rollback, clients whose answer still named green keep reaching it,
 * and the summary counts them, for no longer than the TTL. Load-sensitive: run alone.
 */
class LocalDemoDnsRoutingEndToEndTest {

    /** Scheduling on a busy machine: a request sent just before the answer expired can reach the router later. */
    private static final long SLACK_MS = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void quietLogs() {
        LocalLogging.configure("warn");
    }

    private static DemoSummary run(DemoOptions options) {
        return DemoRuns.run(options, o -> new Demo(o).routeBy(DemoRouting.DNS));
    }

    @Test
    void healthyIsPromotedByTheRecordsWithoutASingleFailedRequest() {
        DemoSummary summary = run(DemoOptions.of(Scenario.HEALTHY));

        assertThat(summary.outcome()).isEqualTo(DemoSummary.PROMOTED);
        // read back from the DNS records, the workflow's router under routing.type route53
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.requests().blue()).isPositive();
        assertThat(summary.requests().green())
                .as("clients resolved green as the records' weights moved")
                .isPositive();
        assertThat(summary.stages())
                .extracting(s -> s.path("verdict").path("status").asText())
                .containsOnly("HEALTHY");
        assertThat(summary.hooks()).extracting(HookRecord::status).containsOnly("Succeeded");
        assertThat(summary.rollback()).isEmpty();
    }

    @Test
    void afterARollbackGreenKeepsCachedClientsForAtMostTheTtl(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.json");
        DemoRuns.Cli cli = DemoRuns.cli(
                "demo", "--scenario", "faulty-5xx", "--routing", "dns", "--quiet", "--summary-json", file.toString());

        assertThat(cli.code()).as("stderr: %s", cli.err()).isZero();
        JsonNode json = JSON.readTree(file.toFile());
        assertThat(json.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(json.path("finalWeights").path("blue").asInt()).isEqualTo(100);
        assertThat(json.path("finalWeights").path("green").asInt()).isZero();
        JsonNode rollback = json.path("rollback");
        assertThat(rollback.path("reason").asText())
                .contains("5xx")
                .contains("clients may keep resolving green for up to " + DemoSpec.DNS_TTL.toSeconds() + " s");
        assertThat(rollback.path("greenAfterRestored").asLong())
                .as("clients whose cached answer named green kept sending to it after the records were on blue")
                .isPositive();
        assertThat(rollback.path("greenAfterRestoredForMs").asLong())
                .as("and stopped once their answers expired")
                .isPositive()
                .isLessThanOrEqualTo(DemoSpec.DNS_TTL.toMillis() + SLACK_MS);
        assertThat(cli.out()).contains("requests still reached green, for");
    }

    @Test
    void anUnknownRoutingIsRefusedNamingTheOption() {
        DemoRuns.Cli cli = DemoRuns.cli("demo", "--routing", "anycast");

        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err()).contains("--routing must be elb or dns, got 'anycast'");
    }
}
