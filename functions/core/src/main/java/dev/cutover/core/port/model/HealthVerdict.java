package dev.cutover.core.port.model;

import java.util.List;
import java.util.Objects;

/**
 * The health judge's answer after a bake, with the numbers it was based on.
 *
 * @param status         the overall verdict
 * @param gates          one result per metric gate of the spec, in the spec's order
 * @param alarmsInAlarm  the spec's alarms that were in ALARM
 * @param alarmsMissing  the spec's alarms CloudWatch does not know (or returned no state for): a gate on an alarm
 *                       nobody created must not pass silently
 * @param summary        one readable line, e.g.
 *                       {@code UNHEALTHY: 5xx-rate green 2.31% (37/1602) > threshold 1.00%; blue 0.12% (2/1650)}
 * @param findings       the statistical judge's findings, one per metric; empty for a threshold judge
 */
public record HealthVerdict(
        Status status,
        List<GateResult> gates,
        List<String> alarmsInAlarm,
        List<String> alarmsMissing,
        String summary,
        List<JudgeFinding> findings) {

    /** A verdict without statistical findings. */
    public HealthVerdict(
            Status status,
            List<GateResult> gates,
            List<String> alarmsInAlarm,
            List<String> alarmsMissing,
            String summary) {
        this(status, gates, alarmsInAlarm, alarmsMissing, summary, List.of());
    }

    /** How green looks. Only HEALTHY lets a deployment go on: an inconclusive verdict fails closed. */
    public enum Status {
        /** Every alarm out of ALARM and every metric gate passed with enough requests. */
        HEALTHY,
        /** Nothing failed, but some gate could not judge (too few requests, no latency data). */
        INCONCLUSIVE,
        /** An alarm is in ALARM or missing, or a metric gate failed. */
        UNHEALTHY
    }

    public HealthVerdict {
        Objects.requireNonNull(status, "status");
        gates = List.copyOf(gates);
        alarmsInAlarm = List.copyOf(alarmsInAlarm);
        alarmsMissing = List.copyOf(alarmsMissing);
        Objects.requireNonNull(summary, "summary");
        findings = List.copyOf(findings);
    }

    public boolean healthy() {
        return status == Status.HEALTHY;
    }
}
