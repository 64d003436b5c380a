package dev.cutover.handlers.wire;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.workflow.AlarmStateChange;
import dev.cutover.core.workflow.AlarmTrigger;

/**
 * The alarm path's wire format: the EventBridge {@code CloudWatch Alarm State Change} event in, and
 * {@code {"action": "ROLLED_BACK" | "IGNORED", "alarm", "detail", "rollback"?}} out.
 */
public final class AlarmEvents {

    /**
     * CloudWatch's alarm states, as {@code StateValue} in the CloudWatch API Reference (MetricAlarm) lists them, and
     * the {@code source} its EventBridge events carry ("Alarm events and EventBridge", CloudWatch User Guide).
     */
    static final List<String> STATES = List.of("OK", "ALARM", "INSUFFICIENT_DATA");

    static final String SOURCE = "aws.cloudwatch";

    private AlarmEvents() {}

    /**
     * An event the rule did not match (another source or detail-type, delivered by hand or by a wider rule) is
     * refused naming the field; an event without the field is read as the alarm event it is passed as.
     */
    private static void sentBy(FieldReader event, String field, String expected) {
        JsonNode value = event.raw(field);
        if (value != null
                && !value.isNull()
                && !(value.isTextual() && value.textValue().equals(expected))) {
            event.problem(
                    field,
                    "must be " + PayloadDialect.quote(expected) + " (a CloudWatch alarm state change), found " + value);
        }
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
        Problems problems = PayloadDialect.problems();
        JsonNode root = JsonMaps.tree(event);
        FieldReader reader = PayloadDialect.reader(root, "", problems, "an EventBridge event");
        FieldReader detail = reader == null
                ? null
                : reader.expecting("{alarmName, state, previousState, ...}").object("detail", true);
        String name = detail == null ? null : PayloadFields.text(detail, "alarmName", true, "the alarm's name");
        FieldReader state =
                detail == null ? null : detail.expecting("{value, reason}").object("state", true);
        String value =
                state == null ? null : PayloadFields.text(state, "value", true, "OK, ALARM or INSUFFICIENT_DATA");
        if (value != null && !STATES.contains(value)) {
            // a state CloudWatch does not have (a typo, "alarm") would otherwise be ignored as "not ALARM"
            state.problem("value", PayloadDialect.quote(value) + " is not one of " + String.join(", ", STATES));
        }
        if (reader != null) {
            sentBy(reader, "source", SOURCE);
            sentBy(reader, "detail-type", AlarmStateChange.DETAIL_TYPE);
        }
        PayloadDialect.throwIfAny(problems, AlarmStateChange.DETAIL_TYPE + " event");
        JsonNode previous = root.path("detail").path("previousState").path("value");
        String reason = root.path("detail").path("state").path("reason").asText("");
        return new AlarmStateChange(
                name, value, Optional.of(previous).filter(JsonNode::isTextual).map(JsonNode::asText), reason);
    }

    public static Map<String, Object> toMap(AlarmTrigger.Result result) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("action", result.rolledBack() ? "ROLLED_BACK" : "IGNORED");
        node.put("alarm", result.alarmName());
        node.put("detail", result.detail());
        result.rollback().ifPresent(r -> node.set("rollback", JsonMaps.JSON.valueToTree(OutcomeJson.toMap(r))));
        return JsonMaps.toMap(node);
    }
}
