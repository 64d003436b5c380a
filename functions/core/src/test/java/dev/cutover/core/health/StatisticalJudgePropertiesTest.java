package dev.cutover.core.health;

import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import dev.cutover.core.health.StatisticalJudge.Direction;
import dev.cutover.core.health.StatisticalJudge.ErrorCounts;
import dev.cutover.core.health.StatisticalJudge.Finding;
import dev.cutover.core.health.StatisticalJudge.LatencySamples;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.spec.HealthGates.Statistical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties of the statistical judge over generated samples: swapping green and blue mirrors the verdict, an
 * identical green never fails, and a green drawn from blue's own distribution fails no more often than the
 * confidence allows.
 */
class StatisticalJudgePropertiesTest {

    private static final Statistical SETTINGS = new Statistical(0.95, 20);

    @Property(tries = 200)
    void swappingGreenAndBlueMirrorsTheLatencyVerdict(
            @ForAll @Size(min = 20, max = 120) double[] green, @ForAll @Size(min = 20, max = 120) double[] blue) {
        LatencySamples forward = new LatencySamples(abs(green), abs(blue));
        LatencySamples backward = new LatencySamples(abs(blue), abs(green));

        Finding one = StatisticalJudge.latency(forward, SETTINGS);
        Finding other = StatisticalJudge.latency(backward, SETTINGS);

        assertThat(other.direction()).isEqualTo(mirror(one.direction()));
        assertThat(other.effect()).isCloseTo(1 - one.effect(), within(1e-9));
        assertThat(other.confidence()).isCloseTo(one.confidence(), within(1e-9));
    }

    @Property(tries = 300)
    void swappingGreenAndBlueMirrorsTheErrorVerdict(
            @ForAll @LongRange(min = 20, max = 50_000) long greenRequests,
            @ForAll @DoubleRange(min = 0, max = 0.2) double greenRate,
            @ForAll @LongRange(min = 20, max = 50_000) long blueRequests,
            @ForAll @DoubleRange(min = 0, max = 0.2) double blueRate) {
        ErrorCounts counts = new ErrorCounts(
                greenRequests, (long) (greenRequests * greenRate), blueRequests, (long) (blueRequests * blueRate));

        Finding one = StatisticalJudge.errors(counts, SETTINGS);
        Finding other = StatisticalJudge.errors(counts.swapped(), SETTINGS);

        assertThat(other.direction()).isEqualTo(mirror(one.direction()));
        assertThat(other.effect()).isCloseTo(-one.effect(), within(1e-12));
        assertThat(other.confidence()).isCloseTo(one.confidence(), within(1e-9));
    }

    @Property(tries = 100)
    void aGreenIdenticalToBlueNeverFails(
            @ForAll @Size(min = 20, max = 200) double[] samples,
            @ForAll @LongRange(min = 20, max = 100_000) long requests,
            @ForAll @DoubleRange(min = 0, max = 1) double rate) {
        double[] same = abs(samples);
        long errors = (long) (requests * rate);

        assertThat(StatisticalJudge.latency(new LatencySamples(same, same), SETTINGS)
                        .status())
                .isEqualTo(Status.HEALTHY);
        assertThat(StatisticalJudge.errors(new ErrorCounts(requests, errors, requests, errors), SETTINGS)
                        .status())
                .isEqualTo(Status.HEALTHY);
    }

    /**
     * 400 bakes where green and blue draw from one distribution: at 95% confidence, at most 5% may fail. The bound
     * allows for chance: 40 failures of 400 at a true rate of 5% has a probability below one in 10^5.
     */
    @Property(tries = 10)
    void aGreenLikeBlueFailsNoMoreOftenThanTheConfidenceAllows(
            @ForAll long seed,
            @ForAll @IntRange(min = 20, max = 80) int samples,
            @ForAll @DoubleRange(min = 0.0, max = 0.05) double errorRate) {
        Random random = new Random(seed);
        int latencyFailures = 0;
        int errorFailures = 0;
        int bakes = 400;
        for (int bake = 0; bake < bakes; bake++) {
            double[] green = new double[samples];
            double[] blue = new double[samples];
            for (int i = 0; i < samples; i++) {
                green[i] = 200 * Math.exp(0.3 * random.nextGaussian());
                blue[i] = 200 * Math.exp(0.3 * random.nextGaussian());
            }
            if (StatisticalJudge.latency(new LatencySamples(green, blue), SETTINGS)
                            .status()
                    == Status.UNHEALTHY) {
                latencyFailures++;
            }
            int requests = samples * 50;
            ErrorCounts counts = new ErrorCounts(
                    requests, binomial(random, requests, errorRate), requests, binomial(random, requests, errorRate));
            if (StatisticalJudge.errors(counts, SETTINGS).status() == Status.UNHEALTHY) {
                errorFailures++;
            }
        }

        assertThat(latencyFailures).as("latency false alarms of " + bakes).isLessThan(40);
        assertThat(errorFailures).as("5xx false alarms of " + bakes).isLessThan(40);
    }

    private static int binomial(Random random, int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    private static double[] abs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = Math.abs(values[i]);
            out[i] = Double.isFinite(v) ? v : 0;
        }
        return out;
    }

    private static Direction mirror(Direction direction) {
        return switch (direction) {
            case WORSE -> Direction.BETTER;
            case BETTER -> Direction.WORSE;
            case SAME -> Direction.SAME;
        };
    }
}
