package dev.cutover.core.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What ValidateAndLock learns about its execution from the Context object (the state passes
 * {@code {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "startTime.$": "$$.Execution.StartTime"}}).
 *
 * @param id        the execution's ARN
 * @param name      the execution's name: the default deployment id
 * @param startTime when the execution started, if passed
 */
public record ExecutionInfo(String id, String name, Optional<Instant> startTime) {

    public ExecutionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startTime, "startTime");
    }
}
