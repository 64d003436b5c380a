package dev.cutover.core.hook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.spec.CutoverSpec;

/**
 * What BeforeAllowTraffic does once its own checks (data sync) have all passed. This is where staged shifting
 * plugs in: {@code dev.cutover.core.workflow.WorkflowStarter} starts the Step Functions workflow that walks the stages,
 * and the hook is then handed off: the workflow reports it when it ends, so the hook must not report now.
 *
 * <p>The CodeDeploy hook execution is passed when there is one; the ECS lifecycle hook path passes none, and an
 * extension must then not hand off (ECS waits for the handler's own answer).
 */
@FunctionalInterface
public interface BeforeAllowTrafficExtension {

    /** Adds nothing. */
    BeforeAllowTrafficExtension NONE = (spec, execution, deadline) -> Outcome.nothing();

    /**
     * Called only when every earlier BeforeAllowTraffic check passed.
     *
     * @param execution the CodeDeploy hook execution being handled; empty for an ECS lifecycle hook
     * @return results to add to the hook's verdict, and whether the hook was handed off
     */
    Outcome afterChecksPassed(CutoverSpec spec, Optional<HookExecution> execution, Deadline deadline);

    /**
     * As {@link #afterChecksPassed(CutoverSpec, Optional, Deadline)}, recording a hand-off through {@code handOff}
     * before it is made, so the hook's waiter, running out of time meanwhile, either leaves the hook to it or
     * refuses it first. An extension that hands off overrides this one.
     */
    default Outcome afterChecksPassed(
            CutoverSpec spec, Optional<HookExecution> execution, Deadline deadline, HandOff handOff) {
        return afterChecksPassed(spec, execution, deadline);
    }

    /** Where a hand-off is recorded before it is made ({@code HookProgress}). */
    interface HandOff {
        /** Recorded before nobody's answer is at stake. */
        HandOff UNRECORDED = new HandOff() {
            @Override
            public boolean claim(String to) {
                return true;
            }

            @Override
            public void withdraw() {}
        };

        /** @return false when the hook's waiter already gave up and reports the hook: do not hand off */
        boolean claim(String to);

        /** The hand-off claimed could not be made: the hook is reported as usual. */
        void withdraw();
    }

    /**
     * Called before any check: a hook already handed off (a second delivery of the event while the workflow runs)
     * must not run its checks again, since a different answer now would contradict the workflow. Must not throw;
     * when it cannot tell, it returns empty and the checks run.
     *
     * @return a handed-off outcome when the hook is already in the workflow's hands
     */
    default Optional<Outcome> alreadyHandedOff(CutoverSpec spec, Optional<HookExecution> execution) {
        return Optional.empty();
    }

    /**
     * @param results     added to the hook's verdict
     * @param handedOffTo what now answers for the hook (the workflow execution's ARN); empty when the hook reports
     *                    its own verdict as usual
     */
    record Outcome(List<CheckResult> results, Optional<String> handedOffTo) {

        public Outcome {
            results = List.copyOf(results);
            Objects.requireNonNull(handedOffTo, "handedOffTo");
            if (handedOffTo.isPresent()
                    && (results.isEmpty() || !results.stream().allMatch(CheckResult::passed))) {
                throw new IllegalArgumentException("a hand-off says what it did in passing results: " + results);
            }
        }

        public static Outcome nothing() {
            return new Outcome(List.of(), Optional.empty());
        }

        /** Results to add; the hook reports as usual. */
        public static Outcome checks(List<CheckResult> results) {
            return new Outcome(results, Optional.empty());
        }

        /** The hook is now answered for by {@code to}; {@code result} (passed) says what was done. */
        public static Outcome handedOff(CheckResult result, String to) {
            return new Outcome(List.of(result), Optional.of(to));
        }
    }
}
