package dev.cutover.core.hook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.cutover.core.port.model.CheckResult;

/**
 * What a hook's checks have done so far, shared between the worker thread that runs them and the thread that
 * waits for them, so that a run cut short by the time budget can still say what finished and what was running.
 */
public final class HookProgress {

    private final List<CheckResult> results = new ArrayList<>();
    private String current;
    private Instant currentSince;
    private String handedOffTo;

    /** A check (or a step such as loading the spec) starts. */
    public synchronized void started(String check, Instant at) {
        current = check;
        currentSince = at;
    }

    /** A check produced a result; the running step ends when {@link #stepEnded()} is called. */
    public synchronized void finished(CheckResult result) {
        results.add(result);
    }

    public synchronized void stepEnded() {
        current = null;
        currentSince = null;
    }

    public synchronized List<CheckResult> results() {
        return List.copyOf(results);
    }

    /**
     * The hook has been handed off to {@code to} (the workflow execution that now reports it). Recorded as soon as
     * it happens, so that a run cut short by the time budget after the hand-off does not report as well.
     */
    public synchronized void handedOff(String to) {
        handedOffTo = to;
    }

    public synchronized Optional<String> handedOffTo() {
        return Optional.ofNullable(handedOffTo);
    }

    /** The check running now, if any. */
    public synchronized Optional<String> current() {
        return Optional.ofNullable(current);
    }

    /** When the running check started, if one is running. */
    public synchronized Optional<Instant> currentSince() {
        return Optional.ofNullable(currentSince);
    }
}
