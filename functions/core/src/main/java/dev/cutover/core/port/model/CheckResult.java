package dev.cutover.core.port.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param name     what was checked, e.g. {@code smoke:health} or {@code data-sync:orders}
 * @param passed   whether it passed
 * @param detail   the numbers and facts behind the verdict, readable in a log line
 * @param duration how long it took
 */
public record CheckResult(String name, boolean passed, String detail, Duration duration) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(duration, "duration");
    }

    public static CheckResult pass(String name, String detail, Duration duration) {
        return new CheckResult(name, true, detail, duration);
    }

    public static CheckResult fail(String name, String detail, Duration duration) {
        return new CheckResult(name, false, detail, duration);
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + " (" + duration.toMillis() + " ms): " + detail;
    }
}
