package dev.cutover.runtime.demo;

import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of the workflow's task inputs and outputs the demo's {@link Timeline} follows, as typed records bound
 * by Jackson (fields the demo does not show are ignored). A field missing from the JSON is null (or 0).
 */
final class TaskRecords {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TaskRecords() {}

    /** A task input's {@code stage}: the stage of the plan the task works on. */
    record Stage(Integer index, int percent, int bakeSeconds) {

        static final Stage NONE = new Stage(null, 0, 0);

        /** The stage's index, -1 when the input names none. */
        int position() {
            return index == null ? -1 : index;
        }
    }

    /** ShiftTraffic's output: the weights now in force. */
    record Shift(int blue, int green, String shiftedAt) {}

    /** JudgeHealth's output, the stage's verdict. */
    record Verdict(String status, String summary) {}

    /** Rollback's output. */
    record RolledBack(String reason) {}

    /** Finalize's output. */
    record Finalized(String status) {}

    static Stage stageOf(JsonNode input) {
        return read(input.path("stage"), Stage.class).orElse(Stage.NONE);
    }

    /** The node as a record; empty when it is missing or does not bind. */
    static <T> Optional<T> read(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.treeToValue(node, type));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A text field as the demo prints it: empty when missing. */
    static String text(String value) {
        return value == null ? "" : value;
    }
}
