package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How an execution ended.
 *
 * @param executionArn {@code arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME}
 * @param name the execution's name
 * @param status SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param output the output when SUCCEEDED; null otherwise
 * @param error the error name when not SUCCEEDED (may be null, e.g. a Fail state without Error)
 * @param cause the cause when not SUCCEEDED; may be null
 * @param startDate when it started, on the execution's clock
 * @param stopDate when it ended, on the execution's clock (virtual time in virtual-time mode)
 * @param history every event, in order
 */
public record ExecutionResult(
        String executionArn,
        String name,
        ExecutionStatus status,
        JsonNode output,
        String error,
        String cause,
        Instant startDate,
        Instant stopDate,
        List<HistoryEvent> history) {

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** The output as JSON text; null when the execution did not succeed. */
    public String outputJson() {
        return output == null ? null : Json.write(output);
    }

    /** How long the execution took on its own clock. */
    public Duration duration() {
        return Duration.between(startDate, stopDate);
    }

    /**
     * {@code {"status":"SUCCEEDED","output":...}} or {@code {"status":"FAILED","error":"...","cause":"..."}}
     * (error and cause only when present).
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("status", status.name());
        if (status == ExecutionStatus.SUCCEEDED) {
            json.set("output", output);
        } else {
            if (error != null) {
                json.put("error", error);
            }
            if (cause != null) {
                json.put("cause", cause);
            }
        }
        return json;
    }

    /** The history in the shape GetExecutionHistory returns: {@code {"events": [...]}}. */
    public ObjectNode historyJson() {
        ObjectNode json = Json.object();
        ArrayNode events = json.putArray("events");
        for (HistoryEvent event : history) {
            events.add(event.toJson());
        }
        return json;
    }
}
