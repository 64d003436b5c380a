package dev.cutover.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
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
import dev.cutover.core.port.TrafficStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The request the adapter sends and how it reads answers, against a scripted client. moto 5.2.1 cannot answer an
 * extended statistic such as {@code p99} in GetMetricData (its server fails serialising the result), so the
 * percentile path, pagination and the fault mapping are tested here; {@link CloudWatchTargetGroupMetricsTest} reads
 * the sums back from moto.
 */
class CloudWatchTargetGroupMetricsRequestTest {

    private static final String PREFIX = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";
    private static final String LISTENER = PREFIX + "listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2";
    private static final String LOAD_BALANCER = PREFIX + "loadbalancer/app/orders/50dc6c495c0c9188";
    private static final String GREEN = PREFIX + "targetgroup/orders-green/73e2d6bc24d8a067";
    private static final Instant FROM = Instant.parse("2025-03-01T10:00:30Z");
    private static final Instant TO = Instant.parse("2025-03-01T10:05:10Z");

    private final CloudWatchClient cloudWatch = mock(CloudWatchClient.class);
    private final List<GetMetricDataRequest> requests = new ArrayList<>();
    private final CloudWatchTargetGroupMetrics metrics = new CloudWatchTargetGroupMetrics(cloudWatch);

    @Test
    void theJudgesWindowOfWholeMinutesIsAskedForExactlyWithCloudWatchsTiming() {
        assertThat(metrics.timing()).isEqualTo(dev.cutover.core.port.model.MetricTiming.CLOUDWATCH_ALB);
        assertThat(metrics.timing().period().toSeconds()).isEqualTo(CloudWatchTargetGroupMetrics.MIN_PERIOD_SECONDS);
        Instant from = Instant.parse("2025-03-01T10:01:00Z");
        Instant to = Instant.parse("2025-03-01T10:03:00Z");

        GetMetricDataRequest request = CloudWatchTargetGroupMetrics.request(
                "app/orders/50dc6c495c0c9188", "targetgroup/orders-green/73e2d6bc24d8a067", from, to, Map.of());

        assertThat(request.startTime()).isEqualTo(from);
        assertThat(request.endTime()).isEqualTo(to);
        assertThat(request.metricDataQueries())
                .allSatisfy(q -> assertThat(q.metricStat().period()).isEqualTo(120));
    }

    @Test
    void asksForSumsAndOneExtendedStatisticPerPercentileOverOneWholeMinutePeriod() {
        answer(page(
                null,
                result("requests", 1602.0),
                result("errors5xx", 37.0),
                result("latency_p99", 0.812),
                result("latency_p99_9", 1.5)));

        TrafficStats stats = metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of(99.9, 99.0));

        assertThat(stats).isEqualTo(new TrafficStats(1602, 37, Map.of(99.0, 812.0, 99.9, 1500.0)));
        assertThat(requests).hasSize(1);
        GetMetricDataRequest request = requests.get(0);
        // 10:00:30 rounds down to 10:00; to 10:05:10 is 5 min 10 s, rounded up to 6 minutes
        assertThat(request.startTime()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(request.endTime()).isEqualTo(Instant.parse("2025-03-01T10:06:00Z"));
        assertThat(request.scanBy()).isEqualTo(ScanBy.TIMESTAMP_DESCENDING);
        assertThat(request.nextToken()).isNull();
        assertThat(request.metricDataQueries())
                .extracting(MetricDataQuery::id)
                .containsExactly("requests", "errors5xx", "latency_p99", "latency_p99_9");
        assertThat(request.metricDataQueries())
                .extracting(q -> q.metricStat().metric().metricName())
                .containsExactly(
                        "RequestCount", "HTTPCode_Target_5XX_Count", "TargetResponseTime", "TargetResponseTime");
        assertThat(request.metricDataQueries())
                .extracting(q -> q.metricStat().stat())
                .containsExactly("Sum", "Sum", "p99", "p99.9");
        assertThat(request.metricDataQueries()).allSatisfy(q -> {
            assertThat(q.metricStat().metric().namespace()).isEqualTo("AWS/ApplicationELB");
            assertThat(q.metricStat().period()).isEqualTo(360);
            assertThat(q.metricStat().metric().dimensions())
                    .containsExactly(
                            Dimension.builder()
                                    .name("LoadBalancer")
                                    .value("app/orders/50dc6c495c0c9188")
                                    .build(),
                            Dimension.builder()
                                    .name("TargetGroup")
                                    .value("targetgroup/orders-green/73e2d6bc24d8a067")
                                    .build());
            assertThat(q.returnData()).isTrue();
        });
    }

    @Test
    void takesTheLoadBalancerFromAListenerArnToo() {
        answer(page(null));

        metrics.stats(GREEN, LISTENER, FROM, TO, Set.of());

        assertThat(requests.get(0)
                        .metricDataQueries()
                        .get(0)
                        .metricStat()
                        .metric()
                        .dimensions()
                        .get(0)
                        .value())
                .isEqualTo("app/orders/50dc6c495c0c9188");
    }

    @Test
    void followsNextTokenSummingCountsAndKeepingTheWorstPercentile() {
        answer(
                page("page-2", result("requests", 1000.0), result("errors5xx", 10.0), result("latency_p99", 0.2)),
                page(null, result("requests", 602.0), result("errors5xx", 27.0), result("latency_p99", 0.35)));

        TrafficStats stats = metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of(99.0));

