package dev.cutover.core.hook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

/**
 * What one handling of a CodeDeploy lifecycle hook came to: the verdict and what became of reporting it.
 *
 * @param hook        the hook handled
 * @param execution   the ids the status was reported for
 * @param verdict     what the checks concluded
 * @param delivery    what happened to the status report
 * @param reportError why the report failed, when {@link Delivery#REPORT_FAILED}
 * @param elapsed     from the start of handling to the end of the report
 */
public record HookReport(
        LifecycleHook hook,
        HookExecution execution,
        HookVerdict verdict,
        Delivery delivery,
        Optional<DependencyException> reportError,
        Duration elapsed) {

    /** What became of the one status report. */
    public enum Delivery {
        /** CodeDeploy has the status. */
        REPORTED,
        /** CodeDeploy already had a status for this execution: a duplicate delivery of the event, not an error. */
        ALREADY_COMPLETED,
        /** The status could not be reported; CodeDeploy still waits. */
        REPORT_FAILED,
        /**
         * Nothing was reported: the hook was handed off to the staged-shift workflow, which reports it when it ends
         * ({@link HookVerdict#handedOffTo()}).
         */
        HANDED_OFF
    }

    public HookReport {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(reportError, "reportError");
        Objects.requireNonNull(elapsed, "elapsed");
        if ((delivery == Delivery.REPORT_FAILED) != reportError.isPresent()) {
            throw new IllegalArgumentException("reportError is present exactly when delivery is REPORT_FAILED");
        }
        if ((delivery == Delivery.HANDED_OFF) != verdict.handedOffTo().isPresent()) {
            throw new IllegalArgumentException("delivery is HANDED_OFF exactly when the verdict was handed off");
        }
    }

    public HookStatus status() {
        return verdict.status();
    }

    public boolean reportFailed() {
        return delivery == Delivery.REPORT_FAILED;
    }

    /** One line for logs and for the handler's response. */
    public String summary() {
        String status = verdict.status().wireValue();
        return switch (delivery) {
            case REPORTED -> status + " reported: " + verdict.reason();
            case ALREADY_COMPLETED ->
                status + " not recorded, CodeDeploy already had a status for this hook "
                        + "execution (a duplicate delivery): " + verdict.reason();
            case REPORT_FAILED ->
                status + " but the report failed: " + reportError.get().getMessage() + "; verdict: " + verdict.reason();
            case HANDED_OFF -> "not reported here: " + verdict.reason();
        };
    }
}
