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
    private boolean gaveUp;

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

    /**
     * The worker is about to start the workflow that will answer for the hook: recorded before the start, so that a
     * waiter that runs out of time meanwhile leaves the hook to the workflow instead of reporting it.
     *
     * @return false when the waiter already gave up (and reports the hook itself): the workflow must not start
     */
    public synchronized boolean handingOff(String to) {
        if (gaveUp) {
            return false;
        }
        handedOffTo = to;
        return true;
    }

    /** The start after {@link #handingOff} failed: the hook is the waiter's to report again. */
    public synchronized void handOffFailed() {
        handedOffTo = null;
    }

    /**
     * The waiter ran out of time and is about to report the hook: from now on no hand-off may begin.
     *
     * @return the hand-off already under way or made, if any: then the waiter must not report
     */
    public synchronized Optional<String> giveUp() {
        gaveUp = true;
        return Optional.ofNullable(handedOffTo);
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
