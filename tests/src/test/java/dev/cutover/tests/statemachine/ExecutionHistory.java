package dev.cutover.tests.statemachine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.states.ExecutionResult;
import dev.cutover.states.HistoryEvent;

/**
 * Questions about one finished execution's history, for assertions: which states were entered in which order, what
 * each Lambda task was called with, how often it failed, and how much virtual time Waits and retry back-off took.
 *
 * <p>Lambda events ({@code LambdaFunctionScheduled}, {@code ...Failed}) do not name their state, so each is
 * attributed to the Task state entered last. That is exact on the engine's virtual clock, where Map iterations run
 * one after another; it is not meant for histories of concurrent branches.
 */
record ExecutionHistory(ExecutionResult result) {

    /** A Lambda event with the Task state it belongs to. */
    record TaskEvent(String state, HistoryEvent event) {}

    List<HistoryEvent> events() {
        return result.history();
    }

    /** The names of the states entered, in order: one per {@code *StateEntered} event, Map iterations included. */
    List<String> entered() {
        return events().stream()
                .filter(e -> e.type().endsWith("StateEntered"))
                .map(HistoryEvent::stateName)
                .toList();
    }

    /** How many times {@code state} was entered. */
    long timesEntered(String state) {
        return entered().stream().filter(state::equals).count();
    }

    /** Events of the given type, in order. */
    List<HistoryEvent> ofType(String type) {
        return events().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Every Lambda event of the execution, each with the Task state it belongs to. */
    List<TaskEvent> lambdaEvents() {
        List<TaskEvent> found = new ArrayList<>();
        String task = null;
        for (HistoryEvent e : events()) {
            if (e.type().equals("TaskStateEntered")) {
                task = e.stateName();
            } else if (e.type().startsWith("LambdaFunction")) {
                if (task == null) {
                    throw new AssertionError("a Lambda event before any Task state was entered: " + e);
                }
                found.add(new TaskEvent(task, e));
            }
        }
        return found;
    }

    /** The {@code type} Lambda events of {@code state}, e.g. every {@code LambdaFunctionFailed} of ShiftTraffic. */
    List<HistoryEvent> lambdaEvents(String state, String type) {
        return lambdaEvents().stream()
                .filter(t -> t.state().equals(state) && t.event().type().equals(type))
                .map(TaskEvent::event)
                .toList();
    }

    /** What each invocation of {@code state}'s function received (the effective input, after Parameters). */
    List<JsonNode> invocationInputs(String state) {
        return lambdaEvents(state, "LambdaFunctionScheduled").stream()
                .map(HistoryEvent::payload)
                .toList();
    }

    /** The input of each entry into {@code state} (before InputPath and Parameters). */
    List<JsonNode> stateInputs(String state) {
        return events().stream()
                .filter(e -> e.type().endsWith("StateEntered") && state.equals(e.stateName()))
                .map(HistoryEvent::payload)
                .toList();
    }

    /**
     * How long each entry into the Wait state {@code state} lasted on the execution's clock: from its
     * {@code WaitStateEntered} to the matching {@code WaitStateExited}.
     */
    List<Duration> waits(String state) {
        List<Duration> waits = new ArrayList<>();
        HistoryEvent entered = null;
        for (HistoryEvent e : events()) {
            if (!state.equals(e.stateName())) {
                continue;
            }
            if (e.type().equals("WaitStateEntered")) {
                entered = e;
            } else if (e.type().equals("WaitStateExited")) {
                if (entered == null) {
                    throw new AssertionError("WaitStateExited without WaitStateEntered for " + state);
                }
                waits.add(Duration.between(entered.timestamp(), e.timestamp()));
                entered = null;
            }
        }
        return waits;
    }

    /**
     * The back-off before each retry of {@code state}: from a {@code LambdaFunctionFailed} to the next
     * {@code LambdaFunctionScheduled} of the same entry into the state.
     */
    List<Duration> retryDelays(String state) {
        List<Duration> delays = new ArrayList<>();
        HistoryEvent failed = null;
        for (TaskEvent t : lambdaEvents()) {
            if (!t.state().equals(state)) {
                failed = null;
                continue;
            }
            switch (t.event().type()) {
                case "LambdaFunctionFailed" -> failed = t.event();
                case "LambdaFunctionScheduled" -> {
                    if (failed != null) {
                        delays.add(
                                Duration.between(failed.timestamp(), t.event().timestamp()));
                    }
                    failed = null;
                }
                default -> {
                    // Started and Succeeded leave the pending failure as it is
                }
            }
        }
        return delays;
    }

    /**
     * The state transitions Step Functions would bill: every state entered, plus one per retry attempt (each
     * invocation of a Task's function beyond the first per entry).
     */
    int billedTransitions() {
        // AwaitApproval is a service integration (lambda:invoke.waitForTaskToken): TaskScheduled, not Lambda*
        long invocations = lambdaEvents().stream()
                        .filter(t -> t.event().type().equals("LambdaFunctionScheduled"))
                        .count()
                + ofType("TaskScheduled").size();
        long taskEntries = ofType("TaskStateEntered").size();
        return Math.toIntExact(entered().size() + invocations - taskEntries);
    }

    /** The history, one event a line, for assertion messages. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (HistoryEvent e : events()) {
            text.append(e.id()).append(' ').append(e.timestamp()).append(' ').append(e.type());
            if (e.stateName() != null) {
                text.append(' ').append(e.stateName());
            }
            if (e.error() != null) {
                text.append(" error=").append(e.error());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
