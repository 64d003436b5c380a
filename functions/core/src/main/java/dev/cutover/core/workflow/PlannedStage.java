package dev.cutover.core.workflow;

import java.time.Duration;

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

    @Override
    public String toString() {
        return "stage " + index + " (" + percent + "% on green)";
    }
}
