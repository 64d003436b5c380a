package dev.cutover.tests.statemachine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.tests.support.ExternalTool;
import dev.cutover.tests.support.ExternalTool.Result;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates the workflow with asl-validator (the npm package, pinned), which checks the ASL schema and that every
 * Next names an existing state. A deliberately broken copy proves the validator, as invoked, rejects what it should.
 * Needs node's npx: fails without it when CI=true, skips otherwise. The first run downloads the package.
 */
class AslValidatorTest {

    static final String VALIDATOR = "asl-validator@4.0.0";
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    @BeforeEach
    void requireNpx() {
        ExternalTool.require("install Node.js (npx ships with npm)", "npx", "--version");
    }

    @Test
    void theWorkflowIsValidAsl() {
        Result result = validate(RepoFiles.root(), StateMachineStructureTest.ASL);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aNextToAMissingStateIsRejected(@TempDir Path dir) throws IOException {
        ObjectNode broken = (ObjectNode) JsonFiles.read(StateMachineStructureTest.ASL);
        ((ObjectNode) broken.path("States").path("Stages")).put("Next", "NoSuchState");
        Path file = dir.resolve("broken.asl.json");
        Files.writeString(file, JsonFiles.write(broken), StandardCharsets.UTF_8);

        Result result = validate(dir, file.getFileName().toString());
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    }

    private static Result validate(Path workDir, String file) {
        return ExternalTool.run(workDir, TIMEOUT, "npx", "--yes", VALIDATOR, "--json-path", file);
    }
}
