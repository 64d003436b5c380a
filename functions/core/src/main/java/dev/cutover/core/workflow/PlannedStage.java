package dev.cutover.core.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One stage of a deployment plan, as the state machine's Map state iterates over them:
 * {@code {"index": 0, "percent": 10, "bakeSeconds": 300, "approvalTimeoutSeconds"?: 3600}}.
 *
 * @param index                  position in the spec's {@code shifting.stages}, from 0
 * @param percent                share of production traffic on green at this stage, 1..100
 * @param bakeSeconds            how long the Bake state waits before JudgeHealth
 * @param approvalTimeoutSeconds when present, the stage's approval gate: the AwaitApproval state waits this long
 *                               (its {@code TimeoutSecondsPath}) for {@code cutover approve} before the shift
 */
public record PlannedStage(int index, int percent, long bakeSeconds, Optional<Long> approvalTimeoutSeconds) {

    /** A stage without an approval gate. */
    public PlannedStage(int index, int percent, long bakeSeconds) {
        this(index, percent, bakeSeconds, Optional.empty());
    }

    public PlannedStage {
        Objects.requireNonNull(approvalTimeoutSeconds, "approvalTimeoutSeconds");
        if (approvalTimeoutSeconds.isPresent() && approvalTimeoutSeconds.get() < 1) {
            throw new IllegalArgumentException(
                    "approvalTimeoutSeconds must be 1 or more, was " + approvalTimeoutSeconds.get());
        }
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

    /** The longest this stage waits for approval; zero without a gate. */
    public Duration approvalTimeout() {
        return Duration.ofSeconds(approvalTimeoutSeconds.orElse(0L));
    }

    @Override
    public String toString() {
        return "stage " + index + " (" + percent + "% on green)";
    }
}
