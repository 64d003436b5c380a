package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.cutover.cli.CliRun.cutover;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cutover demo} from the command line, in-process: what a user types, what is written, the exit code. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void twoDeploymentsInARowWriteOneSummaryEntryEachWithBlueOnAlternateGroups() throws Exception {
        Path summary = dir.resolve("summary.json");
        Path report = dir.resolve("report.html");

        CliRun run = cutover(
                "demo",
                "--deployments",
                "2",
                "--bake",
                "2,2,1",
                "--rps",
                "200",
                "--quiet",
                "--summary-json",
                summary.toString(),
                "--report",
                report.toString(),
                "--dashboard",
                "--dashboard-linger",
                "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(Files.readString(summary));
        JsonNode deployments = json.path("deployments");
        assertThat(deployments).hasSize(2);
        // --dashboard prints its address and the buttons' token even with --quiet; --report writes one page
        assertThat(run.out())
                .containsPattern("dashboard: http://127\\.0\\.0\\.1:\\d+/ +\\(token for its buttons: \\S{20,}\\)");
        String html = Files.readString(report);
        assertThat(html)
                .contains("data-field=\"outcome\">" + json.path("outcome").asText() + "<")
                .contains("data-field=\"requests.total\">"
                        + json.path("requests").path("total").asText() + "<")
                .doesNotContain("<script");
        List<String> versions = new ArrayList<>();
        deployments.forEach(d -> versions.add(d.path("version").asText()));
        assertThat(versions).containsExactly("v2", "v3");
        for (JsonNode d : deployments) {
            assertThat(d.path("outcome").asText()).as(d.toString()).isEqualTo("PROMOTED");
            assertThat(d.path("finalWeights").path("green").asInt()).isEqualTo(100);
            assertThat(d.path("failedRequests").asLong()).isZero();
            assertThat(d.path("requestsByRelease")
                            .path(d.path("version").asText())
                            .asLong())
                    .isPositive();
        }
        // the second deployment's blue is the group the first one promoted
        assertThat(deployments.get(1).path("blueTargetGroup").asText())
                .isEqualTo(deployments.get(0).path("greenTargetGroup").asText());
        assertThat(deployments.get(1).path("greenTargetGroup").asText())
                .isEqualTo(deployments.get(0).path("blueTargetGroup").asText());
        assertThat(run.out()).contains("PROMOTED");
    }

    @Test
    void anUnwritableSummaryOrReportPathIsRefusedBeforeTheDemoRuns() throws Exception {
        // given paths that cannot be written: under a regular file, in a missing directory, a directory itself
        Path file = Files.writeString(dir.resolve("plain.txt"), "not a directory");
        List<String[]> cases = List.of(
                new String[] {"--summary-json", file.resolve("summary.json").toString()},
                new String[] {
                    "--summary-json", dir.resolve("missing/summary.json").toString()
                },
                new String[] {"--report", dir.toString()});

        for (String[] bad : cases) {
            long started = System.nanoTime();
            CliRun run = cutover("demo", "--quiet", "--bake", "1,1,0", bad[0], bad[1]);

            // then the demo exits 2 at once, naming the option and the path, and deploys nothing
            assertThat(run.exitCode())
                    .as(String.join(" ", bad) + ": " + run.err())
                    .isEqualTo(2);
            assertThat(run.err()).startsWith("cutover demo: " + bad[0] + " " + bad[1] + ": cannot be written");
            assertThat(run.out()).doesNotContain("PROMOTED", "ROLLED_BACK");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(5));
        }
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void zeroDeploymentsIsAUsageErrorNamingTheOption() {
        CliRun run = cutover("demo", "--deployments", "0", "--quiet");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cutover demo:").contains("deployments");
    }
}
