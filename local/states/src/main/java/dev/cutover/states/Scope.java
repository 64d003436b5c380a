package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thread of control in an execution: the top level, a Parallel branch or a Map iteration. It has its own
 * clock (a fork of the virtual clock in virtual time) and its own chain of history events.
 */
final class Scope {

    final Run run;
    final TimeSource clock;
    final Group group;
    long lastEventId;
    /**
     * The variables (Assign) this scope sees: a Parallel branch or Map iteration starts with a copy of its
     * parent's, so it reads the outer variables and its own assignments stay inside it. AWS: "Passing data
     * between states with variables" (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
     */
    private Map<String, JsonNode> variables;
    /** Whether {@link #variables} is this scope's own copy (copied on the first assignment, not per branch). */
    private boolean ownVariables;
    /** The JSON size of each variable set in this scope, for the execution-wide limit. */
    private Map<String, Integer> sizes;
    /** The size of the variables this scope sees from its parents (their own sizes, when it was created). */
    private final long inheritedBytes;

    private long ownBytes;

    Scope(Run run, TimeSource clock, Group group, long lastEventId, Map<String, JsonNode> parentVariables) {
        this(run, clock, group, lastEventId, parentVariables, 0);
    }

    /** A Parallel branch's or Map iteration's scope: it sees {@code parent}'s variables. */
    static Scope child(Run run, TimeSource clock, Group group, long lastEventId, Scope parent) {
        return new Scope(run, clock, group, lastEventId, parent.variables, parent.variableBytes());
    }

    private Scope(
            Run run,
            TimeSource clock,
            Group group,
            long lastEventId,
            Map<String, JsonNode> parentVariables,
            long inheritedBytes) {
        this.run = run;
        this.clock = clock;
        this.group = group;
        this.lastEventId = lastEventId;
        this.variables = parentVariables;
        this.inheritedBytes = inheritedBytes;
    }

    /** The JSON size of the variables this scope sees (approximate where a branch reassigns an outer name). */
    long variableBytes() {
        return inheritedBytes + ownBytes;
    }

    /** The variables this scope sees; read only. */
    Map<String, JsonNode> variables() {
        return variables;
    }

    /** Sets variables in this scope only (a branch's assignments never reach its parent). */
    void assign(Map<String, JsonNode> values) {
        if (!ownVariables) {
            variables = new HashMap<>(variables);
            sizes = new HashMap<>();
            ownVariables = true;
        }
        variables.putAll(values);
    }

    /**
     * Sets variables whose JSON sizes are known; returns the size of all the variables this scope then sees.
     */
    long assign(Map<String, JsonNode> values, Map<String, Integer> valueSizes) {
        assign(values);
        for (Map.Entry<String, Integer> e : valueSizes.entrySet()) {
            Integer previous = sizes.put(e.getKey(), e.getValue());
            ownBytes += e.getValue() - (previous == null ? 0 : previous);
        }
        return variableBytes();
    }

    long emit(String type, ObjectNode fields) {
        return emit(type, fields, null, null);
    }

    long emit(String type, ObjectNode fields, String payloadField, JsonNode payload) {
        long id = run.history.add(type, lastEventId, clock.now(), fields, payloadField, payload);
        if (id == History.FULL) {
            // not a state's error: no Retry or Catch applies, the execution fails
            run.historyFull();
            throw ExecutionTerminated.INSTANCE;
        }
        lastEventId = id;
        return id;
    }

    /** Throws when the execution was stopped or timed out, or a sibling branch failed. */
    void checkAlive() {
        run.checkAlive();
        for (Group g = group; g != null; g = g.parent) {
            if (g.cancelled) {
                throw BranchCancelled.INSTANCE;
            }
        }
    }

    /** Waits for {@code duration} on this scope's clock (instantly in virtual time). */
    void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            checkAlive();
            return;
        }
        sleepUntil(clock.now().plus(duration));
    }

    /**
     * Waits until {@code target} on this scope's clock. The machine's TimeoutSeconds cuts the wait short
     * (the execution then times out); so do StopExecution and a failing sibling branch.
     */
    void sleepUntil(Instant target) {
        checkAlive();
        Instant deadline = run.deadline;
        if (clock instanceof TimeSource.Virtual virtual) {
            if (deadline != null && target.isAfter(deadline)) {
                virtual.advanceTo(deadline);
                run.timeOut();
                throw ExecutionTerminated.INSTANCE;
            }
            virtual.advanceTo(target);
            return;
        }
        run.awaitUntil(target, this);
    }
}
