package dev.cutover.runtime.sample;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SampleApp} misbehaves, so each demo scenario can give green a fault for the checks to catch.
 * Faults on the order endpoints leave {@code /health} alone, so they get past smoke tests and are caught by alarms
 * once green takes traffic; {@code smoke-fail} breaks only {@code /health}, to be caught before traffic moves.
 *
 * @param kind      which fault
 * @param failEvery for {@link Kind#FAULTY_5XX}: every Nth order request (counted from 1) answers 500; else 0
 * @param delay     for {@link Kind#SLOW}: added to every order request; else zero
 */
public record Variant(Kind kind, int failEvery, Duration delay) {

    /** One in ten order requests fails in {@code faulty-5xx} unless told otherwise. */
    public static final int DEFAULT_FAIL_EVERY = 10;
    /** Added latency in {@code slow} unless told otherwise. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(400);

    /** The scenario names {@link #parse} accepts. */
    public enum Kind {
        HEALTHY("healthy"),
        FAULTY_5XX("faulty-5xx"),
        SLOW("slow"),
        SMOKE_FAIL("smoke-fail");

        private final String scenario;

        Kind(String scenario) {
            this.scenario = scenario;
        }

        public String scenario() {
            return scenario;
        }
    }

    public Variant {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
        if (kind == Kind.FAULTY_5XX ? failEvery < 1 : failEvery != 0) {
            throw new IllegalArgumentException("failEvery must be at least 1 for faulty-5xx and 0 otherwise, got "
                    + failEvery + " for " + kind.scenario());
        }
        if (delay.isNegative() || (kind == Kind.SLOW) == delay.isZero()) {
            throw new IllegalArgumentException(
                    "delay must be positive for slow and zero otherwise, got " + delay + " for " + kind.scenario());
        }
    }

    public static Variant healthy() {
        return new Variant(Kind.HEALTHY, 0, Duration.ZERO);
    }

    /** Every {@code every}th order request answers 500: {@code faulty5xx(10)} fails 10% of them. */
    public static Variant faulty5xx(int every) {
        return new Variant(Kind.FAULTY_5XX, every, Duration.ZERO);
    }

    public static Variant slow(Duration delay) {
        return new Variant(Kind.SLOW, 0, delay);
    }

    /** {@code /health} answers 503 with {@code "status":"DOWN"}; orders work. */
    public static Variant smokeFail() {
        return new Variant(Kind.SMOKE_FAIL, 0, Duration.ZERO);
    }

    /**
     * The variant a scenario name selects, with default settings: {@code healthy}, {@code faulty-5xx} (every
     * {@value #DEFAULT_FAIL_EVERY}th order request fails), {@code slow} (400 ms), {@code smoke-fail}.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Variant parse(String scenario) {
        for (Kind kind : Kind.values()) {
            if (kind.scenario().equals(scenario)) {
                return switch (kind) {
                    case HEALTHY -> healthy();
                    case FAULTY_5XX -> faulty5xx(DEFAULT_FAIL_EVERY);
                    case SLOW -> slow(DEFAULT_DELAY);
                    case SMOKE_FAIL -> smokeFail();
                };
            }
        }
        throw new IllegalArgumentException(
                "sample app variant must be one of healthy, faulty-5xx, slow, smoke-fail;" + " got '" + scenario + "'");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FAULTY_5XX -> kind.scenario() + " (every " + failEvery + ")";
            case SLOW -> kind.scenario() + " (+" + delay.toMillis() + " ms)";
            default -> kind.scenario();
        };
    }
}
