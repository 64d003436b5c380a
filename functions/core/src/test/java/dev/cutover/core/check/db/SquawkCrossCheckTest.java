package dev.cutover.core.check.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Cross-checks the {@link ExpandGuard} against Squawk (npm {@code squawk-cli}, pinned), a PostgreSQL migration
 * linter, on the corpus under {@code src/test/resources/migration-corpus}: a file named {@code unsafe-*} must be
 * refused by the guard and one named {@code safe-*} accepted, and where Squawk's verdict differs the case is listed
 * in {@link #DISAGREEMENTS} with the reason. An unexplained disagreement fails, and so does an explanation that no
 * longer applies.
 *
 * <p>Squawk runs as Cutover runs migrations: {@code --assume-in-transaction} (the pending migrations form one
 * transaction) on PostgreSQL 14 (the embedded server of the tests). Its rules in {@link #NOT_EXPAND_SAFETY} are left
 * out of its verdict, each for the reason given there.
 *
 * <p>Needs the Squawk binary: {@code npm install --prefix .tools/squawk squawk-cli@2.66.0} at the repository root
 * ({@code .ci/run} does it), or its path in the environment variable {@code SQUAWK}. Without it the test fails when
 * {@code CI=true} and is skipped otherwise.
 */
class SquawkCrossCheckTest {

    static final String SQUAWK_VERSION = "2.66.0";
    static final String INSTALL = "npm install --prefix .tools/squawk squawk-cli@" + SQUAWK_VERSION;
    private static final String CORPUS = "migration-corpus";

    /** Squawk rules that are not about blue surviving the migration, and why they do not count. */
    static final Map<String, String> NOT_EXPAND_SAFETY = Map.of(
            "require-lock-timeout",
            "MigrationRunner sets lock_timeout on every connection from migrations.lockTimeoutSeconds",
            "require-statement-timeout",
            "MigrationRunner sets statement_timeout on every connection from migrations.statementTimeoutSeconds",
            "prefer-robust-stmts",
            "re-runs are Flyway's job: its history table and the one-transaction group make a half-applied script"
                    + " impossible",
            "prefer-bigint-over-int",
            "a type choice, not a hazard to blue",
            "prefer-bigint-over-smallint",
            "a type choice, not a hazard to blue",
            "prefer-text-field",
            "a type choice, not a hazard to blue",
            "prefer-timestamptz",
            "a type choice, not a hazard to blue",
            "prefer-identity",
            "a type choice, not a hazard to blue");

    enum Side {
        /** the guard refuses, Squawk does not */
        GUARD_ONLY,
        /** Squawk objects, the guard accepts */
        SQUAWK_ONLY
    }

    record Disagreement(Side side, String reason) {}

    /** Every case where the guard and Squawk differ, and why the guard is right to differ. */
    static final Map<String, Disagreement> DISAGREEMENTS = Map.of(
            "unsafe-truncate.sql",
            new Disagreement(
                    Side.GUARD_ONLY, "Squawk has no rule against TRUNCATE; it empties a table blue reads and writes"),
            "unsafe-update-backfill.sql",
            new Disagreement(
                    Side.GUARD_ONLY,
                    "Squawk does not lint data changes; an UPDATE in BeforeInstall locks the rows blue writes for the"
                            + " whole group transaction"),
            "unsafe-delete-rows.sql",
            new Disagreement(
                    Side.GUARD_ONLY, "Squawk does not lint data changes; a DELETE removes rows blue still serves"),
            "unsafe-do-block-drop.sql",
            new Disagreement(
                    Side.GUARD_ONLY,
                    "Squawk does not look inside DO bodies; the guard checks them, since they run with the migration"),
            "unsafe-add-column-with-check.sql",
            new Disagreement(
                    Side.GUARD_ONLY,
                    "a CHECK on a column added to an existing table is checked against every row under the ALTER's"
                            + " ACCESS EXCLUSIVE lock; Squawk only flags table constraints"),
            "safe-drop-index.sql",
            new Disagreement(
                    Side.SQUAWK_ONLY,
                    "DROP INDEX is a catalog change: its ACCESS EXCLUSIVE lock is held only briefly, like ADD COLUMN's,"
                            + " and the runner's lock_timeout bounds the wait behind blue's queries; DROP INDEX"
                            + " CONCURRENTLY is still the gentler form"),
            "safe-drop-not-null.sql",
            new Disagreement(
                    Side.SQUAWK_ONLY,
                    "relaxing NOT NULL never refuses a row blue writes; whether blue can read a NULL green writes is"
                            + " an application contract the schema cannot show"));

    private static Map<String, Set<String>> squawkRules;

    @BeforeEach
    void requireSquawk() {
        if (squawkRules == null) {
            squawkRules = runSquawk(squawk());
        }
    }

    static Stream<String> corpus() {
        try (Stream<Path> files = Files.list(corpusDir())) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void guardAndSquawkAgreeOrTheDisagreementIsExplained(String file) throws IOException {
        String sql = Files.readString(corpusDir().resolve(file), StandardCharsets.UTF_8);
        List<ExpandGuard.Violation> violations = ExpandGuard.check(file, sql);
        boolean guardRefuses = !violations.isEmpty();
        Set<String> squawk = squawkRules.getOrDefault(file, Set.of()).stream()
                .filter(rule -> !NOT_EXPAND_SAFETY.containsKey(rule))
                .collect(Collectors.toCollection(TreeSet::new));
        boolean squawkObjects = !squawk.isEmpty();
        String verdicts = file + ": guard " + (guardRefuses ? "refuses " + violations : "accepts") + "; Squawk "
                + (squawkObjects ? "objects " + squawk : "accepts");

        assertThat(guardRefuses)
                .as("the corpus names what the guard must do (unsafe-* refused, safe-* accepted): " + verdicts)
                .isEqualTo(file.startsWith("unsafe-"));
        Disagreement explained = DISAGREEMENTS.get(file);
        if (guardRefuses == squawkObjects) {
            assertThat(explained)
                    .as("listed as a disagreement, but the guard and Squawk now agree: " + verdicts)
                    .isNull();
        } else {
            Side side = guardRefuses ? Side.GUARD_ONLY : Side.SQUAWK_ONLY;
            if (explained == null || explained.side() != side) {
                fail("unexplained disagreement (" + side + "): " + verdicts
                        + "; fix the guard or add the case and its reason to DISAGREEMENTS");
            }
        }
    }

    @Test
    void theCorpusIsLargeEnoughAndEveryExplanationNamesACase() {
        List<String> cases = corpus().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        assertThat(cases.stream().filter(c -> c.startsWith("unsafe-"))).hasSizeGreaterThanOrEqualTo(10);
        assertThat(cases.stream().filter(c -> c.startsWith("safe-"))).hasSizeGreaterThanOrEqualTo(10);
        assertThat(cases).allMatch(c -> c.startsWith("safe-") || c.startsWith("unsafe-"));
        assertThat(cases).containsAll(DISAGREEMENTS.keySet());
    }

    @Test
    void squawkAsInvokedObjectsToWhatItShould() {
        // a check that Squawk really ran on the files: its own rule for a plain index on an existing table
        assertThat(squawkRules.get("unsafe-create-index.sql")).contains("require-concurrent-index-creation");
        assertThat(squawkRules.get("unsafe-rename-column.sql")).contains("renaming-column");
    }

    /** Squawk's rules per corpus file (file names relative to the corpus). */
    private static Map<String, Set<String>> runSquawk(Path squawk) {
        List<String> command = new ArrayList<>(
                List.of(squawk.toString(), "--reporter", "json", "--assume-in-transaction", "--pg-version", "14"));
        command.addAll(corpus().toList());
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(corpusDir().toFile()).redirectErrorStream(false);
        builder.environment().put("NO_COLOR", "1");
        try {
            Path out = Files.createTempFile("squawk", ".json");
            Path err = Files.createTempFile("squawk", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail("squawk did not finish within 2 minutes");
                }
                String json = Files.readString(out, StandardCharsets.UTF_8);
                // 0: nothing found, 1: issues found; anything else is squawk failing
                assertThat(process.exitValue())
                        .as("squawk exit code; stderr: " + Files.readString(err))
                        .isIn(0, 1);
                Map<String, Set<String>> rules = new TreeMap<>();
                for (JsonNode issue : new ObjectMapper().readTree(json)) {
                    String file =
                            Path.of(issue.path("file").asText()).getFileName().toString();
                    rules.computeIfAbsent(file, f -> new TreeSet<>())
                            .add(issue.path("rule_name").asText());
                }
                return rules;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The pinned Squawk binary: {@code $SQUAWK}, or {@code .tools/squawk} under the repository root. Fails under
     * {@code CI=true} when it is missing or not the pinned version; skips otherwise.
     */
    private static Path squawk() {
        String configured = System.getenv("SQUAWK");
        Path candidate = configured != null && !configured.isBlank() ? Path.of(configured) : toolsBinary();
        String problem = null;
        if (candidate == null || !Files.isExecutable(candidate)) {
            problem = "Squawk not found (" + (candidate == null ? "no .tools/squawk above " + corpusDir() : candidate)
                    + ")";
        } else {
            String version = version(candidate);
            if (!version.contains(SQUAWK_VERSION)) {
                problem = candidate + " --version printed " + version.strip() + ", expected " + SQUAWK_VERSION
                        + " (needs Node.js to start)";
            }
        }
        if (problem == null) {
            return candidate;
        }
        String message = problem + "; install it at the repository root with `" + INSTALL + "`";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and a required tool is unavailable: " + message);
        }
        Assumptions.abort("skipped, tool unavailable (CI is not true): " + message);
        return null;
    }

    private static Path toolsBinary() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path binary = dir.resolve(".tools/squawk/node_modules/.bin/squawk");
            if (Files.exists(binary)) {
                return binary;
            }
        }
        return null;
    }

    private static String version(Path squawk) {
        try {
            Process process = new ProcessBuilder(squawk.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "(no answer within a minute)";
            }
            return process.exitValue() == 0 ? out : "(exit " + process.exitValue() + ") " + out;
        } catch (IOException e) {
            return "(cannot start: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static Path corpusDir() {
        URL url = SquawkCrossCheckTest.class.getClassLoader().getResource(CORPUS);
        assertThat(url).as("the corpus on the test classpath at " + CORPUS).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
