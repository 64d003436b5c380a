package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A state as the engine runs it: compiled once from the definition and never changed afterwards (its Next
 * links are set while the machine is compiled, before it is published).
 */
abstract class CompiledState {

    final String name;
    final String type;
    final String enteredType;
    final String exitedType;
    /** {"name": ...}: the details of this state's Entered/Exited events; shared, never modified. */
    final ObjectNode nameFields;
    /** InputPath: null means "$"; {@link #inputPathNull} means InputPath: null. */
    JsonPathExpr inputPath;

    boolean inputPathNull;
    JsonPathExpr outputPath;
    boolean outputPathNull;
    String nextName;
    /** Set for a JSONata state (QueryLanguage JSONata); the JSONPath fields are then all unset. */
    JsonataFields jsonata;
    /** A JSONPath state's Assign: keys are variable names ({@code .$} removed); null without Assign. */
    PayloadTemplate assign;

    CompiledState next;

    CompiledState(String name, String type, boolean hasExitEvent) {
        this.name = name;
        this.type = type;
        this.enteredType = type + "StateEntered";
        this.exitedType = hasExitEvent ? type + "StateExited" : null;
        this.nameFields = Json.object().put("name", name);
    }

    /** Runs the state on its raw input; returns where to go and the state's output. */
    abstract Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure;

    final JsonNode effectiveInput(JsonNode rawInput, StateRun run) throws StatesFailure {
        if (inputPathNull) {
            return Json.object();
        }
        if (inputPath == null) {
            return rawInput;
        }
        JsonNode value = run.read(inputPath, rawInput);
        if (value == null) {
            throw noResults(inputPath);
        }
        return value;
    }

    final JsonNode applyOutputPath(JsonNode output, StateRun run) throws StatesFailure {
        if (outputPathNull) {
            return Json.object();
        }
        if (outputPath == null) {
            return output;
        }
        JsonNode value = run.read(outputPath, output);
        if (value == null) {
            throw noResults(outputPath);
        }
        return value;
    }

    static StatesFailure noResults(JsonPathExpr path) {
        return StatesFailure.runtime("Invalid path '" + path + "' : No results for path: " + path);
    }
}
