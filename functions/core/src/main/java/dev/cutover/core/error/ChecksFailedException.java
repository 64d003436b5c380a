package dev.cutover.core.error;

import java.util.List;
import java.util.stream.Collectors;

import dev.cutover.core.port.model.CheckResult;

/**
 * The pre- or post-traffic checks of a standalone execution failed: a smoke test, or an alarm in ALARM or missing.
 * The message names every failed check with its detail. Step Functions sees this class's fully qualified name as
 * the error and rolls back.
 */
public final class ChecksFailedException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String phase;
    private final transient List<CheckResult> results;

    /**
     * @param phase   "pre-traffic" or "post-traffic"
     * @param results every result of the phase, passed ones included
     */
    public ChecksFailedException(String phase, List<CheckResult> results) {
        super(describe(phase, results));
        this.phase = phase;
        this.results = List.copyOf(results);
    }

    public String phase() {
        return phase;
    }

    /** Every result of the phase, in the order the checks ran. */
    public List<CheckResult> results() {
        return results;
    }

    /** The failed results only. */
    public List<CheckResult> failed() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    private static String describe(String phase, List<CheckResult> results) {
        List<CheckResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (failed.isEmpty()) {
            return phase + " checks failed: no check ran";
        }
        return phase + " checks failed (" + failed.size() + " of " + results.size() + "): "
                + failed.stream()
                        .map(r -> r.name() + ": " + oneLine(r.detail()))
                        .collect(Collectors.joining("; "));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
