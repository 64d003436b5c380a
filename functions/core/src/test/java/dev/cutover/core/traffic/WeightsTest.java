package dev.cutover.core.traffic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.port.model.Weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeightsTest {

    @ParameterizedTest(name = "blue {0} / green {1}")
    @CsvSource({"100,0", "0,100", "90,10", "50,50", "1,99"})
    void acceptsSharesThatSumTo100(int blue, int green) {
        Weights weights = new Weights(blue, green);

        assertThat(weights.blue()).isEqualTo(blue);
        assertThat(weights.green()).isEqualTo(green);
    }

    @ParameterizedTest(name = "blue {0} / green {1}")
    @CsvSource({"90,20", "50,49", "0,0", "101,-1", "-1,101", "200,-100", "100,100"})
    void refusesSharesOutOfRangeOrNotSummingTo100(int blue, int green) {
        assertThatThrownBy(() -> new Weights(blue, green))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum to 100")
                .hasMessageContaining("blue " + blue + " / green " + green);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 50, 99, 100})
    void greenPercentLeavesTheRestOnBlue(int green) {
        Weights weights = Weights.ofGreenPercent(green);

        assertThat(weights.green()).isEqualTo(green);
        assertThat(weights.blue()).isEqualTo(100 - green);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void greenPercentOutsideRangeIsRefused(int green) {
        assertThatThrownBy(() -> Weights.ofGreenPercent(green))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..100")
                .hasMessageContaining(Integer.toString(green));
    }

    @Test
    void namedSplits() {
        assertThat(Weights.ALL_BLUE).isEqualTo(new Weights(100, 0)).isEqualTo(Weights.ofGreenPercent(0));
        assertThat(Weights.ALL_GREEN).isEqualTo(new Weights(0, 100)).isEqualTo(Weights.ofGreenPercent(100));
    }

    @Test
    void readsAsBlueThenGreen() {
        assertThat(Weights.ofGreenPercent(10)).hasToString("blue 90 / green 10");
        assertThat(Weights.ALL_BLUE).hasToString("blue 100 / green 0");
    }
}
