package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;

/** Fail: fails its States block with Error and Cause (fixed, or from ErrorPath and CausePath). */
final class FailState extends CompiledState {

    String error;
    String cause;
    JsonPathExpr errorPath;
    Intrinsic errorFunction;
    JsonPathExpr causePath;
    Intrinsic causeFunction;
    /** JSONata: Error or Cause given as an expression. */
    JsonataExpr errorExpr;

    JsonataExpr causeExpr;

    FailState(String name) {
        super(name, "Fail", false);
    }

    @Override
    Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
        if (errorExpr != null || causeExpr != null) {
            JsonataScope scope = JsonataScope.of(run, run.scope, rawInput, null, null);
            throw new StatesFailure(
                    errorExpr == null ? error : text(errorExpr.evaluate(scope, "Error"), errorExpr, "Error", run),
                    causeExpr == null ? cause : text(causeExpr.evaluate(scope, "Cause"), causeExpr, "Cause", run));
        }
        String errorValue = resolve(error, errorPath, errorFunction, "ErrorPath", rawInput, run);
        String causeValue = resolve(cause, causePath, causeFunction, "CausePath", rawInput, run);
        throw new StatesFailure(errorValue, causeValue);
    }

    private static String text(JsonNode value, JsonataExpr expr, String field, StateRun run) throws StatesFailure {
        if (!value.isTextual()) {
            throw JsonataExpr.failed(
                    run, field, "The " + field + " expression '" + expr + "' must evaluate to a string, not " + value);
        }
        return value.textValue();
    }

    private static String resolve(
            String fixed, JsonPathExpr path, Intrinsic function, String field, JsonNode input, StateRun run)
            throws StatesFailure {
        if (fixed != null) {
            return fixed;
        }
        JsonNode value;
        if (path != null) {
            value = run.read(path, input);
            if (value == null) {
                throw noResults(path);
            }
        } else if (function != null) {
            value = function.evaluate(input, run, field);
        } else {
            return null;
        }
        if (!value.isTextual()) {
            throw StatesFailure.runtime("The value of " + field + " must be a string, but '"
                    + (path != null ? path : function) + "' is " + Json.typeName(value) + ": " + value);
        }
        return value.textValue();
    }
}
