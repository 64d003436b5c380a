package dev.cutover.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.cutover.tests.support.ExternalTool;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every benchmark still runs: {@code bench/run-all --smoke} runs each {@code bench/NAME.sh --smoke} (tiny sizes)
 * once, and each benchmark present must have written its section and its raw figures as the contract says
 * (docs/benchmarks.md, "How this file is made"). No figure is judged here: speed lives in the benchmarks.
 *
 * <p>A benchmark that could not run (exit 2: a tool missing) fails the test under {@code CI=true} and is skipped
 * elsewhere, as {@link ExternalTool} does for tools.
 */
class BenchSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** About 2 minutes on an idle 2-core machine (the engine's Maven build and the cold start's JVMs); far more when busy. */
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /** bench/run-all's outcome, one row per benchmark. */
    private record Row(String name, String status, String reason) {}

    @TestFactory
    Stream<DynamicTest> everyBenchmarkRunsAtSmokeSizeAndWritesItsSectionAndFigures() throws IOException {
        Path root = RepoFiles.root();
        ExternalTool.require(
                "install jq (apt-get install jq): the benchmarks write their results with it", "jq", "--version");

        // when run-all runs every benchmark present at smoke size
        ExternalTool.Result run = ExternalTool.run(root, TIMEOUT, "bench/run-all", "--smoke");

        List<Row> rows = rows(root.resolve("bench/target/run-all/status.tsv"), run);
        assertThat(rows).as(run.output()).isNotEmpty();
        assertThat(run.exitCode()).as(run.output()).isIn(0, 2);
        String doc = Files.readString(root.resolve("bench/target/benchmarks.md"));
        assertThat(doc).startsWith(Files.readString(root.resolve("bench/benchmarks-preamble.md")));
        assertThat(doc).contains("## Summary of targets");
        return rows.stream()
                .filter(row -> !row.status().equals("absent"))
                .map(row -> DynamicTest.dynamicTest(row.name(), () -> check(root, row, doc, run)));
    }

    private static void check(Path root, Row row, String doc, ExternalTool.Result run) throws IOException {
        if (row.status().equals("could not run")) {
            String message = "bench " + row.name() + " could not run: " + row.reason();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and a benchmark's tool is unavailable: " + message);
            }
            Assumptions.abort("skipped (CI is not true): " + message);
        }
        // then it ran and wrote its section: a title, the machine with its load, the command, a table
        assertThat(row.status()).as(row + "\n" + run.output()).isEqualTo("ran");
        Path results = root.resolve("bench/target/results");
        String section = Files.readString(results.resolve(row.name() + ".md"));
        assertThat(section).startsWith("## ");
        assertThat(section).contains("Machine: ", " cores, ", "load average");
        assertThat(section).contains("--smoke");
        assertThat(section).containsPattern("(?m)^\\| ---");
        assertThat(doc).contains(section.strip());

        // and its raw figures, marked as a smoke run, with every target's status
        JsonNode json = JSON.readTree(results.resolve(row.name() + ".json").toFile());
        assertThat(json.path("name").asText()).isEqualTo(row.name());
        assertThat(json.path("smoke").asBoolean()).isTrue();
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("results").isMissingNode()).isFalse();
        assertThat(json.path("targets")).isNotEmpty();
        for (JsonNode target : json.path("targets")) {
            assertThat(target.path("target").asText()).isNotBlank();
            assertThat(target.path("status").asText()).isIn("met", "missed", "not measured");
        }
    }

    private static List<Row> rows(Path statusFile, ExternalTool.Result run) {
        List<Row> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(statusFile)) {
                String[] fields = line.split("\t", -1);
                rows.add(new Row(fields[0], fields[1], fields.length > 2 ? fields[2] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bench/run-all wrote no " + statusFile + "\n" + run.output(), e);
        }
        return rows;
    }
}
