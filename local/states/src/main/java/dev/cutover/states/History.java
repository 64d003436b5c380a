package dev.cutover.states;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An execution's events, appended from any of its branches; ids are handed out in append order. */
final class History {

    private final ArrayList<HistoryEvent> events = new ArrayList<>(32);

    synchronized long add(
            String type,
            long previousEventId,
            Instant timestamp,
            ObjectNode fields,
            String payloadField,
            JsonNode payload) {
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
