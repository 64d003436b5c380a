package dev.cutover.states;

import java.util.Optional;

/**
 * Maps a Task state's resource ARN (after {@code ${...}} substitutions) to the handler that runs it.
 *
 * @see TaskResolvers for a ready-made resolver with exact ARNs and Lambda functions
 */
@FunctionalInterface
public interface TaskResolver {

    /** The handler for this resource, or empty when none is configured (the task then fails). */
    Optional<TaskHandler> resolve(String resource);

    /** A resolver that knows no resource. */
    static TaskResolver none() {
        return resource -> Optional.empty();
    }
}
