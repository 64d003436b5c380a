package dev.cutover.states;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of an execution's history, as GetExecutionHistory returns it: {@code id}s count up from 1,
 * {@code previousEventId} points at the event that led to this one (0 for the first state entered, as in
 * Step Functions), and the details object is named after the type ({@code stateEnteredEventDetails},
 * {@code taskFailedEventDetails}, ...).
 *
 * <p>The payload (state input or output, task parameters) is kept as a JSON value here, so assertions can read
 * it cheaply; {@link #toJson()} renders it as a JSON string, as the API does.
 */
public final class HistoryEvent {

    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final String type;
    private final ObjectNode fields;
    private final String payloadField;
    private final JsonNode payload;

    HistoryEvent(
            long id,
            long previousEventId,
            Instant timestamp,
            String type,
            ObjectNode fields,
            String payloadField,
            JsonNode payload) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.fields = fields;
        this.payloadField = payloadField;
        this.payload = payload;
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The event type, e.g. {@code TaskStateEntered}, {@code MapIterationStarted}, {@code ExecutionFailed}. */
    public String type() {
        return type;
    }

    /** The state's name for StateEntered/StateExited and Map iteration events; null otherwise. */
    public String stateName() {
        JsonNode name = fields == null ? null : fields.get("name");
        return name == null ? null : name.asText();
    }

    /** The input, output or parameters this event carries, as a JSON value; null when it carries none. */
    public JsonNode payload() {
        return payload;
    }

    /** The error name of a failure event; null otherwise. */
    public String error() {
        JsonNode error = fields == null ? null : fields.get("error");
        return error == null ? null : error.asText();
    }

    /** The cause of a failure event; null when absent. */
    public String cause() {
        JsonNode cause = fields == null ? null : fields.get("cause");
        return cause == null ? null : cause.asText();
    }

    /** The name of this event's details object, e.g. {@code stateEnteredEventDetails}. */
    public String detailsKey() {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }

    /** The details object as the API shows it (payload as a JSON string); null when the event has none. */
    public ObjectNode details() {
        if ((fields == null || fields.isEmpty()) && payloadField == null) {
            return null;
        }
        ObjectNode details = Json.object();
        if (fields != null) {
            details.setAll(fields);
        }
        if (payloadField != null) {
            details.put(payloadField, Json.write(payload));
            if (!payloadField.equals("parameters")) {
                details.putObject(payloadField + "Details").put("truncated", false);
            }
        }
        return details;
    }

    /** This event in the shape of one element of GetExecutionHistory's {@code events}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("timestamp", Json.timestamp(timestamp));
        json.put("type", type);
        json.put("id", id);
        json.put("previousEventId", previousEventId);
        ObjectNode details = details();
        if (details != null) {
            json.set(detailsKey(), details);
        }
        return json;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
