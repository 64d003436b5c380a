package dev.cutover.core.workflow;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.Weights;

/**
 * What ShiftTraffic returns into {@code $.weights}: {@code {"blue": 90, "green": 10, "shiftedAt": "..."}}. The
 * weights are read back from the listener; JudgeHealth judges the bake window from {@code shiftedAt} on.
 *
 * @param weights   the split read back after the shift
 * @param shiftedAt when the listener was verified at those weights
 */
public record ShiftOutcome(Weights weights, Instant shiftedAt) {

    public ShiftOutcome {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(shiftedAt, "shiftedAt");
    }

    public Map<String, Object> toMap() {
        return Payload.toMap(toJson());
    }

    ObjectNode toJson() {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("blue", weights.blue());
        node.put("green", weights.green());
        node.put("shiftedAt", shiftedAt.toString());
        return node;
    }

    static Optional<ShiftOutcome> read(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "{blue, green, shiftedAt} from ShiftTraffic")) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<Long> blue = payload.integer(node, path, "blue", 0, 100);
        Optional<Long> green = payload.integer(node, path, "green", 0, 100);
        Optional<Instant> at = payload.instant(node, path, "shiftedAt", true);
        if (payload.cleanSince(mark) && blue.get() + green.get() != 100) {
            payload.problem(Payload.path(path, "green"), "blue " + blue.get() + " and green " + green.get()
                    + " must sum to 100");
        }
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new ShiftOutcome(new Weights(blue.get().intValue(), green.get().intValue()), at.get()));
    }
}
