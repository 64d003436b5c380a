package dev.cutover.core.port.model;

import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.DeploymentRecord.Status;

/**
 * What people are told when a deployment ends (or starts): one line for an e-mail subject or a chat title, a
 * few lines of detail.
 *
 * @param service       the service deployed
 * @param deploymentId  the deployment
 * @param outcome       how it ended ({@link Status#IN_PROGRESS} announces a start)
 * @param stageReached  the last share of traffic green reached, 0-100, or {@link #NO_STAGE} when none
 * @param reason        why, in words; may be empty, never null
 * @param event         for a deployment in progress, what happened instead of "started", e.g. "awaits approval"
 */
public record DeploymentNotification(
        String service, String deploymentId, Status outcome, int stageReached, String reason, Optional<String> event) {

    public DeploymentNotification(
            String service, String deploymentId, Status outcome, int stageReached, String reason) {
        this(service, deploymentId, outcome, stageReached, reason, Optional.empty());
    }

    /** {@link #stageReached()} when no traffic was shifted. */
    public static final int NO_STAGE = -1;

    /** SNS rejects a longer subject. */
    public static final int MAX_SUBJECT_LENGTH = 100;

    /** Far below SNS's 256 KB message limit; a longer reason is cut, the ledger keeps the whole. */
    public static final int MAX_REASON_LENGTH = 8_000;

    public DeploymentNotification {
        LockLease.requireText(service, "service");
        LockLease.requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(outcome, "outcome");
        if (stageReached < NO_STAGE || stageReached > 100) {
            throw new IllegalArgumentException(
                    "stageReached must be a percent 0-100 or -1 (no stage), was " + stageReached);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(event, "event");
    }

    /**
     * e.g. {@code Cutover: orders d-ABCDEF123 rolled back at 25%}. At most {@value #MAX_SUBJECT_LENGTH}
     * characters of printable ASCII (SNS subjects allow nothing else): other characters become {@code ?}, and a
     * subject too long is cut and ends in {@code ...}.
     */
    public String subject() {
        String at = outcome == Status.IN_PROGRESS || stageReached == NO_STAGE ? "" : " at " + stageReached + "%";
        String verb = outcome == Status.IN_PROGRESS ? event.orElse("started") : outcome.words();
        String subject = printableAscii("Cutover: " + service + " " + deploymentId + " " + verb + at);
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            subject = subject.substring(0, MAX_SUBJECT_LENGTH - 3) + "...";
        }
        return subject;
    }

    /** The details, one fact per line, for people reading an e-mail or a chat message. */
    public String message() {
        String shortReason = reason.length() > MAX_REASON_LENGTH
                ? reason.substring(0, MAX_REASON_LENGTH) + " ... (" + (reason.length() - MAX_REASON_LENGTH)
                        + " more characters in the ledger)"
                : reason;
        StringBuilder text = new StringBuilder()
                .append("Service:       ")
                .append(service)
                .append('\n')
                .append("Deployment:    ")
                .append(deploymentId)
                .append('\n')
                .append("Outcome:       ")
                .append(outcome.words())
                .append('\n')
                .append("Stage reached: ")
                .append(
                        stageReached == NO_STAGE
                                ? "none (no traffic was shifted to green)"
                                : stageReached + "% of traffic on green")
                .append('\n');
        if (!shortReason.isBlank()) {
            text.append("Reason:        ").append(shortReason.strip()).append('\n');
        }
        return text.toString();
    }

    private static String printableAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
