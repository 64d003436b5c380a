package dev.cutover.core.workflow;

import java.util.Objects;
import java.util.Optional;

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
}
