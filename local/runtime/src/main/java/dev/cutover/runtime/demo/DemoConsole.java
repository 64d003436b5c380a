package dev.cutover.runtime.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the demo tells what happens: one line per event, stamped with the seconds since the deployment started
 * (blank before). Without a stream (a quiet run) nothing is printed.
 */
final class DemoConsole {

    private final Optional<PrintStream> out;
    private final Clock clock;
    private volatile Instant started;

    DemoConsole(Optional<PrintStream> out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Whether anything is printed at all. */
    boolean enabled() {
        return out.isPresent();
    }

    /** From now on lines carry the time since {@code at}. */
    void started(Instant at) {
        started = at;
    }

    void event(String text) {
        out.ifPresent(o -> {
            Instant s = started;
            String at = s == null
                    ? "        "
                    : String.format(
                            Locale.ROOT,
                            "%7.1fs",
                            Duration.between(s, clock.instant()).toMillis() / 1000.0);
            o.println(at + "  " + text);
        });
    }

    /** A line without a time stamp, for trouble while shutting down. */
    void warning(String text) {
        out.ifPresent(o -> o.println("warning: " + text));
    }
}
