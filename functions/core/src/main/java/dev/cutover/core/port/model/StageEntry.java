package dev.cutover.core.port.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stage a deployment reached, as the ledger keeps it: where traffic was and what the health judge said.
 *
 * @param index       the stage's position in the spec's shifting plan, from 0
 * @param percent     the stage's planned share of traffic on green, 0-100
 * @param blueWeight  the weight the listener actually had on blue
 * @param greenWeight the weight the listener actually had on green; the two always sum to 100
 * @param verdict     the health judge's verdict in words (e.g. "healthy: 0.2% 5xx over 1 204 requests"), or what
 *                    happened at the stage when there is no verdict yet ("shifted"); never null
 * @param at          when the stage was recorded
 * @param findings    the statistical judge's findings behind the verdict, one per metric, as data; empty for a
 *                    threshold verdict and for entries without a verdict. Not part of the {@link #factKey fact}:
 *                    the verdict text already carries their lines
 */
public record StageEntry(
        int index,
        int percent,
        int blueWeight,
        int greenWeight,
        String verdict,
        Instant at,
        List<JudgeFinding> findings) {

    /** An entry without statistical findings. */
    public StageEntry(int index, int percent, int blueWeight, int greenWeight, String verdict, Instant at) {
        this(index, percent, blueWeight, greenWeight, verdict, at, List.of());
    }

    public StageEntry {
        if (index < 0) {
            throw new IllegalArgumentException("stage index must be 0 or more, was " + index);
        }
        requirePercent(percent, "percent");
        requirePercent(blueWeight, "blueWeight");
        requirePercent(greenWeight, "greenWeight");
        if (blueWeight + greenWeight != 100) {
            throw new IllegalArgumentException("stage " + index + ": blue and green weights must sum to 100, were "
                    + blueWeight + " + " + greenWeight);
        }
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(at, "at");
        findings = List.copyOf(findings);
    }

    /**
     * Whether {@code other} records the same fact, ignoring when: a retried task records its stage a second time,
     * and ledgers keep one entry per fact.
     */
    public boolean sameFactAs(StageEntry other) {
        return index == other.index
                && percent == other.percent
                && blueWeight == other.blueWeight
                && greenWeight == other.greenWeight
                && verdict.equals(other.verdict);
    }

    /** A text key equal for entries that are {@link #sameFactAs the same fact}; for stores that dedupe by key. */
    public String factKey() {
        return index + "|" + percent + "|" + blueWeight + "|" + greenWeight + "|" + verdict;
    }

    private static void requirePercent(int value, String field) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(field + " must be between 0 and 100, was " + value);
        }
    }
}
