package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

/** CodeDeploy's PutLifecycleEventHookExecutionStatus, or the local lifecycle driver's equivalent. */
public interface HookStatusReporter {

    /**
     * Reports a hook's status. Implementations retry throttling and server errors themselves.
     *
     * @return {@link Outcome#ALREADY_COMPLETED} when CodeDeploy had already been told (a second delivery)
     * @throws DependencyException when the status could not be reported after retries
     */
    Outcome report(HookExecution execution, HookStatus status);

    enum Outcome {
        REPORTED,
        ALREADY_COMPLETED
    }
}
