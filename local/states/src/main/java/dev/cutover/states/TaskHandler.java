package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Java code standing in for a Task state's resource (a Lambda function, a service integration).
 *
 * <p>It receives the task's effective input (after InputPath and Parameters) and returns the task's result
 * (before ResultSelector and ResultPath). It must not modify {@code input}. To fail with a chosen error name,
 * throw {@link StatesError}; any other exception fails the task with the exception's fully qualified class
 * name as the error and its message as the cause.
 */
@FunctionalInterface
public interface TaskHandler {

    JsonNode invoke(JsonNode input, TaskContext context) throws Exception;
}
