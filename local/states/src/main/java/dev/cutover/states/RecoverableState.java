package dev.cutover.states;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The states with Retry and Catch (Task, Parallel, Map), and the result handling they share: Parameters,
 * ResultSelector, ResultPath.
 */
abstract class RecoverableState extends CompiledState {

    PayloadTemplate parameters;
    PayloadTemplate resultSelector;
    ResultPathSpec resultPath = ResultPathSpec.REPLACE;
    List<Retrier> retriers = List.of();
    List<Catcher> catchers = List.of();

    RecoverableState(String name, String type) {
        super(name, type, true);
    }

    /** One attempt: everything from InputPath to OutputPath. */
    abstract Transition attempt(JsonNode rawInput, StateRun run) throws StatesFailure;

    @Override
    final Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
        int[] retriesUsed = retriers.isEmpty() ? null : new int[retriers.size()];
        while (true) {
            try {
                return attempt(rawInput, run);
            } catch (StatesFailure failure) {
                if (failure.terminal()) {
                    throw failure;
                }
                int matched = retrierFor(failure);
                if (matched >= 0 && retriesUsed[matched] < retriers.get(matched).maxAttempts()) {
                    Retrier retrier = retriers.get(matched);
                    run.scope.sleep(retrier.delay(retriesUsed[matched], run.random()));
                    retriesUsed[matched]++;
                    run.retryCount++;
                    run.contextChanged();
                    continue;
                }
                int caught = catcherFor(failure);
                if (caught >= 0) {
                    return caught(catchers.get(caught), failure, rawInput, run);
                }
                throw failure;
            }
        }
    }

    /** The index of the first Retry entry whose ErrorEquals matches {@code failure}; -1 when none does. */
    final int retrierFor(StatesFailure failure) {
        for (int i = 0; i < retriers.size(); i++) {
            if (retriers.get(i).matches(failure)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first Catch entry whose ErrorEquals matches {@code failure}; -1 when none does. */
    final int catcherFor(StatesFailure failure) {
        for (int i = 0; i < catchers.size(); i++) {
            if (catchers.get(i).matches(failure)) {
                return i;
            }
        }
        return -1;
    }

    /** Where {@code catcher} sends a caught failure, and with what: its ResultPath (or Output) on the raw input. */
    final Transition caught(Catcher catcher, StatesFailure failure, JsonNode rawInput, StateRun run)
            throws StatesFailure {
        ObjectNode errorOutput = Json.object();
        if (failure.error() != null) {
            errorOutput.put("Error", failure.error());
        }
        if (failure.cause() != null) {
            errorOutput.put("Cause", failure.cause());
        }
        if (jsonata != null) {
            JsonNode output = catcher.jsonata == null
                    ? errorOutput
                    : catcher.jsonata.finish(rawInput, null, errorOutput, run, errorOutput);
            return new Transition(catcher.next, output);
        }
        java.util.Map<String, JsonNode> values = Variables.evaluate(catcher.assign, errorOutput, run);
        JsonNode output = catcher.resultPath.apply(rawInput, errorOutput);
        Variables.commit(values, run);
        return new Transition(catcher.next, output);
    }

    /** ResultSelector, ResultPath and OutputPath applied to a successful result. */
    final JsonNode finish(JsonNode rawInput, JsonNode result, StateRun run) throws StatesFailure {
        if (jsonata != null) {
            return jsonata.finish(rawInput, result, null, run, result);
        }
        JsonNode selected = resultSelector == null ? result : resultSelector.apply(result, run);
        java.util.Map<String, JsonNode> values = Variables.evaluate(assign, selected, run);
        JsonNode output = applyOutputPath(resultPath.apply(rawInput, selected), run);
        Variables.commit(values, run);
        return output;
    }

    /** InputPath then Parameters. */
    final JsonNode prepareInput(JsonNode rawInput, StateRun run) throws StatesFailure {
        return applyParameters(effectiveInput(rawInput, run), run);
    }

    /** Parameters (JSONPath) or Arguments (JSONata) applied to the effective input. */
    final JsonNode applyParameters(JsonNode effective, StateRun run) throws StatesFailure {
        if (jsonata != null) {
            return jsonata.arguments(effective, run);
        }
        return parameters == null ? effective : parameters.apply(effective, run);
    }
}
