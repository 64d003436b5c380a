package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code ShiftTraffic} task. Sets the production listener's weights to the stage's split and reads
 * them back. Payload: {@code {"deployment", "stage"}}; result: {@code {"blue", "green", "shiftedAt"}} for {@code
 * $.weights}. Throws {@link dev.cutover.core.error.TrafficShiftException}.
 */
public final class ShiftTrafficHandler extends WorkflowTaskHandler {

    public ShiftTrafficHandler() {
        super("ShiftTraffic");
    }

    public ShiftTrafficHandler(WorkflowDependencies dependencies) {
        super("ShiftTraffic", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().shiftTraffic(payload);
    }
}
