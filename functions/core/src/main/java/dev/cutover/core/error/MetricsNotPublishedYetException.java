package dev.cutover.core.error;

import java.time.Instant;
import java.util.Objects;

/**
 * The metrics of the window the judge must judge are not published yet (CloudWatch publishes a period's datapoint
 * after the period ends). Nothing is wrong: the state machine retries the JudgeHealth state with backoff, so the
 * workflow waits and no Lambda sleeps. The judge stops throwing this once the spec's
 * {@code health.metricsWaitSeconds} have passed since the bake ended: it then judges what it has (too few requests
 * make the verdict inconclusive, which rolls back).
 */
public final class MetricsNotPublishedYetException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final transient Instant expectedAt;

    /**
     * @param expectedAt when the metrics should be readable; the message says it
     */
    public MetricsNotPublishedYetException(String message, Instant expectedAt) {
        super(message);
        this.expectedAt = Objects.requireNonNull(expectedAt, "expectedAt");
    }

    /** When the metrics should be readable. */
    public Instant expectedAt() {
        return expectedAt;
    }
}