        assertThat(stats).isEqualTo(new TrafficStats(1602, 37, Map.of(99.0, 350.0)));
        assertThat(requests).extracting(GetMetricDataRequest::nextToken).containsExactly(null, "page-2");
        assertThat(requests.get(1).metricDataQueries())
                .isEqualTo(requests.get(0).metricDataQueries());
    }

    @Test
    void noDatapointsMeanNoTrafficAndNoPercentile() {
        answer(page(null, result("requests"), result("errors5xx"), result("latency_p99")));

        TrafficStats stats = metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of(99.0));

        assertThat(stats).isEqualTo(TrafficStats.none());
        assertThat(stats.latencyMs(99.0)).isEmpty();
    }

    @Test
    void periodsAreWholeMinutesOfAtLeastOne() {
        Instant ten = Instant.parse("2025-03-01T10:00:00Z");
        assertThat(CloudWatchTargetGroupMetrics.periodSeconds(ten, ten.plusMillis(500)))
                .isEqualTo(60);
        assertThat(CloudWatchTargetGroupMetrics.periodSeconds(ten, ten.plusSeconds(60)))
                .isEqualTo(60);
        assertThat(CloudWatchTargetGroupMetrics.periodSeconds(
                        ten, ten.plusSeconds(60).plusNanos(1)))
                .isEqualTo(120);
        assertThat(CloudWatchTargetGroupMetrics.periodSeconds(ten, ten.plusSeconds(600)))
                .isEqualTo(600);
        assertThat(CloudWatchTargetGroupMetrics.stat(50)).isEqualTo("p50");
        assertThat(CloudWatchTargetGroupMetrics.latencyId(99.99)).isEqualTo("latency_p99_99");
    }

    @Test
    void throttlingIsTransientAndNamesTheTargetGroup() {
        when(cloudWatch.getMetricData(any(GetMetricDataRequest.class)))
                .thenThrow(CloudWatchException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("Throttling")
                                .errorMessage("Rate exceeded")
                                .build())
                        .build());

        TransientDependencyException e = catchThrowableOfType(
                TransientDependencyException.class, () -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of()));

        assertThat(e)
                .hasMessage("CloudWatch GetMetricData failed for target group"
                        + " targetgroup/orders-green/73e2d6bc24d8a067 behind app/orders/50dc6c495c0c9188:"
                        + " Throttling (HTTP 400): Rate exceeded");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void serverErrorsAndNetworkFailuresAreTransient() {
        when(cloudWatch.getMetricData(any(GetMetricDataRequest.class)))
                .thenThrow(CloudWatchException.builder()
                        .statusCode(503)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ServiceUnavailable")
                                .build())
                        .build())
                .thenThrow(SdkClientException.create("connect timed out"));

        assertThatThrownBy(() -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of()))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("HTTP 503");
        assertThatThrownBy(() -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of()))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("connect timed out");
    }

    @Test
    void accessDeniedIsNotTransient() {
        when(cloudWatch.getMetricData(any(GetMetricDataRequest.class)))
                .thenThrow(CloudWatchException.builder()
                        .statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("AccessDenied")
                                .errorMessage("not authorized to perform cloudwatch:GetMetricData")
                                .build())
                        .build());

        DependencyException e = catchThrowableOfType(
                DependencyException.class, () -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of()));

        assertThat(e)
                .isNotInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("targetgroup/orders-green/73e2d6bc24d8a067")
                .hasMessageContaining("AccessDenied (HTTP 403)");
    }

    @Test
    void aResultCloudWatchCouldNotComputeIsAFault() {
        answer(page(
                null,
                result("requests", 5.0),
                MetricDataResult.builder()
                        .id("latency_p99")
                        .statusCode(StatusCode.INTERNAL_ERROR)
                        .messages(MessageData.builder()
                                .code("InternalError")
                                .value("try again")
                                .build())
                        .build()));

        assertThatThrownBy(() -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of(99.0)))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessage("CloudWatch GetMetricData answered InternalError for query latency_p99 of target group"
                        + " targetgroup/orders-green/73e2d6bc24d8a067 behind app/orders/50dc6c495c0c9188:"
                        + " InternalError try again");

        requests.clear();
        answer(page(
                null,
                MetricDataResult.builder()
                        .id("requests")
                        .statusCode(StatusCode.FORBIDDEN)
                        .build()));
        assertThatThrownBy(() -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of()))
                .isExactlyInstanceOf(DependencyException.class)
                .hasMessageContaining("answered Forbidden for query requests");
    }

    @Test
    void aRepeatedNextTokenDoesNotLoopForever() {
        answer(page("same"), page("same"));

        assertThatThrownBy(() -> metrics.stats(GREEN, LOAD_BALANCER, FROM, TO, Set.of()))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("kept paginating");
    }

    @Test
    void refusesANetworkLoadBalancerAndMalformedArns() {
        assertThatThrownBy(() -> metrics.stats(GREEN, PREFIX + "loadbalancer/net/orders/50dc", FROM, TO, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Application Load Balancer");
        assertThatThrownBy(() -> metrics.stats(LOAD_BALANCER, LOAD_BALANCER, FROM, TO, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a target group ARN");
        assertThatThrownBy(() -> metrics.stats(GREEN, GREEN, FROM, TO, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a load balancer");
        assertThat(requests).isEmpty();
    }

    private void answer(GetMetricDataResponse... pages) {
        List<GetMetricDataResponse> queue = new ArrayList<>(List.of(pages));
        when(cloudWatch.getMetricData(any(GetMetricDataRequest.class))).thenAnswer(call -> {
            requests.add(call.getArgument(0));
            return queue.size() > 1 ? queue.remove(0) : queue.get(0);
        });
    }

    private static GetMetricDataResponse page(String nextToken, MetricDataResult... results) {
        return GetMetricDataResponse.builder()
                .metricDataResults(results)
                .nextToken(nextToken)
                .build();
    }

    private static MetricDataResult result(String id, Double... values) {
        return MetricDataResult.builder()
                .id(id)
                .values(values)
                .statusCode(StatusCode.COMPLETE)
                .build();
    }
}
