package dev.cutover.states;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/** One element of a state's Retry array. */
record Retrier(
        List<String> errorEquals,
        int maxAttempts,
        double intervalSeconds,
        double backoffRate,
        Long maxDelaySeconds,
        boolean fullJitter) {

    boolean matches(StatesFailure failure) {
        for (String name : errorEquals) {
            if (failure.matches(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The wait before retry number {@code retry} (0 for the first retry): IntervalSeconds × BackoffRate^retry,
     * capped at MaxDelaySeconds, then with FULL jitter a uniformly random share of it.
     */
    Duration delay(int retry, Random random) {
        double seconds = intervalSeconds * Math.pow(backoffRate, retry);
        if (maxDelaySeconds != null) {
            seconds = Math.min(seconds, maxDelaySeconds);
        }
        if (fullJitter) {
            seconds = seconds * random.nextDouble();
        }
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0));
    }
}
