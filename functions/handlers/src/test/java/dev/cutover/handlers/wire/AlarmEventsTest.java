package dev.cutover.handlers.wire;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.AlarmStateChange;
import dev.cutover.core.workflow.AlarmTrigger;
import dev.cutover.core.workflow.RollbackOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlarmEventsTest {

    static final String REASON =
            "Threshold Crossed: 1 out of the last 1 datapoints [4.2] was greater than the " + "threshold (1.0).";

    @Test
    void readsTheEventBridgeEvent() {
        Map<String, Object> event = Map.of(
                "detail-type",
                "CloudWatch Alarm State Change",
                "source",
                "aws.cloudwatch",
                "detail",
                Map.of(
                        "alarmName",
                        "orders-5xx",
                        "state",
                        Map.of("value", "ALARM", "reason", REASON),
                        "previousState",
                        Map.of("value", "OK")));

        assertThat(AlarmEvents.read(event))
                .isEqualTo(new AlarmStateChange("orders-5xx", "ALARM", Optional.of("OK"), REASON));
        assertThatThrownBy(() -> AlarmEvents.read(Map.of("detail", Map.of("state", Map.of()))))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("detail.alarmName: missing")
                .hasMessageContaining("detail.state.value: missing");
    }

    @Test
    void aRollbackIsReportedWithItsOutcome() {
        RollbackOutcome outcome = new RollbackOutcome(
                Optional.of("d-ABCDEF123"),
                Optional.of("orders"),
                "alarm orders-5xx in ALARM",
                Optional.of(Weights.ALL_BLUE),
                Status.ROLLED_BACK,
                "reported BeforeAllowTraffic Failed",
                false);

        Map<String, Object> rolledBack = AlarmEvents.toMap(new AlarmTrigger.Result(
                true, "orders-5xx", "rolled back deployment d-ABCDEF123 of orders", Optional.of(outcome)));
        Map<String, Object> ignored = AlarmEvents.toMap(
                new AlarmTrigger.Result(false, "orders-5xx", "state OK is not ALARM", Optional.empty()));

        assertThat(rolledBack)
                .containsEntry("action", "ROLLED_BACK")
                .containsEntry("alarm", "orders-5xx")
                .containsEntry("rollback", OutcomeJson.toMap(outcome));
        assertThat(ignored)
                .containsEntry("action", "IGNORED")
                .containsEntry("detail", "state OK is not ALARM")
                .doesNotContainKey("rollback");
    }
}
