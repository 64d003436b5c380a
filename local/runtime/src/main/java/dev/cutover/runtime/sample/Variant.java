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
 * @param delay     for {@link Kind#SLOW}: added to every order request; for {@link Kind#STEADY}: the work every
 *                  order request takes on average (spread over +-25%); else zero
 */
public record Variant(Kind kind, int failEvery, Duration delay) {

    /** One in ten order requests fails in {@code faulty-5xx} unless told otherwise. */
    public static final int DEFAULT_FAIL_EVERY = 10;
    /** Added latency in {@code slow} unless told otherwise. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(400);
    /** The average work of an order request in {@code steady} unless told otherwise. */
    public static final Duration DEFAULT_WORK = Duration.ofMillis(20);

    /** The scenario names {@link #parse} accepts. */
    public enum Kind {
        HEALTHY("healthy"),
        FAULTY_5XX("faulty-5xx"),
        SLOW("slow"),
        SMOKE_FAIL("smoke-fail"),
        /**
         * Not a fault: every order request takes some work, like a real service's, so that a version a little
         * slower than another can be told from it (the {@code subtle-regression} demo).
         */
        STEADY("steady");

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
        if (delay.isNegative() || (kind == Kind.SLOW || kind == Kind.STEADY) == delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive for slow and steady and zero otherwise, got "
                    + delay + " for " + kind.scenario());
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

    /**
     * Every order request takes {@code work} on average, spread evenly over +-25% of it ({@link #workFor}): a
     * healthy service with some latency of its own.
     */
    public static Variant steady(Duration work) {
        return new Variant(Kind.STEADY, 0, work);
    }

    /**
     * For {@link Kind#STEADY}, how long order request number {@code n} (from 1) works: spread over +-25% of
     * {@link #delay} by the golden ratio's fractional multiples, so that the values are evenly spread with no
     * randomness to seed; zero for the other kinds.
     */
    public Duration workFor(long n) {
        if (kind != Kind.STEADY) {
            return Duration.ZERO;
        }
        double fraction = (n * 0.6180339887498949) % 1.0;
        return Duration.ofNanos(Math.round(delay.toNanos() * (0.75 + 0.5 * fraction)));
    }

    /** {@code /health} answers 503 with {@code "status":"DOWN"}; orders work. */
    public static Variant smokeFail() {
        return new Variant(Kind.SMOKE_FAIL, 0, Duration.ZERO);
    }

    /**
     * The variant a scenario name selects, with default settings: {@code healthy}, {@code faulty-5xx} (every
     * {@value #DEFAULT_FAIL_EVERY}th order request fails), {@code slow} (400 ms), {@code smoke-fail}, {@code steady}
     * (20 ms of work per order request).
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
                    case STEADY -> steady(DEFAULT_WORK);
                };
            }
        }
        throw new IllegalArgumentException(
                "sample app variant must be one of healthy, faulty-5xx, slow, smoke-fail, steady;" + " got '" + scenario
                        + "'");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FAULTY_5XX -> kind.scenario() + " (every " + failEvery + ")";
            case SLOW -> kind.scenario() + " (+" + delay.toMillis() + " ms)";
            case STEADY -> kind.scenario() + " (" + delay.toMillis() + " ms +-25%)";
            default -> kind.scenario();
        };
    }
}
