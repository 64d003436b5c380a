package dev.cutover.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.MetricsNotPublishedYetException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.testing.MutableClock;

import static dev.cutover.core.health.HealthFixtures.BLUE;
import static dev.cutover.core.health.HealthFixtures.GREEN;
import static dev.cutover.core.health.HealthFixtures.errorRate;
import static dev.cutover.core.health.HealthFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The judge over metrics with CloudWatch's timing (60 s periods, published 120 s after they end), modelled by the
 * in-memory metrics on a controlled clock: it judges only whole, published periods, and asks the workflow to wait
 * (a typed error) until they are.
 */
class HealthJudgeTimingTest {

    private static final Instant SHIFT = Instant.parse("2025-03-01T10:00:20Z");

    private final Map<String, AlarmState> alarmStates = new LinkedHashMap<>();
    private final AlarmStateReader alarms = names -> {
        Map<String, AlarmState> states = new LinkedHashMap<>();
        names.forEach(n -> states.put(n, alarmStates.getOrDefault(n, AlarmState.OK)));
        return states;
    };
    private final MutableClock clock = new MutableClock(SHIFT);
    private final InMemoryTargetGroupMetrics metrics =
            new InMemoryTargetGroupMetrics(Duration.ofHours(1), 100_000, MetricTiming.CLOUDWATCH_ALB, clock);
    private final HealthJudge judge = new HealthJudge(alarms, metrics, clock);
    private final CutoverSpec spec = spec(List.of("orders-5xx"), errorRate(0.01, null, 100));

    @Test
    void theWindowIsWholePeriodsAfterTheShiftAndAShortBakeIsExtendedToOne() {
        MetricWindow zeroBake = MetricWindow.of(SHIFT, SHIFT, MetricTiming.CLOUDWATCH_ALB);
        assertThat(zeroBake)
                .isEqualTo(new MetricWindow(
                        Instant.parse("2025-03-01T10:01:00Z"),
                        Instant.parse("2025-03-01T10:02:00Z"),
                        Instant.parse("2025-03-01T10:04:00Z")));
        MetricWindow longBake = MetricWindow.of(SHIFT, SHIFT.plusSeconds(300), MetricTiming.CLOUDWATCH_ALB);
        assertThat(longBake)
                .isEqualTo(new MetricWindow(
                        Instant.parse("2025-03-01T10:01:00Z"),
                        Instant.parse("2025-03-01T10:05:00Z"),
                        Instant.parse("2025-03-01T10:07:00Z")));
        assertThat(MetricTiming.CLOUDWATCH_ALB.longestJudgedAfter(Duration.ZERO))
                .isEqualTo(Duration.ofSeconds(240));
        assertThat(MetricTiming.CLOUDWATCH_ALB.longestJudgedAfter(Duration.ofSeconds(300)))
                .isEqualTo(Duration.ofSeconds(420));
    }

    @Test
    void aZeroSecondBakeWaitsForItsFirstWholePublishedPeriodThenPromotes() {
        // green fails before the first whole period: that partial minute is not judged
        for (int i = 0; i < 40; i++) {
            metrics.record(GREEN, SHIFT.plusSeconds(i), 503, 10); // 10:00:20 to 10:00:59
        }
        serve(GREEN, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);
        serve(BLUE, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);

        assertThatThrownBy(() -> judge.judge(spec, SHIFT, SHIFT, clock.instant()))
                .isInstanceOfSatisfying(
                        MetricsNotPublishedYetException.class,
                        e -> assertThat(e.expectedAt()).isEqualTo(Instant.parse("2025-03-01T10:04:00Z")))
                .hasMessageContaining("are published at 2025-03-01T10:04:00Z (window end + 120 s publication delay)")
                .hasMessageContaining("bake end 2025-03-01T10:00:20Z + health.metricsWaitSeconds 300 s");
        clock.advance(Duration.ofSeconds(219)); // 10:03:59, a second early
        assertThatThrownBy(() -> judge.judge(spec, SHIFT, SHIFT, clock.instant()))
                .isInstanceOf(MetricsNotPublishedYetException.class);

        clock.advance(Duration.ofSeconds(1));
        HealthVerdict verdict = judge.judge(spec, SHIFT, SHIFT, clock.instant());

        assertThat(verdict.status()).as(verdict.summary()).isEqualTo(Status.HEALTHY);
        assertThat(verdict.summary()).contains("green 0.00% (0/600)");
    }

