package dev.cutover.core.hook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookStatus;

/**
 * What a hook's checks concluded.
 *
 * @param hook      the lifecycle hook judged
 * @param status    {@link HookStatus#SUCCEEDED} only when there was at least one check and every check passed
 * @param results   every check result, in the order the checks ran
 * @param reason    one line: the failed checks' details, or "all N checks passed"
 * @param notYetMet names of failed checks whose condition had not come true yet but may if asked again later
 *                  (green's healthy targets still below the count, with wait time left)
 * @param handedOffTo what answers for the hook instead of the hook's handler (the staged-shift workflow execution
 *                  BeforeAllowTraffic started); the handler then reports nothing. Only a succeeded verdict is
 *                  handed off
 */
public record HookVerdict(
        LifecycleHook hook,
        HookStatus status,
        List<CheckResult> results,
        String reason,
        Set<String> notYetMet,
        Optional<String> handedOffTo) {

    public HookVerdict {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(status, "status");
        // one line in logs and responses, whatever a check's detail contained
        reason = Objects.requireNonNull(reason, "reason").strip().replaceAll("\\s*\\R\\s*", "; ");
        results = List.copyOf(results);
        notYetMet = Set.copyOf(notYetMet);
        if (status == HookStatus.SUCCEEDED
                && (results.isEmpty() || !results.stream().allMatch(CheckResult::passed))) {
            throw new IllegalArgumentException(
                    "a hook succeeds only when at least one check ran and all passed: " + results);
        }
        Objects.requireNonNull(handedOffTo, "handedOffTo");
        if (handedOffTo.isPresent() && status != HookStatus.SUCCEEDED) {
            throw new IllegalArgumentException("only a succeeded verdict is handed off; a failed one is reported");
        }
    }

    /** A verdict the hook's handler reports itself. */
    public HookVerdict(
            LifecycleHook hook, HookStatus status, List<CheckResult> results, String reason, Set<String> notYetMet) {
        this(hook, status, results, reason, notYetMet, Optional.empty());
    }

    /**
     * This succeeded verdict, answered for by {@code to} instead of the handler.
     *
     * @throws IllegalArgumentException when the verdict is not succeeded
     */
    public HookVerdict handedOff(String to) {
        return new HookVerdict(
                hook,
                status,
                results,
                reason + "; handed off to " + to + ", which reports the hook",
                notYetMet,
                Optional.of(to));
    }

    /** Judges a hook by its results. */
    public static HookVerdict of(LifecycleHook hook, List<CheckResult> results, Set<String> notYetMet) {
        List<CheckResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (results.isEmpty()) {
            return new HookVerdict(hook, HookStatus.FAILED, results, "no checks ran", notYetMet);
        }
        if (failed.isEmpty()) {
            String all = results.size() == 1 ? "all 1 check passed" : "all " + results.size() + " checks passed";
            return new HookVerdict(hook, HookStatus.SUCCEEDED, results, all, Set.of());
        }
        return new HookVerdict(hook, HookStatus.FAILED, results, describe(failed), notYetMet);
    }

    /** A failure decided outside the checks themselves (an invalid spec, the time budget, a bad event). */
    public static HookVerdict failed(LifecycleHook hook, List<CheckResult> results, String reason) {
        return new HookVerdict(hook, HookStatus.FAILED, results, reason, Set.of());
    }

    public boolean succeeded() {
        return status == HookStatus.SUCCEEDED;
    }

    /** True when the hook failed and every failed check is one that may still pass if asked again later. */
    public boolean failedOnlyOnNotYetMet() {
        List<CheckResult> failed = results.stream().filter(r -> !r.passed()).toList();
        return status == HookStatus.FAILED
                && !failed.isEmpty()
                && failed.stream().allMatch(r -> notYetMet.contains(r.name()));
    }

    private static String describe(List<CheckResult> failed) {
        return failed.stream().map(r -> r.name() + ": " + r.detail()).collect(Collectors.joining("; "));
    }
}
