package dev.cutover.core.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A point in time that work must finish before, read from an injected clock. */
public final class Deadline {

    private final Clock clock;
    private final Instant at;

    private Deadline(Clock clock, Instant at) {
        this.clock = clock;
        this.at = at;
    }

    public static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    public static Deadline at(Clock clock, Instant at) {
        return new Deadline(clock, at);
    }

    public Instant at() {
        return at;
    }

    public Clock clock() {
        return clock;
    }

    /** Time left, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired() {
        return !clock.instant().isBefore(at);
    }

    /** The earlier of this deadline and {@code budget} from now. */
    public Deadline cappedAt(Duration budget) {
        Instant other = clock.instant().plus(budget);
        return other.isBefore(at) ? new Deadline(clock, other) : this;
    }

    @Override
    public String toString() {
        return "Deadline[" + at + ", " + remaining().toMillis() + " ms left]";
    }
}
