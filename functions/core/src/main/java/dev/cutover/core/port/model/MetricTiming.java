package dev.cutover.core.port.model;

import java.time.Duration;
import java.util.Objects;

/**
 * When a metrics source's numbers can be read: it aggregates requests into periods of {@code period} (aligned to
 * the epoch, as CloudWatch aligns them) and a period's numbers are readable {@code publicationDelay} after the
 * period ends.
 *
 * <p>The health judge judges only whole periods that are published: see {@code dev.cutover.core.health.MetricWindow}.
 *
 * @param period           how long one datapoint covers; whole seconds, at least one
 * @param publicationDelay how long after a period ends its datapoint is readable; whole seconds, not negative
 */
public record MetricTiming(Duration period, Duration publicationDelay) {

    /**
     * CloudWatch's Application Load Balancer metrics. The period: "Elastic Load Balancing measures and sends its
     * metrics in 60-second intervals" (AWS, "CloudWatch metrics for your Application Load Balancer",
     * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
     * The delay: that page documents no latency between the end of an interval and the datapoint being readable;
     * one-minute data is commonly readable one to two minutes late, so Cutover waits two minutes after a period
     * ends before it reads it (and then also waits while neither target group has a datapoint, bounded by the
     * spec's {@code health.metricsWaitSeconds}).
     */
    public static final MetricTiming CLOUDWATCH_ALB = new MetricTiming(Duration.ofSeconds(60), Duration.ofSeconds(120));

    /** A source that counts every request at once, to the second: the in-memory metrics when timing is not modelled. */
    public static final MetricTiming IMMEDIATE = new MetricTiming(Duration.ofSeconds(1), Duration.ZERO);

    public MetricTiming {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(publicationDelay, "publicationDelay");
        if (period.toSeconds() < 1 || period.getNano() != 0) {
            throw new IllegalArgumentException("a metric period is a whole number of seconds >= 1, got " + period);
        }
        if (publicationDelay.isNegative() || publicationDelay.getNano() != 0) {
            throw new IllegalArgumentException(
                    "a publication delay is a whole number of seconds >= 0, got " + publicationDelay);
        }
    }

    /** Whether numbers are readable at once, per second: the judge then reads the bake window as it is. */
    public boolean immediate() {
        return period.toSeconds() == 1 && publicationDelay.isZero();
    }

    /**
     * The longest a stage with this bake waits after its shift before it is judged over whole, published periods:
     * {@code max(bake, 2P) + D} (the window starts at the first period boundary after the shift, up to {@code P}
     * later, and lasts at least one period; see {@code dev.cutover.core.health.MetricWindow}). The bake itself
     * when the timing is {@link #immediate()}.
     */
    public Duration longestJudgedAfter(Duration bake) {
        Objects.requireNonNull(bake, "bake");
        if (immediate()) {
            return bake;
        }
        Duration twoPeriods = period.multipliedBy(2);
        return (bake.compareTo(twoPeriods) >= 0 ? bake : twoPeriods).plus(publicationDelay);
    }

    /** This timing with both durations divided by {@code factor} (at least one second of period), for demos. */
    public MetricTiming scaledDown(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("a scale factor is at least 1, got " + factor);
        }
        return new MetricTiming(
                Duration.ofSeconds(Math.max(1, period.toSeconds() / factor)),
                Duration.ofSeconds(publicationDelay.toSeconds() / factor));
    }
}
