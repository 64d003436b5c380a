package dev.cutover.core.health;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficStats;

/**
 * Everything the health judge looks at after a bake, gathered once from the ports by {@link EvidenceGatherer} and
 * judged by {@link EvidenceJudge} without any I/O. Keeping the two apart lets the judging rules be tested as plain
 * tables of evidence and verdicts.
 *
 * @param window      the bake window the numbers cover
 * @param alarmStates the state of each spec alarm the reader reported; an alarm it said nothing about is absent
 *                    (and judged as missing). Unmodifiable
 * @param traffic     green's and blue's numbers over the window, or why there are none
 */
public record Evidence(Window window, Map<String, AlarmState> alarmStates, Traffic traffic) {

    public Evidence {
        Objects.requireNonNull(window, "window");
        alarmStates = Map.copyOf(alarmStates);
        Objects.requireNonNull(traffic, "traffic");
    }

    /**
     * The bake window {@code [start, end)}.
     *
     * @throws IllegalArgumentException when {@code end} is not after {@code start}
     */
    public record Window(Instant start, Instant end) {

        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException(
                        "the bake window must end after it starts, got bake start " + start + " and now " + end);
            }
        }
    }

    /** What the target-group metrics said over the window. */
    public sealed interface Traffic permits NotRead, Measured, Unreadable {}

    /** The spec has no metric gates, so nobody asked. */
    public record NotRead() implements Traffic {}

    /**
     * What green and blue served over the window: request and 5xx counts and the latency percentiles the gates
     * need.
     */
    public record Measured(TrafficStats green, TrafficStats blue) implements Traffic {

        public Measured {
            Objects.requireNonNull(green, "green");
            Objects.requireNonNull(blue, "blue");
        }
    }

    /**
     * The metrics could not be read, and an alarm had already made green unhealthy, so the read was not worth a
     * retry.
     *
     * @param reason the failure's message
     */
    public record Unreadable(String reason) implements Traffic {

        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
