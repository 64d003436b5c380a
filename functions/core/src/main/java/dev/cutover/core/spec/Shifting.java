package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How production traffic moves to green.
 *
 * @param mode          {@link Mode#STAGED}: the BeforeAllowTraffic hook starts the Step Functions workflow,
 *                      which walks the stages and reports the hook; {@link Mode#ALL_AT_ONCE}: CodeDeploy's own
 *                      traffic shift, no workflow
 * @param stages        strictly increasing green percentages, ending at 100
 * @param hookWindow    how long CodeDeploy keeps a lifecycle hook open (one hour unless changed)
 * @param safetyMargin  time kept free in the hook window for the checks, the shifts and the report
 */
public record Shifting(Mode mode, List<Stage> stages, Duration hookWindow, Duration safetyMargin) {

    public enum Mode {
        STAGED,
        ALL_AT_ONCE
    }

    /** CodeDeploy's lifecycle hook window. */
    public static final Duration DEFAULT_HOOK_WINDOW = Duration.ofHours(1);

    public static final Duration DEFAULT_SAFETY_MARGIN = Duration.ofMinutes(5);

    public Shifting {
        stages = List.copyOf(stages);
    }

    /** Sum of every stage's bake time. */
    public Duration totalBake() {
        return stages.stream().map(Stage::bake).reduce(Duration.ZERO, Duration::plus);
    }

    /** The longest wait for approval; beyond CodeDeploy's hook window anyway, and a week for standalone runs. */
    public static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(7);

    /** Sum of every approval gate's timeout: the longest the stages can wait for people. */
    public Duration totalApprovalTimeout() {
        return stages.stream()
                .map(s -> s.approvalTimeout().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * One step of the shift.
     *
     * @param percent         share of production traffic sent to green, 1..100
     * @param bake            how long to wait at this share before judging health
     * @param approvalTimeout when present, the shift to this stage waits for a person's approval
     *                        ({@code cutover approve}) at most this long; denied or timed out, the deployment rolls
     *                        back
     */
    public record Stage(int percent, Duration bake, Optional<Duration> approvalTimeout) {

        public Stage {
            Objects.requireNonNull(bake, "bake");
            Objects.requireNonNull(approvalTimeout, "approvalTimeout");
        }

        /** A stage without an approval gate. */
        public Stage(int percent, Duration bake) {
            this(percent, bake, Optional.empty());
        }
    }
}
