package dev.cutover.handlers;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Per-invocation logging context. Powertools' functional API (no AspectJ) adds the Lambda context fields to the
 * SLF4J MDC; the handlers add the deployment's ids, and the JSON layout in {@code log4j2.xml} writes every MDC
 * entry on every line. Cleared at the end so nothing leaks into the next invocation of a warm container. Public
 * for the workflow task handlers in {@code dev.cutover.handlers.workflow}.
 */
public final class InvocationLogging {

    public static final String DEPLOYMENT_ID = "deploymentId";
    static final String HOOK = "hook";
    static final String EXECUTION_ID = "lifecycleEventHookExecutionId";
    static final String ECS_EXECUTION_ID = "ecsExecutionId";
    static final String LIFECYCLE_STAGE = "lifecycleStage";
    /** The workflow task (ValidateAndLock, ShiftTraffic, ...) or AlarmTrigger. */
    public static final String TASK = "task";

    /** Used when there is no Lambda context to ask (a direct call from a test harness). */
    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(1);

    private InvocationLogging() {}

    public static void start(Context context) {
        MDC.clear();
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
    }

    public static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    public static void end() {
        PowertoolsLogging.clearState(true);
    }

    /** What is left of the invocation, from the Lambda context. */
    public static Duration budget(Context context) {
        return context == null ? DEFAULT_BUDGET : Duration.ofMillis(context.getRemainingTimeInMillis());
    }
}
