package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** What a running {@link TaskHandler} can know and do besides reading its input. */
public interface TaskContext {

    /** The Task state's resource ARN, substitutions applied. */
    String resource();

    /** The Task state's name. */
    String stateName();

    String executionArn();

    String executionName();

    /** How many times this state has been retried so far ({@code $$.State.RetryCount}). */
    int retryCount();

    /** The task token, for {@code .waitForTaskToken} resources. */
    Optional<String> taskToken();

    /** The execution's current time: the real clock, or the virtual clock in virtual-time mode. */
    Instant now();

    /** Time left before the state's TimeoutSeconds (or heartbeat) expires; empty when there is no limit. */
    Optional<Duration> remainingTime();

    /** Reports progress, resetting the HeartbeatSeconds timer. */
    void heartbeat();

    /**
     * Waits on the execution's clock: really sleeps in real-time mode, advances the virtual clock instantly in
     * virtual-time mode (so a handler can simulate slow work). Fails the task with States.Timeout (or
     * States.HeartbeatTimeout) when the wait passes the task's deadline.
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The Context object ({@code $$}) as the state sees it. */
    JsonNode contextObject();
}
