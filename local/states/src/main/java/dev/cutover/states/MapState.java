package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Map (inline): runs its item processor once per element of ItemsPath, each on the element (or on what
 * ItemSelector, or the legacy Parameters, makes of it); the result is the array of outputs, in item order.
 */
final class MapState extends RecoverableState {

    JsonPathExpr itemsPath;
    PayloadTemplate itemSelector;
    StateGraph processor;
    int maxConcurrency;
    JsonPathExpr maxConcurrencyPath;
    /** JSONata: Items (an array or an expression) and ItemSelector. */
    JsonataTemplate items;

    JsonataTemplate itemSelectorJsonata;

    JsonataExpr maxConcurrencyExpr;

    MapState(String name) {
        super(name, "Map");
    }

    @Override
    Transition attempt(JsonNode rawInput, StateRun run) throws StatesFailure {
        JsonNode input = effectiveInput(rawInput, run);
        JsonNode items = input;
        if (this.items != null) {
            items = this.items.apply(JsonataScope.of(run, run.scope, input, null, null));
            if (!items.isArray()) {
                throw JsonataExpr.failed(
                        run, "Items", "The Items of state '" + name + "' must be a JSON array, not " + items);
            }
        }
        if (itemsPath != null) {
            items = run.read(itemsPath, input);
            if (items == null) {
                throw noResults(itemsPath);
            }
        }
        if (!items.isArray()) {
            throw StatesFailure.runtime("Unable to apply step 'ItemsPath' to input: the value at '"
                    + (itemsPath == null ? "$" : itemsPath) + "' is " + Json.typeName(items)
                    + ", but the Map state needs a JSON array");
        }
        int concurrency = maxConcurrency;
        if (maxConcurrencyExpr != null) {
            JsonNode value =
                    maxConcurrencyExpr.evaluate(JsonataScope.of(run, run.scope, input, null, null), "MaxConcurrency");
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
                throw JsonataExpr.failed(
                        run,
                        "MaxConcurrency",
                        "The MaxConcurrency expression '" + maxConcurrencyExpr
                                + "' must evaluate to a non-negative integer, not " + value);
            }
            concurrency = value.intValue();
        }
        if (maxConcurrencyPath != null) {
            JsonNode value = run.read(maxConcurrencyPath, input);
            if (value == null) {
                throw noResults(maxConcurrencyPath);
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
                throw StatesFailure.runtime("MaxConcurrencyPath '" + maxConcurrencyPath
                        + "' must reference a non-negative integer, not " + value);
            }
            concurrency = value.intValue();
        }
        ArrayNode array = (ArrayNode) items;
        run.scope.emit("MapStateStarted", Json.object().put("length", array.size()));
        Branches.Events events = new Branches.Events() {
            @Override
            public void started(int index, Scope scope) {
                scope.emit("MapIterationStarted", iteration(index));
            }

            @Override
            public void succeeded(int index, Scope scope) {
                scope.emit("MapIterationSucceeded", iteration(index));
            }

            @Override
            public void failed(int index, Scope scope) {
                scope.emit("MapIterationFailed", iteration(index));
            }

            @Override
            public void aborted(int index, Scope scope) {
                scope.emit("MapIterationAborted", iteration(index));
            }
        };
        ArrayNode results;
        try {
            results = Branches.runAll(
                    run,
                    array.size(),
                    concurrency,
                    (index, scope) -> {
                        JsonNode item = array.get(index);
                        JsonNode itemInput;
                        if (itemSelectorJsonata != null) {
                            itemInput = itemSelectorJsonata.apply(
                                    JsonataScope.of(run.forMapItem(index, item), run.scope, input, null, null));
                        } else {
                            itemInput = itemSelector == null
                                    ? item
                                    : itemSelector.apply(input, run.forMapItem(index, item));
                        }
                        return Interpreter.run(processor, itemInput, scope);
                    },
                    events);
        } catch (StatesFailure failure) {
            run.scope.emit("MapStateFailed", null);
            throw failure;
        }
        run.scope.emit("MapStateSucceeded", null);
        return new Transition(next, finish(rawInput, results, run));
    }

    private ObjectNode iteration(int index) {
        return Json.object().put("name", name).put("index", index);
    }
}
