package dev.cutover.core.port;

import java.util.List;
import java.util.Objects;

/**
 * Latency values of one target group over a window, for a rank test of green against blue: what the statistical
 * judge needs and percentiles cannot give. Bounded: an adapter returns at most {@link #MAX_VALUES}, chosen evenly
 * over the window when it has more, so that a busy service's bake neither fills a Lambda's memory nor makes a
 * negligible difference "significant" by sheer numbers.
 *
 * @param valuesMs the values in milliseconds, each finite and not negative; unmodifiable
 * @param basis    what one value stands for: one request, or one metric period's average
 */
public record LatencySamples(List<Double> valuesMs, Basis basis) {

    /** The most values an adapter returns per target group and window. */
    public static final int MAX_VALUES = 2_000;

    private static final LatencySamples NONE = new LatencySamples(List.of(), Basis.REQUESTS);

    /** What one value is. */
    public enum Basis {
        /** One request's response time (the local router records each). */
        REQUESTS("requests"),
        /**
         * The average response time over one metric period (CloudWatch's {@code TargetResponseTime} per minute):
         * fewer, smoother values, each already an average of many requests.
         */
        PERIODS("1-minute averages");

        private final String words;

        Basis(String words) {
            this.words = words;
        }

        /** How a verdict names the values: {@code requests}, {@code 1-minute averages}. */
        public String words() {
            return words;
        }
    }

    /**
     * @throws IllegalArgumentException when a value is negative or not a finite number, or there are more than
     *                                  {@link #MAX_VALUES}
     */
    public LatencySamples {
        Objects.requireNonNull(basis, "basis");
        valuesMs = List.copyOf(Objects.requireNonNull(valuesMs, "valuesMs"));
        if (valuesMs.size() > MAX_VALUES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_VALUES + " latency samples per window, got " + valuesMs.size());
        }
        for (Double ms : valuesMs) {
            if (!Double.isFinite(ms) || ms < 0) {
                throw new IllegalArgumentException(
                        "a latency sample must be a finite number of milliseconds >= 0, got " + ms);
            }
        }
    }

    /** No values: the source keeps none, or nothing was served. */
    public static LatencySamples none() {
        return NONE;
    }

    /**
     * At most {@link #MAX_VALUES} of {@code values}, evenly spaced over them (every k-th, deterministic), in their
     * order.
     */
    public static LatencySamples evenlyChosen(double[] values, int count, Basis basis) {
        Objects.requireNonNull(values, "values");
        if (count < 0 || count > values.length) {
            throw new IllegalArgumentException("count must be 0.." + values.length + ", got " + count);
        }
        int size = Math.min(count, MAX_VALUES);
        Double[] chosen = new Double[size];
        for (int i = 0; i < size; i++) {
            chosen[i] = values[(int) ((long) i * count / size)];
        }
        return new LatencySamples(List.of(chosen), basis);
    }

    /** The values as an array, for the statistics library. */
    public double[] toArray() {
        return valuesMs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public boolean isEmpty() {
        return valuesMs.isEmpty();
    }
}
