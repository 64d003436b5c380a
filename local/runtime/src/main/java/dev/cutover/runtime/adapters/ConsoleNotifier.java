package dev.cutover.runtime.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;

/**
 * The local stand-in for the SNS topic: keeps every notification (for the demo's summary) and hands each to a
 * printer as it is published.
 */
public final class ConsoleNotifier implements Notifier {

    private final List<DeploymentNotification> published = new ArrayList<>();
    private final Consumer<DeploymentNotification> printer;

    /** @param printer told of each notification as it is published (e.g. a line on the console) */
    public ConsoleNotifier(Consumer<DeploymentNotification> printer) {
        this.printer = Objects.requireNonNull(printer, "printer");
    }

    @Override
    public void publish(DeploymentNotification notification) {
        synchronized (published) {
            published.add(Objects.requireNonNull(notification, "notification"));
        }
        printer.accept(notification);
    }

    /** Everything published so far, oldest first. */
    public List<DeploymentNotification> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }
}