    @Test
    void greenDegradingInTheLastPeriodIsStillCaught() {
        Instant bakeEnd = SHIFT.plusSeconds(160); // 10:03:00: the window is [10:01, 10:03)
        serve(GREEN, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);
        serve(GREEN, Instant.parse("2025-03-01T10:02:00Z"), 600, 60);
        serve(BLUE, Instant.parse("2025-03-01T10:01:00Z"), 1200, 0);

        clock.advance(Duration.ofSeconds(280)); // 10:05:00, published
        HealthVerdict verdict = judge.judge(spec, SHIFT, bakeEnd, clock.instant());

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary()).contains("green 5.00% (60/1200)");
    }

    @Test
    void aWindowWhoseLastPeriodIsNotPublishedYetWaitsForItRatherThanJudgingTheRest() {
        // given a two-minute window [10:01, 10:03) of which CloudWatch has published only the first minute by 10:05
        Instant bakeEnd = SHIFT.plusSeconds(160);
        serve(GREEN, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);
        serve(BLUE, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);
        clock.advance(Duration.ofSeconds(280)); // 10:05:00

        // when the judge runs, it waits instead of calling green healthy on the first minute alone
        assertThatThrownBy(() -> judge.judge(spec, SHIFT, bakeEnd, clock.instant()))
                .isInstanceOf(MetricsNotPublishedYetException.class)
                .hasMessageContaining("[2025-03-01T10:02:00Z, 2025-03-01T10:03:00Z), has no datapoint");

        // then once the last minute arrives, green's failures in it are judged
        serve(GREEN, Instant.parse("2025-03-01T10:02:00Z"), 600, 60);
        serve(BLUE, Instant.parse("2025-03-01T10:02:00Z"), 600, 0);
        clock.advance(Duration.ofSeconds(30));
        HealthVerdict verdict = judge.judge(spec, SHIFT, bakeEnd, clock.instant());
        assertThat(verdict.status()).as(verdict.summary()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.summary()).contains("green 5.00% (60/1200)");
    }

    @Test
    void pastTheSpecsWaitAWindowWithAQuietLastPeriodIsJudgedOnWhatItHas() {
        Instant bakeEnd = SHIFT.plusSeconds(160);
        serve(GREEN, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);
        serve(BLUE, Instant.parse("2025-03-01T10:01:00Z"), 600, 0);
        clock.advance(Duration.ofSeconds(160 + 300)); // bake end + health.metricsWaitSeconds

        HealthVerdict verdict = judge.judge(spec, SHIFT, bakeEnd, clock.instant());

        assertThat(verdict.status()).as(verdict.summary()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void anAlarmInAlarmDoesNotWaitForTheMetrics() {
        alarmStates.put("orders-5xx", AlarmState.ALARM);

        HealthVerdict verdict = judge.judge(spec, SHIFT, SHIFT, clock.instant());

        assertThat(verdict.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(verdict.alarmsInAlarm()).containsExactly("orders-5xx");
    }

    @Test
    void noDatapointAtAllIsWaitedForUntilTheSpecsLimitThenInconclusive() {
        clock.advance(Duration.ofSeconds(220)); // published by the clock, but neither group has a datapoint
        assertThatThrownBy(() -> judge.judge(spec, SHIFT, SHIFT, clock.instant()))
                .isInstanceOf(MetricsNotPublishedYetException.class)
                .hasMessageContaining("neither target group has a datapoint");

        clock.advance(Duration.ofSeconds(80)); // bake end + 300 s
        HealthVerdict verdict = judge.judge(spec, SHIFT, SHIFT, clock.instant());

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
    }

    @Test
    void aWindowStillUnpublishedAtTheLimitIsInconclusiveNotWaitedFor() {
        CutoverSpec impatient = new CutoverSpec(
                spec.version(),
                spec.service(),
                spec.routing(),
                spec.shifting(),
                new dev.cutover.core.spec.HealthGates(
                        spec.health().alarms(), spec.health().metricGates(), Duration.ofSeconds(60)),
                spec.smokeTests(),
                spec.migrations(),
                spec.dataSync(),
                spec.notifications(),
                spec.rollback());
        clock.advance(Duration.ofSeconds(60));

        HealthVerdict verdict = judge.judge(impatient, SHIFT, SHIFT, clock.instant());

        assertThat(verdict.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(verdict.summary()).contains("after the wait limit 2025-03-01T10:01:20Z");
    }

    /** {@code n} requests over the minute from {@code from}, the first {@code errors} of them 503s. */
    private void serve(String targetGroup, Instant from, int n, int errors) {
        for (int i = 0; i < n; i++) {
            metrics.record(targetGroup, from.plusMillis(i * 60_000L / n), i < errors ? 503 : 200, 10);
        }
    }
}
