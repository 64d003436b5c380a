package dev.cutover.core.workflow;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.field.UnsafeText;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;

/**
 * What the workflow's tasks write for people and the ledger: reasons on one line and cut to what a ledger entry
 * holds, and notifications published on a best-effort basis. Shared by every task and the rollback, so they word
 * and bound things alike.
 */
public final class Reporting {

    /** The longest outcome reason the ledger is given. */
    public static final int MAX_REASON_LENGTH = 8_000;

    /** The longest stage verdict the ledger is given. */
    public static final int MAX_VERDICT_LENGTH = 1_000;

    private static final int SHOWN = 60;
    private static final Logger LOG = LoggerFactory.getLogger(Reporting.class);

    private Reporting() {}

    /** A caller's reason on one line and cut to {@link #MAX_REASON_LENGTH}; "no reason given" when blank. */
    public static String reason(String reason) {
        return reason == null || reason.isBlank() ? "no reason given" : cut(oneLine(reason), MAX_REASON_LENGTH);
    }

    /** The text stripped, with every line break (and the space around it) turned into {@code "; "}. */
    public static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** The text itself when it fits in {@code max} characters, else its start and {@code "..."}. */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * A value for a message: in double quotes, escaped (other control, format and separator characters as
     * {@code \\uXXXX}, see {@link UnsafeText}), and shortened when long.
     */
    public static String quote(String text) {
        String shown = text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...(" + text.length() + " chars)";
        return "\""
                + UnsafeText.escape(shown.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                        .replace("\t", "\\t"))
                + "\"";
    }

    /**
     * Publishes a deployment's outcome. A failure is logged, not thrown: the ledger holds the outcome, and a lost
     * message must not turn a finished deployment into a failed task.
     *
     * @return whether the notification went out
     */
    public static boolean publish(Notifier notifier, DeploymentNotification notification) {
        return publish(notifier, notification, Optional.empty());
    }

    /**
     * As {@link #publish(Notifier, DeploymentNotification)}, also to the topic the deployment's spec names.
     *
     * @param specTopic the spec's {@code notifications.topicArn}, if it names one
     */
    public static boolean publish(Notifier notifier, DeploymentNotification notification, Optional<String> specTopic) {
        try {
            notifier.publish(notification, specTopic);
            return true;
        } catch (RuntimeException e) {
            LOG.error("could not publish \"{}\": {}", notification.subject(), e.toString());
            return false;
        }
    }
}
