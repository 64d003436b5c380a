package dev.cutover.aws;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.health.LoadBalancerArns;
import dev.cutover.core.port.LatencySamples;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.MetricTiming;

/**
 * A target group's traffic from CloudWatch's Application Load Balancer metrics ({@value #NAMESPACE}), with one
 * {@code GetMetricData} call (plus its pages): {@code RequestCount} and {@code HTTPCode_Target_5XX_Count} as
 * {@code Sum}, and {@code TargetResponseTime} with one extended statistic per percentile ({@code p99},
 * {@code p99.9}), converted from seconds to milliseconds. The metrics are keyed by the {@code LoadBalancer} and
 * {@code TargetGroup} dimensions, both taken from the ARNs by {@link LoadBalancerArns}.
 *
 * <p>Timing ({@link #timing()}, {@link MetricTiming#CLOUDWATCH_ALB}): "Elastic Load Balancing measures and sends
 * its metrics in 60-second intervals", and only when requests flow (AWS, "CloudWatch metrics for your Application
 * Load Balancer",
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html). The
 * health judge therefore asks only for whole, published minutes ({@code dev.cutover.core.health.MetricWindow}): a
 * window on minute boundaries, ending at least the publication delay before now.
 *
 * <p>The window is answered as a single period: its start rounded down to the minute (as CloudWatch does for recent
 * data) and its length rounded up to a multiple of 60 s, CloudWatch's finest resolution for these metrics. For the
 * judge's windows, already whole minutes, that is exact; any other window includes up to a minute around its
 * edges. Should CloudWatch still answer several
 * datapoints, counts are summed and a percentile takes the worst datapoint, since percentiles of separate periods
 * cannot be merged exactly. A metric without datapoints means no traffic: ALB publishes nothing for a quiet minute.
 *
 * <p>Faults: throttling, AWS 5xx, network failures and results CloudWatch marks {@code InternalError} become a
 * {@link TransientDependencyException}; anything else a {@link DependencyException}; both name the target group.
 */
public final class CloudWatchTargetGroupMetrics implements TargetGroupMetrics {

