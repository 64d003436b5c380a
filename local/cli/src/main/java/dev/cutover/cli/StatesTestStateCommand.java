package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.cutover.states.DefinitionException;
import dev.cutover.states.TestState;
import dev.cutover.states.TestStateException;
import dev.cutover.states.TestStateResult;

/**
 * {@code cutover states test-state}: runs one state as Step Functions' TestState API does and prints its response
 * shape ({@code status}, {@code nextState}, {@code output} as JSON text, {@code error}, {@code cause},
 * {@code inspectionData}) as one JSON object on standard output. The state is a file holding one state, or a whole
 * machine with {@code --state} naming the state. Nothing is called: a Task (and a Map or Parallel state) is
 * answered by {@code --mock} or {@code --mock-error}; without one a Task fails with States.TaskFailed, as in
 * {@code states run}. A Wait state does not wait.
 */
@Command(
        name = "test-state",
        mixinStandardHelpOptions = true,
        description = "Run one state as the TestState API does and print its response as JSON.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the state succeeded (status SUCCEEDED)",
            "1:it did not: status FAILED, RETRIABLE or CAUGHT_ERROR (the response says which)",
            "2:invalid usage, definition, input, mock, variables or context (reason on standard error)"
        })
public final class StatesTestStateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--definition",
            required = true,
            paramLabel = "FILE",
            description = "One state, or a state machine (then name the state with --state); Amazon States"
                    + " Language, JSON.")
    Path definition;

    @Option(names = "--state", paramLabel = "NAME", description = "The state to run, in a state machine definition.")
    String stateName;

    @Option(names = "--input", paramLabel = "FILE", description = "A file holding the state's input (default {}).")
    Path input;

    @Option(
            names = "--mock",
            paramLabel = "FILE_OR_JSON",
            description = "The result the Task (or the whole Map or Parallel state) returns: a file, or JSON text.")
    String mock;

    @Option(
            names = "--mock-error",
            paramLabel = "NAME",
            description = "The error the Task (or the Map or Parallel state) fails with, e.g. States.Timeout.")
    String mockError;

    @Option(names = "--mock-cause", paramLabel = "TEXT", description = "The cause that goes with --mock-error.")
    String mockCause;

    @Option(
            names = "--variables",
            paramLabel = "FILE",
            description = "A JSON object of the variables the state sees, name to value.")
    Path variables;

    @Option(
            names = "--context",
            paramLabel = "FILE",
            description = "A JSON object with the Context object fields the state reads (Execution, StateMachine,"
                    + " State, Task).")
    Path context;

    @Option(
            names = "--inspection-level",
            paramLabel = "LEVEL",
            description = "INFO (default), DEBUG or TRACE: DEBUG and TRACE add inspectionData, the state's data"
                    + " processing step by step.")
    TestState.InspectionLevel inspectionLevel = TestState.InspectionLevel.INFO;

    @Option(
            names = "--retrier-retry-count",
            paramLabel = "N",
            description = "How many retries the Retry entry matching the mocked error has made already (default 0).")
    int retrierRetryCount;

    @Mixin
    DefinitionSubstitutions substitutions;

    @Override
    public Integer call() {
        TestStateResult result;
        try {
            result = request().run();
        } catch (JsonInput.Invalid e) {
            return invalid(e.getMessage());
        } catch (DefinitionException e) {
            return invalid(definition + ": " + e.getMessage());
        } catch (TestStateException e) {
            return invalid(option(e.field()) + ": " + e.problem());
        }
        spec.commandLine().getOut().println(result.toJson().toString());
        spec.commandLine().getOut().flush();
        return result.status() == TestStateResult.Status.SUCCEEDED ? ExitCode.OK : ExitCode.FAILED;
    }

    private TestState request() throws JsonInput.Invalid {
        if (mockCause != null && mockError == null) {
            throw new JsonInput.Invalid("--mock-cause goes with --mock-error NAME");
        }
        if (mock != null && mockError != null) {
            throw new JsonInput.Invalid("--mock and --mock-error: give the result or the error, not both");
        }
        TestState test = new TestState(json(definition, "--definition " + definition))
                .inspectionLevel(inspectionLevel)
                .retrierRetryCount(retrierRetryCount)
                .substitutions(substitutions.values);
        if (stateName != null) {
            test.stateName(stateName);
        }
        if (input != null) {
            test.input(json(input, "--input " + input));
        }
        if (mock != null) {
            Path file = Path.of(mock);
            test.mockResult(
                    Files.isRegularFile(file)
                            ? json(file, "--mock " + file)
                            : JsonInput.parse(mock, "--mock (not a file, so read as JSON text)"));
        }
        if (mockError != null) {
            test.mockError(mockError, mockCause);
        }
        if (variables != null) {
            test.variables(JsonInput.object(
                    JsonInput.read(variables, "--variables " + variables), "--variables " + variables));
        }
        if (context != null) {
            test.context(JsonInput.object(JsonInput.read(context, "--context " + context), "--context " + context));
        }
        return test;
    }

    private static JsonNode json(Path file, String what) throws JsonInput.Invalid {
        return JsonInput.parse(JsonInput.read(file, what), what);
    }

    /** The option that carries a TestState request field. */
    private String option(String field) {
        return switch (field) {
            case "stateName" -> "--state";
            case "mock" -> mockError != null ? "--mock-error" : "--mock";
            case "context" -> "--context " + context;
            case "variables" -> "--variables " + variables;
            case "input" -> "--input " + input;
            case "definition" -> "--definition " + definition;
            case "retrierRetryCount" -> "--retrier-retry-count";
            default -> field;
        };
    }

    private int invalid(String message) {
        spec.commandLine().getErr().println("cutover states test-state: " + message);
        spec.commandLine().getErr().flush();
        return ExitCode.USAGE;
    }
}
