package dev.cutover.core.port.model;

import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.HealthVerdict.Status;

/**
 * How green fared against one metric gate, and the numbers behind it. Values are in the gate's unit: a fraction
 * 0..1 for the 5xx rate, milliseconds for latency.
 *
 * @param metric        what was compared
 * @param percentile    for latency, the percentile (99.0 for p99); empty for the 5xx rate
 * @param greenValue    green's value; empty when green had no requests or no latency data
 * @param blueValue     blue's value; empty when blue had no requests or no latency data
 * @param greenRequests requests green served in the window
 * @param blueRequests  requests blue served in the window
 * @param threshold     green fails above this
 * @param maxIncrease   green fails when above blue by more than this, if set
 * @param status        HEALTHY (passed), UNHEALTHY (failed) or INCONCLUSIVE (could not judge)
 * @param reason        the comparison in words, with the numbers; the verdict's summary is built from these
 */
public record GateResult(
        Metric metric,
        Optional<Double> percentile,
        Optional<Double> greenValue,
        Optional<Double> blueValue,
        long greenRequests,
        long blueRequests,
        double threshold,
        Optional<Double> maxIncrease,
        Status status,
        String reason) {

    public GateResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(percentile, "percentile");
        Objects.requireNonNull(greenValue, "greenValue");
        Objects.requireNonNull(blueValue, "blueValue");
        Objects.requireNonNull(maxIncrease, "maxIncrease");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
