package dev.cutover.core.workflow;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One stage of a deployment plan, as the state machine's Map state iterates over them:
 * {@code {"index": 0, "percent": 10, "bakeSeconds": 300}}.
 *
 * @param index       position in the spec's {@code shifting.stages}, from 0
 * @param percent     share of production traffic on green at this stage, 1..100
 * @param bakeSeconds how long the Bake state waits before JudgeHealth
 */
public record PlannedStage(int index, int percent, long bakeSeconds) {

    public PlannedStage {
        if (index < 0) {
            throw new IllegalArgumentException("stage index must be 0 or more, was " + index);
        }
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("stage percent must be 1..100, was " + percent);
        }
        if (bakeSeconds < 0) {
            throw new IllegalArgumentException("bakeSeconds must not be negative, was " + bakeSeconds);
        }
    }

    public Duration bake() {
        return Duration.ofSeconds(bakeSeconds);
    }

    ObjectNode toJson() {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("index", index);
        node.put("percent", percent);
        node.put("bakeSeconds", Math.toIntExact(bakeSeconds));
        return node;
    }

    static Optional<PlannedStage> read(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "{index, percent, bakeSeconds}")) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<Long> index = payload.integer(node, path, "index", 0, 1000);
        Optional<Long> percent = payload.integer(node, path, "percent", 1, 100);
        Optional<Long> bake = payload.integer(node, path, "bakeSeconds", 0, 86_400);
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new PlannedStage(index.get().intValue(), percent.get().intValue(), bake.get()));
    }

    @Override
    public String toString() {
        return "stage " + index + " (" + percent + "% on green)";
    }
}
