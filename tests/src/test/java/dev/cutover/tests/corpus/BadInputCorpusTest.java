package dev.cutover.tests.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.tests.support.CutoverCli;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The bad-input corpus: every malformed input under {@code tests/src/test/resources/bad-inputs/} (hook events,
 * ECS lifecycle payloads, alarm events, workflow inputs and task payloads, specs, ASL definitions, mock configs),
 * listed with what must happen in {@code bad-inputs/cases.tsv}, is given to the entry point a user would give it to,
 * in-process, as they type it: {@code cutover invoke FUNCTION --event FILE}, {@code cutover plan --spec FILE} and
 * {@code cutover deploy --spec FILE}, {@code cutover states run --definition FILE} or {@code --mock-config FILE}.
 *
 * <p>Each must end with a clear error: the exit code the TSV says, the field or file at fault named in what the user
 * sees, no success reported (no Succeeded status; exit 0 only where the function's answer to its caller is itself a
 * failure, as an ECS hook's FAILED), no crash (no JDK or library exception type, no stack frame), no hang (a few
 * seconds per input). The figures are printed at the end; docs/reliability.md quotes them.
 */
class BadInputCorpusTest {

    private static final Path CORPUS = RepoFiles.resolve("tests/src/test/resources/bad-inputs");
    private static final Duration PER_CASE = Duration.ofSeconds(10);

    /** What a crash looks like to a user: a JVM or library exception type, or a stack frame. */
    private static final Pattern CRASH = Pattern.compile("Exception in thread|\\tat |\\bCaused by: "
            + "|(?<![\\w.])(?:java|javax|jdk|sun|com\\.fasterxml|org\\.yaml|org\\.snakeyaml|com\\.jayway|picocli)"
            + "\\.[\\w.$]*(?:Exception|Error)\\b"
            + "|\\b(?:NullPointer|ClassCast|IllegalState|IllegalArgument|(?:Array|String)?IndexOutOfBounds"
            + "|NumberFormat|Arithmetic|UnsupportedOperation|ConcurrentModification|NoSuchElement|DateTimeParse"
            + "|UncheckedIO)Exception\\b|\\b(?:StackOverflow|OutOfMemory)Error\\b");

    /** A success reported anywhere: a hook's or an execution's status. */
    private static final Pattern SUCCESS =
            Pattern.compile("\"(?:status|hookStatus)\"\\s*:\\s*\"(?:Succeeded|SUCCEEDED)\"");

    /** A failure the function answered with (exit 0 is only right with one of these). */
    private static final Pattern FAILURE_ANSWERED =
            Pattern.compile("\"(?:status|hookStatus)\"\\s*:\\s*\"(?:Failed|FAILED)\"");

    /** Outcome per case, for the figures. */
    private static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

