package dev.cutover.runtime.metrics;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void aValueReadsBackWithinATenthOfAPercent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 2_000; i++) {
            long micros = random.nextLong(1L << random.nextInt(1, 36));
            LatencyHistogram histogram = new LatencyHistogram();
            histogram.recordNanos(micros * 1_000);
            histogram.recordNanos(micros * 4_000); // above it, so the largest sample does not cap the p50

            long read = histogram.distribution().percentile(50).toNanos() / 1_000;

            assertThat(read).as("p50 of %d µs", micros).isGreaterThanOrEqualTo(micros);
            assertThat(read - micros).as("error for %d µs", micros).isLessThanOrEqualTo(micros / 1_000);
        }
    }

    @Test
    void percentilesOfAUniformSpreadAreWithinATenthOfAPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordNanos(Duration.ofMillis(ms).toNanos());
        }
        LatencyDistribution distribution = histogram.distribution();

        assertThat(distribution.count()).isEqualTo(1000);
        assertThat(distribution.percentile(50).toNanos() / 1e6).isCloseTo(500.0, within(0.5));
        assertThat(distribution.percentile(99).toNanos() / 1e6).isCloseTo(990.0, within(1.0));
        assertThat(distribution.percentile(100)).isEqualTo(Duration.ofMillis(1000));
        assertThat(distribution.percentile(0).toNanos()).isBetween(1_000_000L, 1_001_000L);
        assertThat(distribution.max()).isEqualTo(Duration.ofMillis(1000));
        assertThat(distribution.mean().toNanos() / 1e6).isCloseTo(500.5, within(0.01));
    }

    @Test
    void aTailIsVisibleInTheHighPercentilesOnly() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            histogram.recordNanos(Duration.ofMillis(2).toNanos());
        }
        for (int i = 0; i < 10; i++) {
            histogram.recordNanos(Duration.ofMillis(400).toNanos());
        }
        LatencyDistribution distribution = histogram.distribution();

        assertThat(distribution.percentile(99).toMillis()).isBetween(2L, 3L);
        assertThat(distribution.percentile(99.5).toMillis()).isBetween(400L, 450L);
    }

    @Test
    void addingMergesAndResetForgets() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.recordNanos(1_000_000);
        b.recordNanos(9_000_000);
        b.recordNanos(-5);
        a.add(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.distribution().max()).isEqualTo(Duration.ofMillis(9));
        assertThat(a.distribution().percentile(1)).isEqualTo(Duration.ZERO);

        a.reset();
        assertThat(a.distribution().count()).isZero();
        assertThat(a.distribution().percentile(99)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aCopyDoesNotChangeWhenTheHistogramDoes() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordNanos(1_000_000);
        LatencyDistribution copy = histogram.distribution();
        histogram.recordNanos(50_000_000);

        assertThat(copy.count()).isEqualTo(1);
        assertThat(copy.max()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsPercentilesOutsideTheRange() {
        assertThatThrownBy(() -> LatencyDistribution.EMPTY.percentile(100.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..100");
        assertThatThrownBy(() -> LatencyDistribution.EMPTY.percentile(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
