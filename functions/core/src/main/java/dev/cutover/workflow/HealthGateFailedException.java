package dev.cutover.workflow;

import dev.cutover.health.HealthVerdict;
import java.util.Objects;

/**
 * Green was not judged healthy after a bake: an alarm is in ALARM or missing, a metric gate failed, or too few
 * requests reached green to judge it (inconclusive fails closed). The message is the verdict's one-line summary,
 * with the numbers. Thrown by the JudgeHealth task; Step Functions sees this class's fully qualified name as the
 * error and rolls back.
 */
public class HealthGateFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HealthVerdict verdict;

    public HealthGateFailedException(HealthVerdict verdict) {
        super(Objects.requireNonNull(verdict, "verdict").summary());
        this.verdict = verdict;
    }

    /** The verdict, with every gate's numbers. */
    public HealthVerdict verdict() {
        return verdict;
    }
}
