package dev.cutover.tests.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.tests.support.ExternalTool;
import dev.cutover.tests.support.ExternalTool.Result;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lints template.yaml with cfn-lint (which runs the SAM transform first): no error and no warning. A copy on the
 * deprecated java17 runtime proves the lint, as invoked, reports problems. Fails without cfn-lint when CI=true,
 * skips otherwise.
 */
class CfnLintTest {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    @BeforeEach
    void requireCfnLint() {
        ExternalTool.require("pip install cfn-lint (it brings aws-sam-translator)", "cfn-lint", "--version");
    }

    @Test
    void theTemplateHasNoErrorOrWarning() {
        Result result = ExternalTool.run(RepoFiles.root(), TIMEOUT, "cfn-lint", "template.yaml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).as(result.output()).isBlank();
    }

    @Test
    void aDeprecatedRuntimeIsReported(@TempDir Path dir) throws IOException {
        String template = RepoFiles.read("template.yaml");
        assertThat(template).contains("Runtime: java21");
        Path broken = dir.resolve("template.yaml");
        Files.writeString(broken, template.replace("Runtime: java21", "Runtime: java17"), StandardCharsets.UTF_8);

        Result result = ExternalTool.run(dir, TIMEOUT, "cfn-lint", "template.yaml");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.stdout()).as(result.output()).contains("java17");
    }
}
