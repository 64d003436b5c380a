package dev.cutover.memory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;

/** {@link Notifier} that keeps every notification in memory, in order, and logs its subject. */
public final class InMemoryNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryNotifier.class);

    private final List<DeploymentNotification> published = new CopyOnWriteArrayList<>();
    private final List<String> specTopics = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DeploymentNotification notification) {
        Objects.requireNonNull(notification, "notification");
        published.add(notification);
        LOG.info("notification: {}", notification.subject());
    }

    /** Keeps the notification, and the spec's topic it was also meant for (there is no other topic here). */
    @Override
    public void publish(DeploymentNotification notification, Optional<String> specTopic) {
        publish(notification);
        specTopic.ifPresent(topic -> specTopics.add(topic + ": " + notification.subject()));
    }

    /** Each notification that named its spec's topic, as {@code topic: subject}, oldest first. */
    public List<String> specTopics() {
        return List.copyOf(specTopics);
    }

    /** What was published so far, oldest first. */
    public List<DeploymentNotification> published() {
        return List.copyOf(published);
    }
}
