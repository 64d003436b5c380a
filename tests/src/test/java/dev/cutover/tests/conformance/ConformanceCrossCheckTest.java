package dev.cutover.tests.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.tests.support.ExternalTool;
import dev.cutover.tests.support.ExternalTool.Result;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-checks the ASL conformance suite (local/states/src/test/resources/conformance, which the Java engine runs in
 * ConformanceSuiteTest) against a second implementation, aws-local-stepfunctions, with
 * local/states/conformance-check/check.mjs: every case must pass there or be a documented deviation of that
 * implementation (known-differences.json). So an expectation written to suit our engine rather than the
 * documentation shows up here. Needs node and npm: fails without them when CI=true, skips otherwise.
 */
class ConformanceCrossCheckTest {

    static final String CHECK_DIR = "local/states/conformance-check";
    static final String CASES_DIR = "local/states/src/test/resources/conformance";
    static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");
    static final Pattern KNOWN = Pattern.compile("(?m)^known differences \\(.*\\): (\\d+)$");
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(90);

    private static boolean installed;

    @BeforeEach
    void requireNode() {
        ExternalTool.require("install Node.js 20 or later (npm ships with it)", "node", "--version");
        ExternalTool.require("install npm (it ships with Node.js)", "npm", "--version");
        installOnce();
    }

    /** {@code npm ci} of the pinned aws-local-stepfunctions, quietly, once per JVM. */
    private static synchronized void installOnce() {
        if (installed) {
            return;
        }
        Result install = ExternalTool.run(
                RepoFiles.root(),
                INSTALL_TIMEOUT,
                "npm",
                "ci",
                "--prefix",
                CHECK_DIR,
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--loglevel=error");
        assertThat(install.exitCode())
                .as("npm ci in %s\n%s", CHECK_DIR, install.output())
                .isZero();
        installed = true;
    }

    @Test
    void everyConformanceCasePassesOnAwsLocalStepfunctionsOrIsADocumentedDeviation() throws IOException {
        Result check = ExternalTool.run(RepoFiles.root(), CHECK_TIMEOUT, "node", CHECK_DIR + "/check.mjs");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.stdout()).as(check.output()).doesNotContain("DIFF ");
        Matcher summary = SUMMARY.matcher(check.stdout());
        assertThat(summary.find())
                .as("a summary line 'N passed, M failed'\n%s", check.output())
                .isTrue();
        int passed = Integer.parseInt(summary.group(1));
        assertThat(passed).as(check.output()).isGreaterThanOrEqualTo(90);
        assertThat(Integer.parseInt(summary.group(2))).isZero();

        Matcher known = KNOWN.matcher(check.stdout());
        assertThat(known.find()).as(check.output()).isTrue();
        assertThat(passed + Integer.parseInt(known.group(1)))
                .as("every case directory was run")
                .isEqualTo(caseDirectories());
    }

    @Test
    void aCaseWhoseExpectationIsWrongFailsTheCheck(@TempDir Path cases) throws IOException {
        // the first case, copied with an expectation no implementation produces
        Path original = RepoFiles.resolve(CASES_DIR).resolve("001-pass-passthrough");
        Path copy = Files.createDirectories(cases.resolve("001-pass-passthrough"));
        for (String file : new String[] {"definition.asl.json", "input.json"}) {
            Files.copy(original.resolve(file), copy.resolve(file));
        }
        Files.writeString(
                copy.resolve("expected.json"),
                "{\"status\":\"SUCCEEDED\",\"output\":{\"not\":\"the input\"}}",
                StandardCharsets.UTF_8);

        // the filter argument keeps check.mjs from reporting known-differences.json entries absent from this dir
        Result check = ExternalTool.run(
                RepoFiles.root(), CHECK_TIMEOUT, "node", CHECK_DIR + "/check.mjs", "--cases", cases.toString(), "001-");

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.stdout()).contains("DIFF 001-pass-passthrough").contains("0 passed, 1 failed");
    }

    private static long caseDirectories() throws IOException {
        try (Stream<Path> dirs = Files.list(RepoFiles.resolve(CASES_DIR))) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().matches("\\d{3}-.*"))
                    .count();
        }
    }
}
