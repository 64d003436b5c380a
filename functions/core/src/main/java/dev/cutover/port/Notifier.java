package dev.cutover.port;

import dev.cutover.deploy.DeploymentNotification;

/** Tells people how a deployment went: an SNS topic on AWS, a log or a list locally. */
public interface Notifier {

    /** A notifier for services whose spec names no topic. */
    Notifier NONE = notification -> { };

    /** @throws DependencyException when the message could not be handed over */
    void publish(DeploymentNotification notification);
}
