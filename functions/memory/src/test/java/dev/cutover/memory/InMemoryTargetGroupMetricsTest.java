package dev.cutover.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.LatencySamples;
import dev.cutover.core.port.TrafficStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryTargetGroupMetricsTest {

    private static final String LOAD_BALANCER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188";
    private static final String BLUE =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/6d0ecf831eec9f09";
    private static final String GREEN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/73e2d6bc24d8a067";

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics();

    @Test
    void countsRequestsAnd5xxPerTargetGroup() {
        metrics.record(GREEN, T0, 200, 10);
        metrics.record(GREEN, T0.plusSeconds(1), 503, 20);
        metrics.record(GREEN, T0.plusSeconds(2), 500, 30);
        metrics.record(GREEN, T0.plusSeconds(3), 499, 40);
        metrics.record(GREEN, T0.plusSeconds(4), 302, 50);
        metrics.record(BLUE, T0, 599, 5);

        TrafficStats green = stats(GREEN, T0, T0.plusSeconds(60), Set.of());
        TrafficStats blue = stats(BLUE, T0, T0.plusSeconds(60), Set.of());

        assertThat(green).isEqualTo(new TrafficStats(5, 2, Map.of()));
        assertThat(green.errorRate()).hasValue(0.4);
        assertThat(blue).isEqualTo(new TrafficStats(1, 1, Map.of()));
    }

    @Test
    void theWindowIncludesItsStartAndExcludesItsEnd() {
        metrics.record(GREEN, T0.minusMillis(1), 500, 1); // the second before the window
        metrics.record(GREEN, T0, 200, 2);
        metrics.record(GREEN, T0.plusSeconds(59).plusMillis(999), 200, 3);
        metrics.record(GREEN, T0.plusSeconds(60), 500, 4); // the window's end

        TrafficStats stats = stats(GREEN, T0, T0.plusSeconds(60), Set.of(50.0, 99.0));

        assertThat(stats.requests()).isEqualTo(2);
        assertThat(stats.errors5xx()).isZero();
        assertThat(stats.latencyPercentilesMs()).containsExactly(Map.entry(50.0, 2.0), Map.entry(99.0, 3.0));
    }

    @Test
    void windowsOnFractionsOfASecondWidenToWholeSeconds() {
        metrics.record(GREEN, T0.plusMillis(100), 200, 1);
        metrics.record(GREEN, T0.plusSeconds(10).plusMillis(900), 200, 2);
        metrics.record(GREEN, T0.plusSeconds(11), 200, 3);

        TrafficStats stats = stats(GREEN, T0.plusMillis(500), T0.plusSeconds(10).plusMillis(1), Set.of());

        assertThat(stats.requests())
                .as("both requests in the seconds the window touches")
                .isEqualTo(2);
    }

    @Test
    void percentilesAreNearestRankOnTheWindowsRequests() {
        // 1..20 ms, recorded out of order; nearest rank: p50 -> 10th value, p90 -> 18th, p95 -> 19th, p99 -> 20th
        int[] order = {7, 19, 1, 13, 20, 4, 16, 10, 2, 11, 17, 5, 14, 8, 3, 18, 12, 6, 15, 9};
        for (int i = 0; i < order.length; i++) {
            metrics.record(GREEN, T0.plusSeconds(i), 200, order[i]);
        }
        metrics.record(GREEN, T0.minusSeconds(5), 200, 10_000); // outside the window: must not shift ranks

        TrafficStats stats = stats(GREEN, T0, T0.plusSeconds(20), Set.of(5.0, 50.0, 90.0, 95.0, 99.0, 99.9));

        assertThat(stats.latencyPercentilesMs())
                .containsExactly(
                        Map.entry(5.0, 1.0),
                        Map.entry(50.0, 10.0),
                        Map.entry(90.0, 18.0),
                        Map.entry(95.0, 19.0),
                        Map.entry(99.0, 20.0),
                        Map.entry(99.9, 20.0));
    }

    @Test
    void nearestRankUsesExactDecimalArithmetic() {
        double[] sorted = new double[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(InMemoryTargetGroupMetrics.nearestRank(sorted, 99.9)).isEqualTo(999.0);
        assertThat(InMemoryTargetGroupMetrics.nearestRank(sorted, 99.99)).isEqualTo(1000.0);
        assertThat(InMemoryTargetGroupMetrics.nearestRank(sorted, 0.01)).isEqualTo(1.0);
        assertThat(InMemoryTargetGroupMetrics.nearestRank(new double[] {42}, 50))
                .isEqualTo(42.0);
    }

    @Test
    void anUnknownTargetGroupOrAnEmptyWindowHasNoRequestsAndNoPercentiles() {
        metrics.record(GREEN, T0, 200, 10);

        assertThat(stats(BLUE, T0, T0.plusSeconds(60), Set.of(99.0))).isEqualTo(TrafficStats.none());
        TrafficStats later = stats(GREEN, T0.plusSeconds(60), T0.plusSeconds(120), Set.of(99.0));
        assertThat(later.requests()).isZero();
        assertThat(later.errorRate()).isEmpty();
        assertThat(later.latencyMs(99.0)).isEmpty();
    }

    @Test
    void countsStayExactWhenTheLatencyRingWrapsAndPercentilesUseTheNewestRequests() {
        InMemoryTargetGroupMetrics small = new InMemoryTargetGroupMetrics(Duration.ofMinutes(5), 10);
        for (int i = 0; i < 100; i++) {
            small.record(GREEN, T0.plusSeconds(i), i % 10 == 0 ? 500 : 200, i);
        }

        TrafficStats stats = small.stats(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(100), Set.of(50.0, 99.0));

        assertThat(stats.requests()).isEqualTo(100);
        assertThat(stats.errors5xx()).isEqualTo(10);
        // the ring holds requests 90..99
        assertThat(stats.latencyPercentilesMs()).containsExactly(Map.entry(50.0, 94.0), Map.entry(99.0, 99.0));
    }

    @Test
    void oldSecondsAreForgottenAfterTheRetentionAndLateRequestsAreDropped() {
        InMemoryTargetGroupMetrics small = new InMemoryTargetGroupMetrics(Duration.ofSeconds(10), 100);
        small.record(GREEN, T0, 500, 1);
        small.record(GREEN, T0.plusSeconds(10), 200, 1); // same slot as T0, ten seconds later: T0 is forgotten
        small.record(GREEN, T0.plusSeconds(1), 500, 1); // still within ten seconds of the newest
        small.record(GREEN, T0, 500, 1); // ten seconds behind the newest: dropped

        assertThat(small.stats(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(1), Set.of())
                        .requests())
                .isZero();
        assertThat(small.stats(GREEN, LOAD_BALANCER, T0.plusSeconds(1), T0.plusSeconds(11), Set.of()))
                .isEqualTo(new TrafficStats(2, 1, Map.of()));
        assertThat(small.droppedSamples()).isEqualTo(1);
        assertThatThrownBy(() -> small.stats(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(11), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than the 10 s");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> metrics.record(GREEN, T0, 600, 1)).hasMessageContaining("100..599, got 600");
        assertThatThrownBy(() -> metrics.record(GREEN, T0, 200, -1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> metrics.record(GREEN, T0, 200, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> stats(GREEN, T0, T0, Set.of())).hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> stats(GREEN, T0, T0.plusSeconds(1), Set.of(100.0)))
                .hasMessageContaining("above 0 and below 100");
        assertThatThrownBy(() -> new InMemoryTargetGroupMetrics(Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryTargetGroupMetrics(Duration.ofMinutes(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyThreadsRecordingLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String tg = (i + thread) % 2 == 0 ? GREEN : BLUE;
                        metrics.record(tg, T0.plusMillis(i), i % 100 == 0 ? 502 : 200, thread);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        TrafficStats green = stats(GREEN, T0, T0.plusSeconds(60), Set.of(50.0));
        TrafficStats blue = stats(BLUE, T0, T0.plusSeconds(60), Set.of(50.0));
        assertThat(green.requests() + blue.requests()).isEqualTo((long) threads * perThread);
        assertThat(green.requests()).isEqualTo((long) threads * perThread / 2);
        // i % 100 == 0 is even, so each thread's 200 errors land on whichever group its parity picks
        assertThat(green.errors5xx() + blue.errors5xx()).isEqualTo(threads * (perThread / 100L));
        assertThat(green.errors5xx()).isEqualTo(threads / 2 * (perThread / 100L));
        assertThat(metrics.droppedSamples()).isZero();
    }

    private TrafficStats stats(String tg, Instant from, Instant to, Set<Double> percentiles) {
        return metrics.stats(tg, LOAD_BALANCER, from, to, percentiles);
    }

    @Test
    void withCloudWatchTimingOnlyWholePublishedPeriodsAreVisible() {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>();
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        InMemoryTargetGroupMetrics cloudWatch = new InMemoryTargetGroupMetrics(
                Duration.ofHours(1), 1000, dev.cutover.core.port.model.MetricTiming.CLOUDWATCH_ALB, clock);
        cloudWatch.record(GREEN, T0.plusSeconds(10), 200, 10); // period [T0, T0+60), published at T0+180
        cloudWatch.record(GREEN, T0.plusSeconds(70), 500, 10); // period [T0+60, T0+120), published at T0+240

        now.set(T0.plusSeconds(179));
        assertThat(cloudWatch.stats(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(120), Set.of()))
                .isEqualTo(TrafficStats.none());
        now.set(T0.plusSeconds(180));
        assertThat(cloudWatch.stats(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(120), Set.of()))
                .isEqualTo(new TrafficStats(1, 0, Map.of()));
        now.set(T0.plusSeconds(240));
        assertThat(cloudWatch.stats(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(120), Set.of()))
                .isEqualTo(new TrafficStats(2, 1, Map.of()));
        assertThat(cloudWatch.timing()).isEqualTo(dev.cutover.core.port.model.MetricTiming.CLOUDWATCH_ALB);
    }

    @Test
    void givesTheWindowsLatenciesAsSamplesOldestFirstForTheStatisticalJudge() {
        metrics.record(GREEN, T0.minusSeconds(1), 200, 1); // before the window
        metrics.record(GREEN, T0, 200, 12);
        metrics.record(GREEN, T0.plusSeconds(5), 500, 30);
        metrics.record(GREEN, T0.plusSeconds(60), 200, 4); // the window's end
        metrics.record(BLUE, T0, 200, 9);

        LatencySamples green = metrics.latencySamples(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(60));

        assertThat(green.valuesMs()).containsExactly(12.0, 30.0);
        assertThat(green.basis()).isEqualTo(LatencySamples.Basis.REQUESTS);
        assertThat(metrics.latencySamples(BLUE, LOAD_BALANCER, T0, T0.plusSeconds(60))
                        .valuesMs())
                .containsExactly(9.0);
        assertThat(metrics.latencySamples("arn:unknown", LOAD_BALANCER, T0, T0.plusSeconds(60))
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aBusyWindowGivesAtMostTheBoundEvenlySpacedOverItsRequests() {
        int requests = LatencySamples.MAX_VALUES * 3;
        for (int i = 0; i < requests; i++) {
            metrics.record(GREEN, T0.plusMillis(i), 200, i);
        }

        LatencySamples samples = metrics.latencySamples(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(60));

        assertThat(samples.valuesMs()).hasSize(LatencySamples.MAX_VALUES);
        assertThat(samples.valuesMs().get(0)).isEqualTo(0.0);
        assertThat(samples.valuesMs().get(1)).isEqualTo(3.0);
        assertThat(samples.valuesMs().get(LatencySamples.MAX_VALUES - 1)).isEqualTo(requests - 3.0);
    }

    @Test
    void aFullRingStillGivesItsSamplesOldestFirst() {
        InMemoryTargetGroupMetrics small = new InMemoryTargetGroupMetrics(Duration.ofMinutes(5), 3);
        for (int i = 1; i <= 5; i++) {
            small.record(GREEN, T0.plusSeconds(i), 200, i);
        }

        assertThat(small.latencySamples(GREEN, LOAD_BALANCER, T0, T0.plusSeconds(60))
                        .valuesMs())
                .containsExactly(3.0, 4.0, 5.0);
    }
}
