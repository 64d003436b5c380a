package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a state's result goes in its output: replace the input ($), discard it (null), or a field. */
final class ResultPathSpec {

    static final ResultPathSpec REPLACE = new ResultPathSpec(null, false);
    static final ResultPathSpec DISCARD = new ResultPathSpec(null, true);

    private final JsonPathExpr.Reference path;
    private final boolean discard;

    private ResultPathSpec(JsonPathExpr.Reference path, boolean discard) {
        this.path = path;
        this.discard = discard;
    }

    static ResultPathSpec of(JsonPathExpr.Reference path) {
        return path.isRoot() ? REPLACE : new ResultPathSpec(path, false);
    }

    JsonNode apply(JsonNode rawInput, JsonNode result) throws StatesFailure {
        if (discard) {
            return rawInput;
        }
        if (path == null) {
            return result;
        }
        try {
            return path.write(rawInput, result);
        } catch (IllegalArgumentException e) {
            throw new StatesFailure(
                    StatesFailure.RESULT_PATH_MATCH_FAILURE,
                    "Unable to apply ResultPath '" + path + "' to the input '" + Json.write(rawInput) + "': "
                            + e.getMessage());
        }
    }
}
