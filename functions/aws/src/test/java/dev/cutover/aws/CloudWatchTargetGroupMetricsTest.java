package dev.cutover.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

import dev.cutover.aws.testing.MotoAlarms;
import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.port.LatencySamples;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Notifications;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.spec.Shifting;
import dev.cutover.core.spec.SmokeTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sums read back from moto's CloudWatch. moto 5.2.1 does not compute extended statistics ({@code p99}) in
 * GetMetricData, so these reads ask for no percentile; {@link CloudWatchTargetGroupMetricsRequestTest} covers the
 * percentile path against a scripted client.
 */
class CloudWatchTargetGroupMetricsTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String PREFIX = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";
    private static final String LISTENER = PREFIX + "listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2";
    private static final String LOAD_BALANCER = PREFIX + "loadbalancer/app/orders/50dc6c495c0c9188";
    private static final String GREEN = PREFIX + "targetgroup/orders-green/73e2d6bc24d8a067";
    private static final String BLUE = PREFIX + "targetgroup/orders-blue/6d0ecf831eec9f09";
    private static final String LB_DIMENSION = "app/orders/50dc6c495c0c9188";

    /** A whole minute half an hour ago: recent enough for CloudWatch's one-minute resolution. */
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));

    private AwsClients clients;
    private CloudWatchTargetGroupMetrics metrics;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        metrics = new CloudWatchTargetGroupMetrics(clients.cloudWatch());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void sumsEachTargetGroupsRequestsAnd5xxInTheWindow() {
        putGreenAndBlueTraffic();

        Instant from = base.plusSeconds(15);
        Instant to = base.plus(Duration.ofMinutes(5));
        TrafficStats green = metrics.stats(GREEN, LOAD_BALANCER, from, to, Set.of());
        TrafficStats blue = metrics.stats(BLUE, LISTENER, from, to, Set.of());

        assertThat(green).isEqualTo(new TrafficStats(1602, 37, Map.of()));
        assertThat(blue).isEqualTo(new TrafficStats(1650, 2, Map.of()));
    }

    @Test
    void aTargetGroupWithoutDatapointsServedNothing() {
        putGreenAndBlueTraffic();

        TrafficStats quiet = metrics.stats(
                PREFIX + "targetgroup/orders-quiet/0123456789abcdef",
                LOAD_BALANCER,
                base,
                base.plus(Duration.ofMinutes(5)),
                Set.of());

        assertThat(quiet).isEqualTo(TrafficStats.none());
    }

    @Test
    void theJudgeReadsAlarmsAndMetricsFromCloudWatch() {
        putGreenAndBlueTraffic();
        MotoAlarms.put(clients.cloudWatch(), "orders-green-5xx", StateValue.OK);
        HealthJudge judge =
                new HealthJudge(new CloudWatchAlarmStateReader(clients.cloudWatch()), metrics, Clock.systemUTC());

        HealthVerdict verdict = judge.judge(
                spec(new HealthGates(
                        List.of("orders-green-5xx"),
                        List.of(new HealthGates.MetricGate(
                                Metric.ERROR_RATE_5XX, Optional.empty(), 0.01, Optional.empty(), 100)))),
                base.plusSeconds(15),
                base.plus(Duration.ofMinutes(5)));

        assertThat(verdict.status()).isEqualTo(HealthVerdict.Status.UNHEALTHY);
        assertThat(verdict.summary())
                .isEqualTo("UNHEALTHY: 5xx-rate green 2.31% (37/1602) > threshold 1.00%; blue 0.12% (2/1650)");
    }

    /**
     * Green: 1602 requests and 37 5xx inside the window; blue: 1650 and 2. Around them, datapoints the reads must
     * not count: before and after the window, and for the same target group under another load balancer or without
     * the LoadBalancer dimension.
     */
    @Test
    void givesTheStatisticalJudgeOneAverageLatencyPerMinuteOfTheWindowOldestFirst() {
        List<Dimension> green = dimensions(LB_DIMENSION, "targetgroup/orders-green/73e2d6bc24d8a067");
        put(
                datum("TargetResponseTime", green, base.plusSeconds(10), 0.2, StandardUnit.SECONDS),
                datum("TargetResponseTime", green, base.plusSeconds(40), 0.4, StandardUnit.SECONDS),
                datum("TargetResponseTime", green, base.plusSeconds(70), 0.25, StandardUnit.SECONDS),
                datum("TargetResponseTime", green, base.plusSeconds(200), 0.5, StandardUnit.SECONDS),
                // outside the window
                datum("TargetResponseTime", green, base.plus(Duration.ofMinutes(6)), 9.0, StandardUnit.SECONDS));

        LatencySamples samples = metrics.latencySamples(GREEN, LOAD_BALANCER, base, base.plus(Duration.ofMinutes(5)));

        assertThat(samples.basis()).isEqualTo(LatencySamples.Basis.PERIODS);
        assertThat(samples.valuesMs().stream().map(Math::round).toList())
                .as("a minute's average (0.2 and 0.4 s: 300 ms, to floating-point rounding); a quiet minute gives none")
                .containsExactly(300L, 250L, 500L);
        assertThat(metrics.latencySamples(BLUE, LOAD_BALANCER, base, base.plus(Duration.ofMinutes(5)))
                        .isEmpty())
                .isTrue();
    }

    private void putGreenAndBlueTraffic() {
        List<Dimension> green = dimensions(LB_DIMENSION, "targetgroup/orders-green/73e2d6bc24d8a067");
        List<Dimension> blue = dimensions(LB_DIMENSION, "targetgroup/orders-blue/6d0ecf831eec9f09");
        put(
                datum("RequestCount", green, base.plusSeconds(20), 600, StandardUnit.COUNT),
                datum("RequestCount", green, base.plusSeconds(180), 1002, StandardUnit.COUNT),
                datum("HTTPCode_Target_5XX_Count", green, base.plusSeconds(20), 30, StandardUnit.COUNT),
                datum("HTTPCode_Target_5XX_Count", green, base.plusSeconds(240), 7, StandardUnit.COUNT),
                datum("TargetResponseTime", green, base.plusSeconds(20), 0.2, StandardUnit.SECONDS),
                datum("RequestCount", blue, base.plusSeconds(60), 1650, StandardUnit.COUNT),
                datum("HTTPCode_Target_5XX_Count", blue, base.plusSeconds(60), 2, StandardUnit.COUNT));
        put(
                datum("RequestCount", green, base.minus(Duration.ofMinutes(2)), 999, StandardUnit.COUNT),
                datum("HTTPCode_Target_5XX_Count", green, base.plus(Duration.ofMinutes(7)), 999, StandardUnit.COUNT),
                datum(
                        "RequestCount",
                        dimensions("app/other/0123456789abcdef", "targetgroup/orders-green/73e2d6bc24d8a067"),
                        base.plusSeconds(20),
                        5000,
                        StandardUnit.COUNT),
                datum(
                        "RequestCount",
                        List.of(Dimension.builder()
                                .name("TargetGroup")
                                .value("targetgroup/orders-green/73e2d6bc24d8a067")
                                .build()),
                        base.plusSeconds(20),
                        7777,
                        StandardUnit.COUNT));
    }

    private void put(MetricDatum... data) {
        clients.cloudWatch()
                .putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(data));
    }

    private static MetricDatum datum(
            String metric, List<Dimension> dimensions, Instant at, double value, StandardUnit unit) {
        return MetricDatum.builder()
                .metricName(metric)
                .dimensions(dimensions)
                .timestamp(at)
                .value(value)
                .unit(unit)
                .build();
    }

    private static List<Dimension> dimensions(String loadBalancer, String targetGroup) {
        return List.of(
                Dimension.builder().name("LoadBalancer").value(loadBalancer).build(),
                Dimension.builder().name("TargetGroup").value(targetGroup).build());
    }

    private static CutoverSpec spec(HealthGates health) {
        Routing routing = Routing.resolved(
                LISTENER,
                Optional.empty(),
                PREFIX + "listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65",
                BLUE,
                GREEN,
                URI.create("http://orders.example"),
                URI.create("http://test.orders.example:8080"),
                1,
                Duration.ofMinutes(5));
        return new CutoverSpec(
                1,
                "orders",
                routing,
                new Shifting(
                        Shifting.Mode.ALL_AT_ONCE,
                        List.of(new Shifting.Stage(100, Duration.ZERO)),
                        Shifting.DEFAULT_HOOK_WINDOW,
                        Shifting.DEFAULT_SAFETY_MARGIN),
                health,
                SmokeTests.none(),
                Optional.empty(),
                Optional.empty(),
                Notifications.none(),
                RollbackPolicy.immediate());
    }
}
