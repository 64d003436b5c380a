package dev.cutover.runtime.router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterMetricsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00.500Z"));
    private final RouterMetrics metrics = new RouterMetrics(clock, Duration.ofSeconds(60));

    private void record(Version version, int status, long latencyMillis) {
        metrics.record(new RequestRecord(
                RouterListener.PRODUCTION, version, status, Duration.ofMillis(latencyMillis), clock.instant(), false));
    }

    @Test
    void countsRequestsErrorsAndLatencyPerVersion() {
        record(Version.GREEN, 200, 10);
        record(Version.GREEN, 503, 20);
        record(Version.GREEN, 404, 30);
        record(Version.GREEN, RequestRecord.CLIENT_CLOSED, 40);
        record(Version.BLUE, 200, 5);

        MetricsSnapshot green = metrics.snapshot(Version.GREEN);
        assertThat(green.window()).isEmpty();
        assertThat(green.requests()).isEqualTo(4);
        assertThat(green.serverErrors()).isEqualTo(1);
        assertThat(green.clientErrors()).isEqualTo(2);
        assertThat(green.serverErrorRate()).isEqualTo(0.25);
        assertThat(green.latency().max()).isEqualTo(Duration.ofMillis(40));
        assertThat(metrics.snapshot(Version.BLUE).requests()).isEqualTo(1);
        assertThat(metrics.snapshot(Version.BLUE).serverErrorRate()).isZero();
    }

    @Test
    void aWindowCoversTheCurrentSecondAndTheWholeSecondsBeforeIt() {
        record(Version.GREEN, 500, 300); // second 0
        clock.advance(Duration.ofSeconds(1));
        record(Version.GREEN, 200, 10); // second 1
        record(Version.GREEN, 200, 10);
        clock.advance(Duration.ofSeconds(1));
        record(Version.GREEN, 200, 10); // second 2

        MetricsSnapshot oneSecond = metrics.snapshot(Version.GREEN, Duration.ofSeconds(1));
        assertThat(oneSecond.window()).isEqualTo(Optional.of(Duration.ofSeconds(1)));
        assertThat(oneSecond.requests()).isEqualTo(1);

        MetricsSnapshot twoSeconds = metrics.snapshot(Version.GREEN, Duration.ofSeconds(2));
        assertThat(twoSeconds.requests()).isEqualTo(3);
        assertThat(twoSeconds.serverErrors()).isZero();
        assertThat(twoSeconds.latencyPercentile(100)).isEqualTo(Duration.ofMillis(10));

        // a part of a second counts as the whole second
        MetricsSnapshot almostThree = metrics.snapshot(Version.GREEN, Duration.ofMillis(2_001));
        assertThat(almostThree.requests()).isEqualTo(4);
        assertThat(almostThree.serverErrors()).isEqualTo(1);
        assertThat(almostThree.latencyPercentile(100)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void slotsAreReusedOnceTheRetentionHasPassed() {
        record(Version.BLUE, 500, 1);
        clock.advance(Duration.ofSeconds(60)); // same slot, a minute later
        record(Version.BLUE, 200, 1);

        MetricsSnapshot lastMinute = metrics.snapshot(Version.BLUE, Duration.ofSeconds(60));
        assertThat(lastMinute.requests()).isEqualTo(1);
        assertThat(lastMinute.serverErrors()).isZero();
        assertThat(metrics.snapshot(Version.BLUE).requests()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(61));
        assertThat(metrics.snapshot(Version.BLUE, Duration.ofSeconds(60)).requests())
                .isZero();
    }

    @Test
    void aRecordOlderThanItsSlotCountsOnlySinceStart() {
        clock.advance(Duration.ofSeconds(60));
        record(Version.BLUE, 200, 1);
        metrics.record(new RequestRecord(
                RouterListener.TEST,
                Version.BLUE,
                500,
                Duration.ofMillis(1),
                clock.instant().minusSeconds(60),
                false));

        assertThat(metrics.snapshot(Version.BLUE, Duration.ofSeconds(60)).requests())
                .isEqualTo(1);
        assertThat(metrics.snapshot(Version.BLUE).requests()).isEqualTo(2);
    }

    @Test
    void rejectsWindowsItCannotAnswer() {
        assertThatThrownBy(() -> metrics.snapshot(Version.BLUE, Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention of 60 s");
        assertThatThrownBy(() -> metrics.snapshot(Version.BLUE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new RouterMetrics(clock, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
