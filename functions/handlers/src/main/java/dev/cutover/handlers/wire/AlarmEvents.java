package dev.cutover.handlers.wire;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.workflow.AlarmStateChange;
import dev.cutover.core.workflow.AlarmTrigger;

/**
 * The alarm path's wire format: the EventBridge {@code CloudWatch Alarm State Change} event in, and
 * {@code {"action": "ROLLED_BACK" | "IGNORED", "alarm", "detail", "rollback"?}} out.
 */
public final class AlarmEvents {

    private AlarmEvents() {
    }

    /** The alarm path for an event as the Lambda runtime hands it over. */
    public static Map<String, Object> handle(AlarmTrigger trigger, Map<String, ?> event, Duration budget) {
        return toMap(trigger.onStateChange(read(event), budget));
    }

    /**
     * Reads the event's {@code detail.alarmName}, {@code detail.state.value} and {@code .reason}, and
     * {@code detail.previousState.value}.
     *
     * @throws InvalidWorkflowInputException naming each missing or malformed field
     */
    public static AlarmStateChange read(Map<String, ?> event) {
        Payload p = new Payload(AlarmStateChange.DETAIL_TYPE + " event");
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

    public static Map<String, Object> toMap(AlarmTrigger.Result result) {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("action", result.rolledBack() ? "ROLLED_BACK" : "IGNORED");
        node.put("alarm", result.alarmName());
        node.put("detail", result.detail());
        result.rollback().ifPresent(r -> node.set("rollback", Payload.JSON.valueToTree(OutcomeJson.toMap(r))));
        return Payload.toMap(node);
    }
}
