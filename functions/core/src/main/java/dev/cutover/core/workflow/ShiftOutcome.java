package dev.cutover.core.workflow;

import java.time.Instant;
import java.util.Objects;

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
}
