package dev.cutover.states;

import java.time.Clock;
import java.time.Instant;

/**
 * An execution's clock. Real time reads a {@link Clock} and waits really; virtual time only moves when the
 * execution waits, and then jumps, so hours of Wait and retry back-off take no wall time. Each Parallel branch
 * and Map iteration gets its own fork of a virtual clock, and the state resumes at the latest of them, so
 * concurrent waits overlap in virtual time as they would in real time.
 */
abstract sealed class TimeSource permits TimeSource.Real, TimeSource.Virtual {

    abstract Instant now();

    abstract boolean isVirtual();

    /** A clock for a concurrent branch starting now. */
    abstract TimeSource fork();

    static final class Real extends TimeSource {
        private final Clock clock;

        Real(Clock clock) {
            this.clock = clock;
        }

        @Override
        Instant now() {
            return clock.instant();
        }

        @Override
        boolean isVirtual() {
            return false;
        }

        @Override
        TimeSource fork() {
            return this;
        }
    }

    static final class Virtual extends TimeSource {
        private volatile Instant now;

        Virtual(Instant start) {
            this.now = start;
        }

        @Override
        Instant now() {
            return now;
        }

        @Override
        boolean isVirtual() {
            return true;
        }

        @Override
        TimeSource fork() {
            return new Virtual(now);
        }

        /** Moves the clock forward to {@code instant}; never backwards. */
        void advanceTo(Instant instant) {
            if (instant.isAfter(now)) {
                now = instant;
            }
        }
    }
}
