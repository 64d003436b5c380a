package dev.cutover.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.cutover.states.DefinitionException;
import dev.cutover.states.Engine;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.MockConfig;
import dev.cutover.states.MockConfigException;
import dev.cutover.states.StateMachine;

/**
 * {@code cutover states run}: runs one execution of a state machine and prints exactly one JSON object on
 * standard output, {@code {"status":"SUCCEEDED","output":...}} or
 * {@code {"status":"FAILED","error":"...","cause":"..."}}.
 *
 * <p>Task states are answered by the mock config's test case; a Task it does not mock fails with
 * States.TaskFailed (the CLI has no Java handlers). Time is real by default, as on AWS; {@code --virtual-clock}
 * makes Wait states and retry back-off instantaneous while timestamps advance as if the time had passed.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a state machine once and print {\"status\":...} as JSON.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the execution succeeded",
            "1:the execution failed, timed out or was aborted",
            "2:invalid usage, definition, input or mock config (reason on standard error)"
        })
public final class StatesRunCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--definition",
            required = true,
            paramLabel = "FILE",
            description = "The state machine definition (Amazon States Language, JSON).")
    Path definition;

    static final class InputSource {
        @Option(names = "--input", paramLabel = "JSON", description = "The execution input as JSON text.")
        String json;

        @Option(names = "--input-file", paramLabel = "FILE", description = "A file holding the execution input.")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    InputSource input;

    @Option(
            names = "--mock-config",
            paramLabel = "FILE",
            description = "A Step Functions Local mock config (MockConfigFile.json format).")
    Path mockConfig;

    @Option(
            names = "--test-case",
            paramLabel = "MACHINE#CASE",
            description = "The mock config test case to answer Task states with.")
    String testCase;

    @Mixin
    DefinitionSubstitutions substitutions;

    @Option(
            names = {"--virtual-clock", "--fast"},
            description = "Run on a virtual clock: Wait states and retry intervals take no real time.")
    boolean virtualClock;

    @Option(names = "--name", paramLabel = "NAME", description = "The execution name (default: a random one).")
    String executionName;

    @Option(
            names = "--state-machine-name",
            paramLabel = "NAME",
            description = "The state machine name in ARNs and the Context object (default: the test case's machine,"
                    + " else the definition file's name).")
    String machineName;

    @Option(
            names = "--history",
            paramLabel = "FILE",
            description = "Also write the execution history (GetExecutionHistory shape) to this file.")
    Path historyFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Prepared prepared;
        try {
            prepared = prepare();
        } catch (InvalidInput e) {
            err.println("cutover states run: " + e.getMessage());
            return 2;
        }
        ExecutionResult result = prepared.engine()
                .run(
                        prepared.machine(),
                        prepared.input(),
                        executionName != null ? executionName : "cli-" + UUID.randomUUID());
        if (historyFile != null) {
            try {
                Files.writeString(
                        historyFile,
                        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.historyJson())
                                + System.lineSeparator());
            } catch (IOException e) {
                err.println("cutover states run: cannot write --history " + historyFile + ": " + e.getMessage());
            }
        }
        out.println(result.toJson().toString());
        out.flush();
        return result.succeeded() ? 0 : 1;
    }

    private record Prepared(Engine engine, StateMachine machine, JsonNode input) {}

    /** A problem with what the user passed: exit code 2 and the message on standard error. */
    private static final class InvalidInput extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidInput(String message) {
            super(message);
        }
    }

    private Prepared prepare() throws InvalidInput {
        if ((mockConfig == null) != (testCase == null)) {
            throw new InvalidInput(
                    mockConfig == null
                            ? "--test-case needs --mock-config FILE"
                            : "--mock-config needs --test-case MACHINE#CASE to say which test case to use");
        }
        Engine.Builder engine = Engine.builder();
        if (virtualClock) {
            engine.virtualTime();
        }
        String name = machineName;
        if (mockConfig != null) {
            try {
                MockConfig config = MockConfig.read(mockConfig);
                MockConfig.TestCase selected = config.testCase(testCase);
                engine.mockTestCase(selected);
                if (name == null) {
                    name = selected.stateMachine();
                }
            } catch (MockConfigException e) {
                throw new InvalidInput("invalid --mock-config: " + e.getMessage());
            }
        }
        String text = read(definition, "--definition");
        StateMachine machine;
        try {
            machine = StateMachine.compile(text, substitutions.values);
        } catch (DefinitionException e) {
            throw new InvalidInput(definition + ": " + e.getMessage());
        }
        if (name == null) {
            name = nameFromFile(definition);
        }
        try {
            machine = machine.withName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("--state-machine-name: " + e.getMessage());
        }
        String what = input.json != null ? "--input" : "--input-file " + input.file;
        JsonNode parsed;
        try {
            String inputText = input.json != null ? input.json : JsonInput.read(input.file, what);
            parsed = inputText.isBlank() ? MAPPER.createObjectNode() : JsonInput.parse(inputText, what);
        } catch (JsonInput.Invalid e) {
            throw new InvalidInput(e.getMessage());
        }
        return new Prepared(engine.build(), machine, parsed);
    }

    private static String read(Path file, String option) throws InvalidInput {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInput("cannot read " + option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInput("cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }

    /** {@code deployment.asl.json} gives {@code deployment}; anything unusable gives {@code StateMachine}. */
    static String nameFromFile(Path file) {
        String base = file.getFileName().toString();
        for (String suffix : new String[] {".asl.json", ".asl.yaml", ".json"}) {
            if (base.endsWith(suffix)) {
                base = base.substring(0, base.length() - suffix.length());
                break;
            }
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9_.-]", "-");
        return cleaned.isEmpty() || cleaned.length() > 80 ? "StateMachine" : cleaned;
    }
}
