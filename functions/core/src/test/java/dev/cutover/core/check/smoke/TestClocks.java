package dev.cutover.core.check.smoke;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cutover.core.check.Sleeper;

/** Controllable time for the smoke-test tests. */
final class TestClocks {

    private TestClocks() {}

    /** A clock that stands still until told to move, and moves by a fixed step each time it is read if asked to. */
    static final class ManualClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");
        private final Duration stepPerRead;

        ManualClock() {
            this(Duration.ZERO);
        }

        ManualClock(Duration stepPerRead) {
            this.stepPerRead = stepPerRead;
        }

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            Instant read = now;
            now = now.plus(stepPerRead);
            return read;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed by these tests");
        }
    }

    /** A sleeper that records what it was asked to wait and returns at once, optionally moving a clock. */
    static final class RecordingSleeper implements Sleeper {

        private final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final ManualClock clock;

        RecordingSleeper() {
            this(null);
        }

        RecordingSleeper(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            if (clock != null) {
                clock.advance(duration);
            }
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }
    }
}
