package dev.cutover.core.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.HealthGates;

/**
 * AfterAllowTraffic's alarm gate: none of the spec's {@code health.alarms} is in ALARM, and every one exists.
 * INSUFFICIENT_DATA passes (a new alarm has no data yet) but the detail says so.
 */
public final class AlarmCheck {

    public static final String NAME = "alarms";

    private final AlarmStateReader reader;
    private final Clock clock;

    public AlarmCheck(AlarmStateReader reader, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws dev.cutover.core.error.DependencyException when the alarm states cannot be read */
    public CheckResult check(HealthGates health) {
        Instant started = clock.instant();
        List<String> names = health.alarms();
        if (names.isEmpty()) {
            return CheckResult.pass(NAME, "no alarms configured", since(started));
        }
        Map<String, AlarmState> states = reader.states(names);
        List<String> inAlarm = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        List<String> noData = new ArrayList<>();
        for (String name : names) {
            AlarmState state = states == null ? null : states.get(name);
            if (state == null) {
                unanswered.add(name);
            } else if (state == AlarmState.ALARM) {
                inAlarm.add(name);
            } else if (state == AlarmState.MISSING) {
                missing.add(name);
            } else if (state == AlarmState.INSUFFICIENT_DATA) {
                noData.add(name);
            }
        }

        List<String> problems = new ArrayList<>();
        if (!inAlarm.isEmpty()) {
            problems.add(plural(inAlarm.size(), "alarm") + " in ALARM: " + String.join(", ", inAlarm));
        }
        for (String name : missing) {
            problems.add("alarm " + name + " does not exist: check health.alarms");
        }
        for (String name : unanswered) {
            problems.add("alarm " + name + ": the alarm reader returned no state for it");
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(NAME, String.join("; ", problems), since(started));
        }
        if (!noData.isEmpty()) {
            return CheckResult.pass(
                    NAME,
                    plural(names.size(), "alarm") + " checked, none in ALARM; "
                            + "INSUFFICIENT_DATA (not counted as failing): " + String.join(", ", noData),
                    since(started));
        }
        return CheckResult.pass(
                NAME,
                names.size() == 1 ? "alarm " + names.get(0) + " is OK" : "all " + names.size() + " alarms OK",
                since(started));
    }

    private Duration since(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
