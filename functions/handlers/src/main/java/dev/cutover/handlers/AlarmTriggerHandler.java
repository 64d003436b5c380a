package dev.cutover.handlers;

import java.time.Duration;
import java.util.Map;

import dev.cutover.handlers.wire.AlarmEvents;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.handlers.workflow.WorkflowRuntime;
import dev.cutover.handlers.workflow.WorkflowTaskHandler;

/**
 * The alarm path: EventBridge delivers {@code CloudWatch Alarm State Change} events for the service's alarms; on
 * ALARM with a deployment of the service in flight, the execution is stopped and the deployment rolled back by the
 * workflow's own rollback code, the alarm as the reason ({@link dev.cutover.core.workflow.AlarmTrigger}). OK and
 * INSUFFICIENT_DATA, unrelated alarms and repeated events change nothing. Result:
 * {@code {"action": "ROLLED_BACK" | "IGNORED", "alarm", "detail", "rollback"?}}. A failure is thrown, so
 * EventBridge's asynchronous invocation retries it and then sends it to the dead-letter queue.
 */
public final class AlarmTriggerHandler extends WorkflowTaskHandler {

    public AlarmTriggerHandler() {
        super("AlarmTrigger");
    }

    public AlarmTriggerHandler(WorkflowDependencies dependencies) {
        super("AlarmTrigger", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> event, Duration budget) {
        return AlarmEvents.handle(runtime.alarmTrigger(), event, budget);
    }
}
