package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;

/**
 * How traffic goes back to blue.
 *
 * @param mode     {@link Mode#IMMEDIATE}: one shift to 100% blue; {@link Mode#GRADUAL}: through the steps
 * @param steps    for gradual: green percentages, strictly decreasing, ending at 0
 * @param stepWait for gradual: time between steps
 */
public record RollbackPolicy(Mode mode, List<Integer> steps, Duration stepWait) {

    public enum Mode {
        IMMEDIATE,
        GRADUAL
    }

    public RollbackPolicy {
        steps = List.copyOf(steps);
    }

    public static RollbackPolicy immediate() {
        return new RollbackPolicy(Mode.IMMEDIATE, List.of(0), Duration.ZERO);
    }
}
