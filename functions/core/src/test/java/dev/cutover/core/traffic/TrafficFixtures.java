package dev.cutover.core.traffic;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.spec.Routing;

/** Routings, a manual clock and a recording sleeper for the traffic tests. */
final class TrafficFixtures {

    static final String LISTENER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2";
    static final String RULE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/orders/"
            + "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
    static final String BLUE =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/73e2d6bc24d8a067";
    static final String GREEN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/2453ed029918f21f";

    private TrafficFixtures() {}

    static Routing listenerRouting() {
        return routing(Optional.empty());
    }

    static Routing ruleRouting() {
        return routing(Optional.of(RULE));
    }

    private static Routing routing(Optional<String> rule) {
        return Routing.resolved(
                LISTENER,
                rule,
                LISTENER.replace("f2f7dc8efc522ab2", "0467ef3c8400ae65"),
                BLUE,
                GREEN,
                URI.create("https://orders.example.com"),
                URI.create("https://orders.example.com:8443"),
                1,
                Duration.ofMinutes(5));
    }

    /** A clock that moves only when told to. */
    static final class ManualClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            return now;
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

    /** Records each wait and moves the clock by it instead of waiting. */
    static final class RecordingSleeper implements Sleeper {

        private final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final ManualClock clock;

        RecordingSleeper(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            clock.advance(duration);
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }
    }
}
