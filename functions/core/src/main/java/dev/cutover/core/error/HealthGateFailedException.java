package dev.cutover.core.error;

import java.util.Objects;

import dev.cutover.core.port.model.HealthVerdict;

/**
 * Green was not judged healthy after a bake: an alarm is in ALARM or missing, a metric gate failed, or too few
 * requests reached green to judge it (inconclusive fails closed). The message is the verdict's one-line summary,
 * with the numbers. Thrown by the JudgeHealth task; Step Functions sees this class's fully qualified name as the
 * error and rolls back.
 */
public final class HealthGateFailedException extends CutoverException {

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

    /**
     * Lets a HEALTHY verdict through, for chaining.
     *
     * @throws HealthGateFailedException when the verdict is UNHEALTHY or INCONCLUSIVE; its message is the summary
     */
    public static HealthVerdict requireHealthy(HealthVerdict verdict) {
        if (!verdict.healthy()) {
            throw new HealthGateFailedException(verdict);
        }
        return verdict;
    }
}
