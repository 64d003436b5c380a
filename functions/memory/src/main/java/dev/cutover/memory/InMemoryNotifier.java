package dev.cutover.memory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;

/** {@link Notifier} that keeps every notification in memory, in order, and logs its subject. */
public final class InMemoryNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryNotifier.class);

    private final List<DeploymentNotification> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DeploymentNotification notification) {
        Objects.requireNonNull(notification, "notification");
        published.add(notification);
        LOG.info("notification: {}", notification.subject());
    }

    /** What was published so far, oldest first. */
    public List<DeploymentNotification> published() {
        return List.copyOf(published);
    }
}
