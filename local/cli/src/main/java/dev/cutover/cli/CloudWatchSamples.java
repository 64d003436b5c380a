package dev.cutover.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.health.LoadBalancerArns;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.runtime.dashboard.DeploymentFeed;

/**
 * {@code cutover deploy --dashboard}'s per-version traffic: blue's and green's target groups (the roles the ledger
 * recorded for the deployment) read from CloudWatch through the workflow's own {@link TargetGroupMetrics} adapter,
 * behind the load balancer of the spec's production listener, as the health judge reads them.
 *
 * <p>ALB publishes its metrics once per 60 s period, readable some time after the period ends (AWS, "CloudWatch
 * metrics for your Application Load Balancer",
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html; the
 * adapter's {@link MetricTiming}). So each {@link #sample} reads at most once per period, one GetMetricData per
 * target group, the last period already published, and publishes it as a {@code metrics} event. Where CloudWatch
 * cannot be read, or has no datapoint for either group, a {@code metricsSource} event says so (once per change) and
 * the rest of the feed goes on.
 */
final class CloudWatchSamples {

    static final String SOURCE = "CloudWatch";
    private static final double P99 = 99.0;

    private final TargetGroupMetrics metrics;
    private final String loadBalancerArn;
    /** Why there is no load balancer to read, when there is none. */
    private final String noLoadBalancer;

    private final Clock clock;
    private final Consumer<String> log;
    private final MetricTiming timing;
    private Instant readAt;
    private String unavailableSaid;
    private boolean availableSaid;

    /**
     * @param productionListenerArn the spec's production listener (its load balancer files the metrics); null when
     *                              the spec is not known here, and the charts say so
     * @param log                   told once when the metrics become unavailable
     */
    CloudWatchSamples(TargetGroupMetrics metrics, String productionListenerArn, Clock clock, Consumer<String> log) {
        this.metrics = metrics;
        String loadBalancer = null;
        String unknown = "the production listener is unknown here (the deployment was not started from a --spec file)";
        if (productionListenerArn != null) {
            try {
                loadBalancer = LoadBalancerArns.loadBalancerArn(productionListenerArn);
            } catch (IllegalArgumentException e) {
                unknown = "routing.productionListenerArn: " + e.getMessage();
            }
        }
        this.loadBalancerArn = loadBalancer;
        this.noLoadBalancer = unknown;
        this.clock = clock;
        this.log = log;
        this.timing = metrics.timing();
    }

    /** While the deployment runs: when a period has passed since the last read, blue's and green's last period. */
    void sample(DeploymentFeed feed, Optional<JsonNode> record, JsonNode weights) {
        Instant now = clock.instant();
        if (readAt != null && now.isBefore(readAt.plus(timing.period()))) {
            return;
        }
        if (loadBalancerArn == null) {
            readAt = now;
            unavailable(feed, noLoadBalancer);
            return;
        }
        String blue = record.map(r -> r.path("blueTargetGroup").asText(null)).orElse(null);
        String green = record.map(r -> r.path("greenTargetGroup").asText(null)).orElse(null);
        if (blue == null || green == null) {
            return; // the ledger has no roles yet (ValidateAndLock records them): ask again at the next poll
        }
        readAt = now;
        long period = timing.period().toSeconds();
        Instant to = Instant.ofEpochSecond(
                Math.floorDiv(now.minus(timing.publicationDelay()).getEpochSecond(), period) * period);
        Instant from = to.minusSeconds(period);
        TrafficStats blueStats;
        TrafficStats greenStats;
        try {
            blueStats = metrics.stats(blue, loadBalancerArn, from, to, Set.of(P99));
            greenStats = metrics.stats(green, loadBalancerArn, from, to, Set.of(P99));
        } catch (RuntimeException e) {
            unavailable(feed, String.valueOf(e.getMessage()));
            return;
        }
        if (blueStats.requests() == 0 && greenStats.requests() == 0) {
            unavailable(feed, "no datapoints for either target group in the last published period");
            return;
        }
        if (!availableSaid) {
            availableSaid = true;
            unavailableSaid = null;
            feed.publish(
                    "metricsSource",
                    DeploymentFeed.object().put("source", SOURCE).put("available", true));
        }
        ObjectNode sample = DeploymentFeed.object().put("phase", "running").put("source", SOURCE);
        sample.set("weights", weights.deepCopy());
        sample.putObject("window").put("from", from.toString()).put("to", to.toString());
        version(sample.putObject("blue"), blueStats, period);
        version(sample.putObject("green"), greenStats, period);
        feed.publish("metrics", sample);
    }

    private void unavailable(DeploymentFeed feed, String reason) {
        if (reason.equals(unavailableSaid)) {
            return;
        }
        if (unavailableSaid == null) {
            log.accept("no data from CloudWatch for the dashboard's charts: " + reason);
        }
        unavailableSaid = reason;
        availableSaid = false;
        feed.publish(
                "metricsSource",
                DeploymentFeed.object()
                        .put("source", SOURCE)
                        .put("available", false)
                        .put("reason", reason));
    }

    /** A version's numbers as the page draws them: requests per second, the 5xx share, p99 in milliseconds. */
    private static void version(ObjectNode node, TrafficStats stats, long periodSeconds) {
        node.put("rps", (double) stats.requests() / periodSeconds);
        OptionalDouble errorRate = stats.errorRate();
        OptionalDouble p99 = stats.latencyMs(P99);
        if (errorRate.isPresent()) {
            node.put("errorRate", errorRate.getAsDouble());
        } else {
            node.putNull("errorRate");
        }
        if (p99.isPresent()) {
            node.put("p99Ms", p99.getAsDouble());
        } else {
            node.putNull("p99Ms");
        }
    }
}
