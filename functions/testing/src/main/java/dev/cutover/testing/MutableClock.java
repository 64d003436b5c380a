package dev.cutover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.cutover.core.check.Sleeper;

/**
 * A clock tests move by hand; its {@link #sleeper()} advances it instead of waiting. Shared by every module's
 * tests through cutover-testing.
 */
public final class MutableClock extends Clock {

    /** Where a clock made without a start begins. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-01T10:00:00Z");

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public MutableClock() {
        this(DEFAULT_START);
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Waiting on this sleeper moves the clock forward by the time asked, at once. */
    public Sleeper sleeper() {
        return this::advance;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