    record Case(String file, String entry, int exit, String names, String why) {
        @Override
        public String toString() {
            return file + " (" + why + ")";
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertThat(f).as("case, entry, exit, names, why: %s", line).hasSize(5);
            cases.add(new Case(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4]));
        }
        return cases.stream();
    }

    @Test
    void everyFileOfTheCorpusIsACase() throws IOException {
        List<String> listed = cases().map(Case::file).toList();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(f -> CORPUS.relativize(f).toString().replace('\\', '/'))
                            .filter(f -> f.contains("/")))
                    .as("files under bad-inputs/<kind>/ without a line in cases.tsv")
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    /** One run before the clock starts: the first loads the handlers, the wiring and the engine. */
    @BeforeAll
    static void warmUp() {
        CutoverCli.run(List.of(
                "invoke",
                "Query",
                "--event",
                RepoFiles.resolve("events/query-history.json").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadInputEndsInAClearErrorNamingTheFieldOrFile(Case c) {
        Path file = CORPUS.resolve(c.file());
        assertThat(file).as("the corpus file").exists();
        for (List<String> command : commands(c, file)) {
            OUTCOMES.put(c.file(), "hang");
            CutoverCli run = assertTimeoutPreemptively(
                    PER_CASE, () -> CutoverCli.run(command), () -> "cutover " + command + " hung");
            String seen = run.out() + run.err();
            OUTCOMES.put(c.file(), outcome(c, run));
            String what = "cutover " + String.join(" ", command.subList(0, 2)) + " ... " + c.file();

            assertThat(seen).as("what the user sees for %s: no crash", what).doesNotMatch("(?s).*(" + CRASH + ").*");
            assertThat(run.out()).as("no success reported for %s", what).doesNotMatch("(?s).*" + SUCCESS + ".*");
            assertThat(run.exit()).as("exit code for %s; saw:%n%s", what, seen).isEqualTo(c.exit());
            if (c.exit() == 0) {
                assertThat(run.out())
                        .as("exit 0 is only right with a failure answered")
                        .containsPattern(FAILURE_ANSWERED);
            }
            assertThat(seen).as("the error for %s names %s", what, c.names()).contains(c.names());
        }
    }

    private static String outcome(Case c, CutoverCli run) {
        String seen = run.out() + run.err();
        if (CRASH.matcher(seen).find()) {
            return "crash";
        }
        if (SUCCESS.matcher(run.out()).find()
                || (run.exit() == 0 && !FAILURE_ANSWERED.matcher(run.out()).find())) {
            return "wrong success";
        }
        return run.exit() == c.exit() && seen.contains(c.names()) ? "clear error" : "unclear";
    }

    @AfterAll
    static void figures() {
        Map<String, Integer> byOutcome = new TreeMap<>();
        OUTCOMES.values().forEach(o -> byOutcome.merge(o, 1, Integer::sum));
        System.out.printf(
                "bad-input corpus: %d inputs, %d clear errors, %d wrong successes, %d crashes, %d hangs, %d unclear%n",
                OUTCOMES.size(),
                byOutcome.getOrDefault("clear error", 0),
                byOutcome.getOrDefault("wrong success", 0),
                byOutcome.getOrDefault("crash", 0),
                byOutcome.getOrDefault("hang", 0),
                byOutcome.getOrDefault("unclear", 0));
        Map<String, Integer> byKind = new TreeMap<>();
        OUTCOMES.keySet().forEach(f -> byKind.merge(f.substring(0, f.indexOf('/')), 1, Integer::sum));
        System.out.println("bad-input corpus by kind: " + byKind);
    }

    /**
     * The command lines a user would give the file to. A spec goes to both commands that read one: {@code plan}, and
     * {@code deploy}, which validates it before it starts anything (its endpoint, were it ever reached, is a closed
     * port on 127.0.0.1).
     */
    private static List<List<String>> commands(Case c, Path file) {
        String path = file.toString();
        if (c.entry().startsWith("invoke:")) {
            String function = c.entry().substring("invoke:".length());
            List<String> line = new java.util.ArrayList<>(List.of("invoke", function, "--event", path));
            if (dev.cutover.runtime.demo.LocalInvoker.CALLS_THE_SERVICE.contains(function)) {
                // these need the service's listeners named (a valid spec): the event is what is wrong
                line.addAll(List.of(
                        "--spec",
                        RepoFiles.resolve("examples/orders.cutover.yaml").toString()));
            }
            return List.of(line);
        }
        return switch (c.entry()) {
            case "spec" ->
                List.of(
                        List.of("plan", "--spec", path),
                        List.of(
                                "deploy",
                                "--spec",
                                path,
                                "--endpoint-url",
                                "http://127.0.0.1:9",
                                "--region",
                                "us-east-1"));
            case "states:definition" ->
                List.of(List.of("states", "run", "--definition", path, "--input", "{}", "--virtual-clock"));
            case "states:mock" ->
                List.of(List.of(
                        "states",
                        "run",
                        "--definition",
                        RepoFiles.resolve("statemachine/deployment.asl.json").toString(),
                        "--mock-config",
                        path,
                        "--test-case",
                        "Deployment#Broken",
                        "--input-file",
                        RepoFiles.resolve("events/workflow-input-codedeploy.json")
                                .toString(),
                        "--virtual-clock"));
            default -> throw new IllegalArgumentException("cases.tsv: unknown entry point " + c.entry());
        };
    }
}
