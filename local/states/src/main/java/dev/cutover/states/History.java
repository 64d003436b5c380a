package dev.cutover.states;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An execution's events, appended from any of its branches; ids are handed out in append order.
 *
 * <p>Bounded as Step Functions bounds it: a Standard execution's history holds at most 25,000 events. When 24,999
 * are recorded, only the event that closes the execution is taken; any other is refused, and the execution fails
 * ("Avoid reaching the history quota" and "Quotas for Standard Workflows", AWS Step Functions Developer Guide: if
 * event 25,000 is not ExecutionSucceeded, ExecutionFailed is logged and the execution fails). So a looping
 * machine ends quickly instead of growing its history until the JVM runs out of memory.
 */
final class History {

    /** Step Functions' hard quota of events in one execution's history. */
    static final int MAX_EVENTS = 25_000;

    /** What {@link #add} returns when the history is full and the event was not recorded. */
    static final long FULL = -1;

    private static final Set<String> CLOSING =
            Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut");

    private final ArrayList<HistoryEvent> events = new ArrayList<>(32);

    synchronized long add(
            String type,
            long previousEventId,
            Instant timestamp,
            ObjectNode fields,
            String payloadField,
            JsonNode payload) {
        if (events.size() >= MAX_EVENTS - 1 && !CLOSING.contains(type)) {
            return FULL;
        }
        long id = events.size() + 1L;
        events.add(new HistoryEvent(id, previousEventId, timestamp, type, fields, payloadField, payload));
        return id;
    }

    synchronized long lastId() {
        return events.size();
    }

    synchronized List<HistoryEvent> snapshot() {
        return List.copyOf(events);
    }
}
