package dev.cutover.handlers.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * The workflow's {@code JudgeHealth} task. Judges green after the bake: alarms and metric gates comparing green
 * with blue. Payload: {@code {"deployment", "stage", "weights"}}; result: the verdict with its numbers for {@code
 * $.verdict}. Throws {@link dev.cutover.core.error.HealthGateFailedException} when unhealthy or inconclusive.
 */
public final class JudgeHealthHandler extends WorkflowTaskHandler {

    public JudgeHealthHandler() {
        super("JudgeHealth");
    }

    public JudgeHealthHandler(WorkflowDependencies dependencies) {
        super("JudgeHealth", dependencies);
    }

    @Override
    protected Map<String, Object> handle(WorkflowRuntime runtime, Map<String, Object> payload, Duration budget) {
        return runtime.tasks().judgeHealth(payload);
    }
}
