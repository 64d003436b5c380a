package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.Metric;

/**
 * What judges green.
 *
 * @param alarms      CloudWatch alarm names; any of them in ALARM fails the gate
 * @param metricGates  comparisons of green against blue over the bake window
 * @param metricsWait  how long after a bake the judge may wait for the window's metrics to be published
 *                     ({@code health.metricsWaitSeconds}); past it, it judges what it has
 * @param judge        how green's traffic is compared with blue's ({@code health.judge}); the metric gates'
 *                     thresholds always apply, the statistical judge is a first line before them
 * @param statistical  the statistical judge's settings ({@code health.statistical}); defaults when the spec does not
 *                     say, unused by the threshold judge
 */
public record HealthGates(
        List<String> alarms, List<MetricGate> metricGates, Duration metricsWait, Judge judge, Statistical statistical) {

    /** {@code health.metricsWaitSeconds} when the spec does not say. */
    public static final Duration DEFAULT_METRICS_WAIT = Duration.ofSeconds(300);

    /** The largest {@code health.metricsWaitSeconds}: the JudgeHealth state's retries cover it. */
    public static final long MAX_METRICS_WAIT_SECONDS = 900;

    public HealthGates {
        alarms = List.copyOf(alarms);
        metricGates = List.copyOf(metricGates);
        Objects.requireNonNull(metricsWait, "metricsWait");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(statistical, "statistical");
    }

    /** The threshold judge. */
    public HealthGates(List<String> alarms, List<MetricGate> metricGates, Duration metricsWait) {
        this(alarms, metricGates, metricsWait, Judge.THRESHOLD, Statistical.DEFAULT);
    }

    /** The threshold judge, with the default metrics wait. */
    public HealthGates(List<String> alarms, List<MetricGate> metricGates) {
        this(alarms, metricGates, DEFAULT_METRICS_WAIT);
    }

    /** How green's traffic is judged against blue's ({@code health.judge}). */
    public enum Judge {
        /** Each metric gate's threshold and maximum increase over blue (the default). */
        THRESHOLD,
        /**
         * Statistical tests of green against blue per metric (rank test on latency, exact test on 5xx counts), then
         * the thresholds as the second line: either failing fails green.
         */
        STATISTICAL
    }

    /**
     * The statistical judge's settings ({@code health.statistical}).
     *
     * @param confidence a green observed worse than blue fails from this confidence on, 0.5 < confidence < 1
     * @param minSamples fewer samples (latency values, requests) than this on either side is inconclusive, >= 2
     * @throws IllegalArgumentException when a setting is out of range
     */
    public record Statistical(double confidence, int minSamples, int maxExtensions, Duration extendBy) {

        /** The lowest and highest {@code health.statistical.confidence}. */
        public static final double MIN_CONFIDENCE = 0.5;

        public static final double MAX_CONFIDENCE = 0.9999;

        public static final int MIN_SAMPLES = 2;

        /** {@code health.statistical.maxExtensions} when the spec does not say, and the most it may say. */
        public static final int DEFAULT_MAX_EXTENSIONS = 2;

        public static final int MAX_EXTENSIONS = 10;

        /** {@code health.statistical.extendSeconds} when the spec does not say, and the most it may say. */
        public static final Duration DEFAULT_EXTEND_BY = Duration.ofSeconds(60);

        public static final long MAX_EXTEND_SECONDS = 3600;

        public static final Statistical DEFAULT = new Statistical(0.95, 50);

        public Statistical {
            if (!(confidence > MIN_CONFIDENCE && confidence <= MAX_CONFIDENCE)) {
                throw new IllegalArgumentException(
                        "confidence must be > " + MIN_CONFIDENCE + " and <= " + MAX_CONFIDENCE + ", got " + confidence);
            }
            if (minSamples < MIN_SAMPLES) {
                throw new IllegalArgumentException(
                        "minSamples must be at least " + MIN_SAMPLES + ", got " + minSamples);
            }
            if (maxExtensions < 0 || maxExtensions > MAX_EXTENSIONS) {
                throw new IllegalArgumentException(
                        "maxExtensions must be 0.." + MAX_EXTENSIONS + ", got " + maxExtensions);
            }
            Objects.requireNonNull(extendBy, "extendBy");
            if (extendBy.toSeconds() < 1 || extendBy.toSeconds() > MAX_EXTEND_SECONDS) {
                throw new IllegalArgumentException(
                        "extendSeconds must be 1.." + MAX_EXTEND_SECONDS + ", got " + extendBy.toSeconds());
            }
        }

        /** With the default bake extensions. */
        public Statistical(double confidence, int minSamples) {
            this(confidence, minSamples, DEFAULT_MAX_EXTENSIONS, DEFAULT_EXTEND_BY);
        }

        /** The most an inconclusive stage's bake is extended: {@code maxExtensions x extendSeconds}. */
        public Duration longestExtension() {
            return extendBy.multipliedBy(maxExtensions);
        }
    }

    /**
     * One metric comparison.
     *
     * @param metric              5xx rate (fraction 0..1) or latency (milliseconds)
     * @param percentile          for latency: 0 < p < 100, e.g. 99.0 for p99; empty for 5xx rate
     * @param threshold           green fails when its value is above this
     * @param maxIncreaseOverBlue green fails when its value exceeds blue's by more than this, if set
     * @param minRequests         fewer green requests than this makes the verdict inconclusive, not healthy
     */
    public record MetricGate(
            Metric metric,
            Optional<Double> percentile,
            double threshold,
            Optional<Double> maxIncreaseOverBlue,
            long minRequests) {}
}
