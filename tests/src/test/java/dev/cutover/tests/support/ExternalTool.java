package dev.cutover.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a command-line tool the tests depend on (node's npx, cfn-lint, python3) and captures its output.
 * When the tool is missing, a test fails if the environment variable {@code CI} is {@code true} (CI must run every
 * check) and is skipped otherwise, so a developer without the tool still gets a green build of the rest.
 */
public final class ExternalTool {

    /** What a finished command printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** Both streams, for assertion messages. */
        public String output() {
            return "$ " + String.join(" ", command) + "\n[exit " + exitCode + "]\n[stdout]\n" + stdout + "\n[stderr]\n"
                    + stderr;
        }
    }

    private ExternalTool() {}

    /**
     * Makes sure {@code probe} (for example {@code cfn-lint --version}) runs and exits 0: otherwise fails under CI
     * and aborts (skips) the test elsewhere, naming the tool and how to get it. The probe runs once per JVM; call
     * this from {@code @BeforeEach} so that every skipped test is reported as skipped.
     */
    public static void require(String howToInstall, String... probe) {
        String problem =
                PROBES.computeIfAbsent(List.of(probe), ExternalTool::probe).orElse(null);
        if (problem == null) {
            return;
        }
        String message = problem + "; " + howToInstall;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and a required tool is unavailable: " + message);
        }
        Assumptions.abort("skipped, tool unavailable (CI is not true): " + message);
    }

    private static final Map<List<String>, Optional<String>> PROBES = new ConcurrentHashMap<>();

    private static Optional<String> probe(List<String> probe) {
        try {
            Result result = run(Path.of("").toAbsolutePath(), Duration.ofSeconds(60), probe.toArray(String[]::new));
            return result.exitCode() == 0
                    ? Optional.empty()
                    : Optional.of("`" + String.join(" ", probe) + "` exited " + result.exitCode() + ": "
                            + result.stderr().strip());
        } catch (UncheckedIOException e) {
            return Optional.of(
                    "`" + probe.get(0) + "` is not on the PATH (" + e.getCause().getMessage() + ")");
        }
    }

    /** Runs the command in {@code workDir}; fails the test if it does not finish within {@code timeout}. */
    public static Result run(Path workDir, Duration timeout, String... command) {
        return run(workDir, timeout, Map.of(), command);
    }

    /** As {@link #run(Path, Duration, String...)}, with {@code environment} added to the process's environment. */
    public static Result run(Path workDir, Duration timeout, Map<String, String> environment, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command[0], e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("`" + String.join(" ", command) + "` did not finish within " + timeout);
            }
            return new Result(List.of(command), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
