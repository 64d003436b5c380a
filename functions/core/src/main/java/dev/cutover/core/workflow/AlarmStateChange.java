package dev.cutover.core.workflow;

import dev.cutover.core.error.InvalidWorkflowInputException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of an EventBridge {@code CloudWatch Alarm State Change} event the alarm path reads:
 * {@code detail.alarmName}, {@code detail.state.value} and {@code .reason}, {@code detail.previousState.value}.
 *
 * @param alarmName     the alarm
 * @param state         its new state: OK, ALARM or INSUFFICIENT_DATA
 * @param previousState the state it left, when the event says
 * @param reason        CloudWatch's words for the change (may be empty)
 */
public record AlarmStateChange(String alarmName, String state, Optional<String> previousState, String reason) {

    public static final String DETAIL_TYPE = "CloudWatch Alarm State Change";
    public static final String ALARM = "ALARM";

    public AlarmStateChange {
        Objects.requireNonNull(alarmName, "alarmName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean isAlarm() {
        return ALARM.equals(state);
    }

    /**
     * Reads the event as the Lambda runtime hands it over.
     *
     * @throws InvalidWorkflowInputException naming each missing or malformed field
     */
    public static AlarmStateChange fromEvent(Map<String, ?> event) {
        Payload p = new Payload(DETAIL_TYPE + " event");
        JsonNode root = Payload.tree(event);
        Optional<JsonNode> detail = p.requireObject(root, "", "an EventBridge event")
                ? p.object(root, "", "detail", true, "{alarmName, state, previousState, ...}") : Optional.empty();
        Optional<String> name = detail.flatMap(d -> p.text(d, "detail", "alarmName", true, "the alarm's name"));
        Optional<JsonNode> state = detail.flatMap(d -> p.object(d, "detail", "state", true, "{value, reason}"));
        Optional<String> value = state.flatMap(s -> p.text(s, "detail.state", "value", true,
                "OK, ALARM or INSUFFICIENT_DATA"));
        Optional<String> previous = detail.map(d -> d.path("previousState").path("value"))
                .filter(JsonNode::isTextual).map(JsonNode::asText);
        String reason = state.map(s -> s.path("reason").asText("")).orElse("");
        p.throwIfAny();
        return new AlarmStateChange(name.get(), value.get(), previous, reason);
    }
}
