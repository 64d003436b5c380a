package dev.cutover.core.port;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficStatsTest {

    @Test
    void errorRateIsEmptyWithoutRequestsRatherThanAPerfectZero() {
        assertThat(TrafficStats.none().errorRate()).isEmpty();
        assertThat(new TrafficStats(1602, 37, Map.of()).errorRate()).hasValue(37 / 1602.0);
        assertThat(new TrafficStats(10, 0, Map.of()).errorRate()).hasValue(0.0);
    }

    @Test
    void latenciesAreSortedUnmodifiableAndAbsentWhenUnknown() {
        Map<Double, Double> given = new HashMap<>(Map.of(99.0, 812.0, 50.0, 120.0));
        TrafficStats stats = new TrafficStats(100, 0, given);
        given.clear();

        assertThat(stats.latencyPercentilesMs()).containsExactly(Map.entry(50.0, 120.0), Map.entry(99.0, 812.0));
        assertThat(stats.latencyMs(99.0)).hasValue(812.0);
        assertThat(stats.latencyMs(95.0)).isEmpty();
        assertThatThrownBy(() -> stats.latencyPercentilesMs().put(90.0, 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesImpossibleNumbers() {
        assertThatThrownBy(() -> new TrafficStats(-1, 0, Map.of())).hasMessageContaining("requests -1");
        assertThatThrownBy(() -> new TrafficStats(1, 0, Map.of(0.0, 1.0))).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> new TrafficStats(1, 0, Map.of(99.0, -1.0))).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> new TrafficStats(1, 0, Map.of(99.0, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
