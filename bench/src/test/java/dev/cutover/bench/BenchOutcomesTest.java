package dev.cutover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Guards what the benchmark compares, not how fast: each benchmarked execution takes the intended path on
 * cutover-states, and aws-local-stepfunctions ends it the same way (bench.mjs check, as bench/run.sh does before
 * timing). No timing here: speed targets live in bench/run.sh.
 */
class BenchOutcomesTest {

    private static final List<String> HAPPY_PATH = List.of(
            "ValidateAndLock",
            "IsStandalone",
            "Stages",
            "NeedsApproval",
            "ShiftTraffic",
            "Bake",
            "JudgeHealth",
            "NeedsLongerBake",
            "StageJudged",
            "NeedsApproval",
            "ShiftTraffic",
            "Bake",
            "JudgeHealth",
            "NeedsLongerBake",
            "StageJudged",
            "NeedsApproval",
            "ShiftTraffic",
            "Bake",
            "JudgeHealth",
            "NeedsLongerBake",
            "StageJudged",
            "IsStandaloneAfter",
            "Finalize",
            "HasRollbackWindow",
            "DeploymentSucceeded");
    private static final List<String> ROLLBACK_PATH = List.of(
            "ValidateAndLock",
            "IsStandalone",
            "Stages",
            "NeedsApproval",
            "ShiftTraffic",
            "Bake",
            "JudgeHealth",
            "NeedsLongerBake",
            "StageJudged",
            "NeedsApproval",
            "ShiftTraffic",
            "Bake",
            "JudgeHealth",
            "Rollback",
            "DeploymentFailed");

    private final ObjectNode outcomes = DeploymentFixture.load().outcomes();

    @Test
    void happyPathShiftsBakesAndJudgesThreeStagesThenFinalizes() {
        JsonNode happy = outcomes.get("HappyPath");
        assertThat(happy.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(names(happy.get("statesEntered"))).containsExactlyElementsOf(HAPPY_PATH);
        assertThat(happy.at("/output/result/outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(happy.at("/output/deployment/stages")).hasSize(3);
    }

    @Test
    void rollbackAtStage2FailsWithTheHealthGateErrorAfterRollingBack() {
        JsonNode rollback = outcomes.get("RollbackAtStage2");
        assertThat(rollback.get("status").asText()).isEqualTo("FAILED");
        assertThat(names(rollback.get("statesEntered"))).containsExactlyElementsOf(ROLLBACK_PATH);
        assertThat(rollback.get("error").asText()).isEqualTo("dev.cutover.core.error.HealthGateFailedException");
        assertThat(rollback.get("cause").asText()).startsWith("rolled back to 100% blue: stage 2 (50%)");
    }

    @Test
    void awsLocalStepFunctionsEndsEveryBenchmarkedExecutionTheSameWay(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("cutover.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path benchMjs = root.resolve("bench/node/bench.mjs");
        assertThat(benchMjs).exists();
        requireTool(
                Files.isDirectory(root.resolve("bench/node/node_modules/aws-local-stepfunctions")),
                "bench/node/node_modules is missing: run npm ci --prefix bench/node");
        Path javaOutcomes = tmp.resolve("java-outcomes.json");
        Files.writeString(javaOutcomes, outcomes.toPrettyString());

        Process node;
        try {
            node = new ProcessBuilder("node", benchMjs.toString(), "check", javaOutcomes.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            requireTool(false, "node is not on the PATH (" + e.getMessage() + ")");
            return;
        }
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("node bench.mjs check did not finish within 60 s");
        }
        String report = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue())
                .as("node bench.mjs check exit status; its report:%n%s", report)
                .isZero();
        assertThat(report).contains("same outcome HappyPath", "same outcome RollbackAtStage2");
    }

    @Test
    void theJsonataRewriteEndsEveryTestCaseAsTheJsonPathMachineDoesOnTheSamePath() {
        ObjectNode jsonata = DeploymentFixture.load(DeploymentFixture.JSONATA).outcomes();

        for (String testCase : DeploymentFixture.TEST_CASES) {
            assertThat(jsonata.get(testCase))
                    .as("%s: status, output (or error and cause) and the states entered", testCase)
                    .isEqualTo(outcomes.get(testCase));
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }

    /** A missing tool fails the test under CI=true and skips it elsewhere. */
    private static void requireTool(boolean available, String message) {
        if (available) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and a required tool is unavailable: " + message);
        }
        Assumptions.abort("skipped, tool unavailable (CI is not true): " + message);
    }
}
