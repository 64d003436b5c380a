package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentNotification;

/** Tells people how a deployment went: an SNS topic on AWS, a log or a list locally. */
public interface Notifier {

    /** A notifier for services whose spec names no topic. */
    Notifier NONE = notification -> {};

    /** @throws DependencyException when the message could not be handed over */
    void publish(DeploymentNotification notification);
}
