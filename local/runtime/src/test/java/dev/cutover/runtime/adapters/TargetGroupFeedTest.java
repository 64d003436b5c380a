package dev.cutover.runtime.adapters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.runtime.router.RequestRecord;
import dev.cutover.runtime.router.RouterListener;
import dev.cutover.runtime.router.Version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGroupFeedTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String BLUE_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/1";
    private static final String GREEN_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/2";

    private final InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics(
            Duration.ofMinutes(5), 64, MetricTiming.IMMEDIATE, Clock.fixed(NOW, ZoneOffset.UTC));
    private final TargetGroupFeed feed = new TargetGroupFeed(metrics);

    @Test
    void countsEachRequestForTheGroupBehindItsSlotOnceBound() {
        assertThat(feed.record(request(Version.GREEN, 200))).isFalse();
        assertThat(stats(GREEN_GROUP).requests()).isZero();

        feed.bind(List.of(BLUE_GROUP, GREEN_GROUP));
        assertThat(feed.record(request(Version.GREEN, 200))).isTrue();
        assertThat(feed.record(request(Version.GREEN, 503))).isTrue();
        assertThat(feed.record(request(Version.BLUE, 200))).isTrue();

        assertThat(stats(GREEN_GROUP).requests()).isEqualTo(2);
        assertThat(stats(GREEN_GROUP).errors5xx()).isEqualTo(1);
        assertThat(stats(BLUE_GROUP).requests()).isEqualTo(1);
    }

    @Test
    void needsBothSlotsGroups() {
        assertThatThrownBy(() -> feed.bind(List.of(BLUE_GROUP))).isInstanceOf(IllegalArgumentException.class);
    }

    private static RequestRecord request(Version version, int status) {
        return new RequestRecord(RouterListener.PRODUCTION, version, status, Duration.ofMillis(12), NOW, false);
    }

    private TrafficStats stats(String group) {
        return metrics.stats(group, "lb", NOW.minusSeconds(60), NOW.plusSeconds(1), Set.of(99.0));
    }
}