    static final String NAMESPACE = "AWS/ApplicationELB";
    static final int MIN_PERIOD_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchTargetGroupMetrics.class);

    private static final String REQUESTS = "requests";
    private static final String ERRORS_5XX = "errors5xx";
    private static final String SAMPLES = "latency_per_minute";
    private static final int MAX_PAGES = 100;

    private final CloudWatchClient cloudWatch;

    public CloudWatchTargetGroupMetrics(CloudWatchClient cloudWatch) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    /** @throws IllegalArgumentException also when an ARN is malformed or the load balancer is not an ALB */
    @Override
    public TrafficStats stats(
            String targetGroupArn, String loadBalancerArn, Instant from, Instant to, Set<Double> percentiles) {
        TargetGroupMetrics.checkArguments(targetGroupArn, from, to, percentiles);
        String loadBalancer = albDimension(loadBalancerArn);
        String targetGroup = LoadBalancerArns.targetGroupDimension(targetGroupArn);
        String subject = "target group " + targetGroup + " behind " + loadBalancer;

        Map<String, Double> latencyIds = new LinkedHashMap<>();
        for (double p : new TreeSet<>(percentiles)) {
            latencyIds.put(latencyId(p), p);
        }
        GetMetricDataRequest request = request(loadBalancer, targetGroup, from, to, latencyIds);
        Map<String, List<Double>> values = fetch(request, subject);

        long requests = Math.round(sum(values.get(REQUESTS)));
        long errors = Math.round(sum(values.get(ERRORS_5XX)));
        Map<Double, Double> latencies = new HashMap<>();
        latencyIds.forEach((id, p) -> {
            List<Double> seconds = values.getOrDefault(id, List.of());
            if (!seconds.isEmpty()) {
                latencies.put(
                        p,
                        seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow() * 1000.0);
            }
        });
        LOG.debug("{} from {} to {}: {} requests, {} 5xx, latency {}", subject, from, to, requests, errors, latencies);
        return new TrafficStats(requests, errors, latencies);
    }

    /**
     * The statistical judge's latency samples: CloudWatch keeps no per-request values, only per-period statistics
     * of {@code TargetResponseTime}, at best per minute for ALB metrics (AWS, "CloudWatch metrics for your
     * Application Load Balancer": "Elastic Load Balancing reports metrics to CloudWatch only when requests are
     * flowing ... in 60-second intervals"). So one value per minute of the window: the minute's {@code Average},
     * each already the mean of that minute's requests, in milliseconds, oldest first (basis
     * {@link LatencySamples.Basis#PERIODS}). Minutes without requests have no datapoint and give no value. Same
     * window rounding as {@link #stats}.
     *
     * @throws IllegalArgumentException also when an ARN is malformed or the load balancer is not an ALB
     */
    @Override
    public LatencySamples latencySamples(String targetGroupArn, String loadBalancerArn, Instant from, Instant to) {
        TargetGroupMetrics.checkArguments(targetGroupArn, from, to, Set.of());
        String loadBalancer = albDimension(loadBalancerArn);
        String targetGroup = LoadBalancerArns.targetGroupDimension(targetGroupArn);
        GetMetricDataRequest request = samplesRequest(loadBalancer, targetGroup, from, to);
        List<Double> seconds = fetch(request, "target group " + targetGroup + " behind " + loadBalancer)
                .getOrDefault(SAMPLES, List.of());
        double[] ms = seconds.stream().mapToDouble(v -> v * 1000.0).toArray();
        return LatencySamples.evenlyChosen(ms, ms.length, LatencySamples.Basis.PERIODS);
    }

    /** The {@code LoadBalancer} dimension of an Application Load Balancer, the only kind whose metrics are read. */
    private static String albDimension(String loadBalancerArn) {
        Objects.requireNonNull(loadBalancerArn, "loadBalancerArn");
        String loadBalancer = LoadBalancerArns.loadBalancerDimension(loadBalancerArn);
        if (!loadBalancer.startsWith("app/")) {
            throw new IllegalArgumentException("load balancer " + loadBalancerArn + " is not an Application Load"
                    + " Balancer: Cutover reads target-group metrics from " + NAMESPACE + " only");
        }
        return loadBalancer;
    }

    /** One {@code TargetResponseTime} {@code Average} per minute of the window, oldest first. */
    static GetMetricDataRequest samplesRequest(String loadBalancer, String targetGroup, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        int window = periodSeconds(start, to);
        return GetMetricDataRequest.builder()
                .metricDataQueries(query(
                        SAMPLES,
                        "TargetResponseTime",
                        "Average",
                        dimensions(loadBalancer, targetGroup),
                        MIN_PERIOD_SECONDS))
                .startTime(start)
                .endTime(start.plusSeconds(window))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .build();
    }

    private static List<Dimension> dimensions(String loadBalancer, String targetGroup) {
        return List.of(
                Dimension.builder().name("LoadBalancer").value(loadBalancer).build(),
                Dimension.builder().name("TargetGroup").value(targetGroup).build());
    }

    /** CloudWatch's ALB timing: 60 s periods, read 120 s after they end. */
    @Override
    public MetricTiming timing() {
        return MetricTiming.CLOUDWATCH_ALB;
    }

    /** The one request for a window: its queries, period, start and end. */
    static GetMetricDataRequest request(
            String loadBalancer, String targetGroup, Instant from, Instant to, Map<String, Double> latencyIds) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        int period = periodSeconds(start, to);
        List<Dimension> dimensions = dimensions(loadBalancer, targetGroup);
        List<MetricDataQuery> queries = new ArrayList<>();
        queries.add(query(REQUESTS, "RequestCount", "Sum", dimensions, period));
        queries.add(query(ERRORS_5XX, "HTTPCode_Target_5XX_Count", "Sum", dimensions, period));
        latencyIds.forEach((id, p) -> queries.add(query(id, "TargetResponseTime", stat(p), dimensions, period)));
        return GetMetricDataRequest.builder()
                .metricDataQueries(queries)
                .startTime(start)
                .endTime(start.plusSeconds(period))
                .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .build();
    }

    /** The window from {@code start} to {@code to}, rounded up to a whole number of minutes, at least one. */
    static int periodSeconds(Instant start, Instant to) {
        Duration window = Duration.between(start, to);
        long seconds = window.getSeconds() + (window.getNano() > 0 ? 1 : 0);
        long minutes = Math.max(1, (seconds + MIN_PERIOD_SECONDS - 1) / MIN_PERIOD_SECONDS);
        long period = minutes * MIN_PERIOD_SECONDS;
        if (period > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("metrics window from " + start + " to " + to + " is too long");
        }
        return (int) period;
    }

    /** CloudWatch's extended statistic for a percentile: {@code p99}, {@code p99.9}. */
    static String stat(double percentile) {
        return "p" + BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    }

    /** A query id (a lower-case letter first, then letters, digits and underscores): {@code latency_p99_9}. */
    static String latencyId(double percentile) {
        return "latency_" + stat(percentile).replace('.', '_');
    }

    private static MetricDataQuery query(
            String id, String metric, String stat, List<Dimension> dimensions, int period) {
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(s -> s.metric(
                                m -> m.namespace(NAMESPACE).metricName(metric).dimensions(dimensions))
                        .stat(stat)
                        .period(period))
                .returnData(true)
                .build();
    }

    /** Every value of every query, across all pages. */
    private Map<String, List<Double>> fetch(GetMetricDataRequest request, String subject) {
        Map<String, List<Double>> values = new HashMap<>();
        String token = null;
        for (int page = 1; ; page++) {
            GetMetricDataResponse response;
            try {
                response = cloudWatch.getMetricData(
                        request.toBuilder().nextToken(token).build());
            } catch (SdkException e) {
                String message = "CloudWatch GetMetricData failed for " + subject + ": " + AwsErrors.describe(e);
                throw AwsErrors.isTransient(e)
                        ? new TransientDependencyException(message, e)
                        : new DependencyException(message, e);
            }
            for (MetricDataResult result : response.metricDataResults()) {
                checkStatus(result, response.messages(), subject);
                values.computeIfAbsent(result.id(), id -> new ArrayList<>()).addAll(result.values());
            }
            String next = response.nextToken();
            if (next == null || next.isEmpty()) {
                return values;
            }
            if (next.equals(token) || page >= MAX_PAGES) {
                throw new DependencyException("CloudWatch GetMetricData for " + subject + " kept paginating (" + page
                        + " pages, next token " + next + "); refusing to loop");
            }
            token = next;
        }
    }

    private static void checkStatus(MetricDataResult result, List<MessageData> responseMessages, String subject) {
        StatusCode status = result.statusCode();
        if (status == null || status == StatusCode.COMPLETE || status == StatusCode.PARTIAL_DATA) {
            return;
        }
        List<MessageData> all = new ArrayList<>(result.messages());
        all.addAll(responseMessages);
        String detail = all.isEmpty()
                ? ""
                : ": " + all.stream().map(m -> m.code() + " " + m.value()).collect(Collectors.joining("; "));
        String message = "CloudWatch GetMetricData answered " + result.statusCodeAsString() + " for query "
                + result.id() + " of " + subject + detail;
        throw status == StatusCode.INTERNAL_ERROR
                ? new TransientDependencyException(message, null)
                : new DependencyException(message);
    }

    private static double sum(List<Double> values) {
        return values == null
                ? 0
                : values.stream().mapToDouble(Double::doubleValue).sum();
    }
}
