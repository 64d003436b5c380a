package dev.cutover.core.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.MetricTiming;

/**
 * Request counts, 5xx counts and latency percentiles of one target group over a time window: CloudWatch's
 * {@code AWS/ApplicationELB} metrics on AWS, requests recorded by the local proxy otherwise. The health judge reads
 * green's and blue's over the same bake window and compares them.
 */
public interface TargetGroupMetrics {

    /**
     * @param targetGroupArn  the target group whose traffic is measured
     * @param loadBalancerArn the load balancer in front of it: CloudWatch files target-group metrics under the pair
     *                        (see {@link dev.cutover.core.health.LoadBalancerArns#loadBalancerArn(String)} to get it from a
     *                        listener ARN)
     * @param from            start of the window, inclusive
     * @param to              end of the window, exclusive; after {@code from}
     * @param percentiles     latency percentiles wanted, each above 0 and below 100 (99.0 for p99); may be empty
     * @return what the target group served in the window; zero requests when it served none
     * @throws IllegalArgumentException            when the window is empty or a percentile is out of range
     * @throws TransientDependencyException        when the metrics source is throttled or fails on its side
     * @throws DependencyException                 when the metrics cannot be read for another reason
     */
    TrafficStats stats(
            String targetGroupArn, String loadBalancerArn, Instant from, Instant to, Set<Double> percentiles);

    /**
     * Latency values the target group served in the window, at most {@link LatencySamples#MAX_VALUES}, for the
     * statistical judge's rank test of green against blue. Same window rules as {@link #stats}. By default none: a
     * source that has only percentiles leaves latency to the gates' thresholds.
     *
     * @throws IllegalArgumentException     when the window is empty
     * @throws TransientDependencyException when the metrics source is throttled or fails on its side
     * @throws DependencyException          when the samples cannot be read for another reason
     */
    default LatencySamples latencySamples(String targetGroupArn, String loadBalancerArn, Instant from, Instant to) {
        checkArguments(targetGroupArn, from, to, Set.of());
        return LatencySamples.none();
    }

    /**
     * When this source's numbers can be read: its period and publication delay. The health judge asks only for
     * whole, published periods. By default every request counts at once ({@link MetricTiming#IMMEDIATE}).
     */
    default MetricTiming timing() {
        return MetricTiming.IMMEDIATE;
    }

    /**
     * The argument checks every implementation makes, so they fail alike.
     *
     * @throws IllegalArgumentException when {@code to} is not after {@code from} or a percentile is out of range
     */
    static void checkArguments(String targetGroupArn, Instant from, Instant to, Set<Double> percentiles) {
        Objects.requireNonNull(targetGroupArn, "targetGroupArn");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(percentiles, "percentiles");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the metrics window must end after it starts, got from " + from + " to "
                    + to + " for target group " + targetGroupArn);
        }
        percentiles.forEach(TargetGroupMetrics::checkPercentile);
    }

    /** @throws IllegalArgumentException unless {@code percentile} is above 0 and below 100 */
    static void checkPercentile(Double percentile) {
        if (percentile == null || !(percentile > 0 && percentile < 100)) {
            throw new IllegalArgumentException(
                    "a latency percentile must be above 0 and below 100 (99.0 for p99)," + " got " + percentile);
        }
    }
}
