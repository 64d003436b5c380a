package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How traffic goes back to blue.
 *
 * @param mode     {@link Mode#IMMEDIATE}: one shift to 100% blue; {@link Mode#GRADUAL}: through the steps
 * @param steps    for gradual: green percentages, strictly decreasing, ending at 0
 * @param stepWait for gradual: time between steps
 * @param window   after a promotion, how long blue is kept and an alarm of the spec still rolls back to it
 *                 ({@code rollback.windowMinutes}); zero for none
 * @param codeDeployTerminationWait the CodeDeploy deployment group's {@code terminationWaitTimeInMinutes}, as the
 *                 spec declares it ({@code rollback.codeDeployTerminationWaitMinutes}): how long CodeDeploy keeps
 *                 the original (blue) task set after the deployment succeeds; the window must fit in it
 */
public record RollbackPolicy(
        Mode mode,
        List<Integer> steps,
        Duration stepWait,
        Duration window,
        Optional<Duration> codeDeployTerminationWait) {

    /** The longest rollback window: a day. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    public enum Mode {
        IMMEDIATE,
        GRADUAL
    }

    public RollbackPolicy {
        steps = List.copyOf(steps);
        Objects.requireNonNull(stepWait, "stepWait");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(codeDeployTerminationWait, "codeDeployTerminationWait");
    }

    /** A policy without a rollback window. */
    public RollbackPolicy(Mode mode, List<Integer> steps, Duration stepWait) {
        this(mode, steps, stepWait, Duration.ZERO, Optional.empty());
    }

    public static RollbackPolicy immediate() {
        return new RollbackPolicy(Mode.IMMEDIATE, List.of(0), Duration.ZERO);
    }

    /** This policy with a rollback window of {@code length}. */
    public RollbackPolicy withWindow(Duration length, Optional<Duration> terminationWait) {
        return new RollbackPolicy(mode, steps, stepWait, length, terminationWait);
    }

    /** Whether a promotion keeps blue for a while (a window longer than zero). */
    public boolean hasWindow() {
        return !window.isZero();
    }
}
