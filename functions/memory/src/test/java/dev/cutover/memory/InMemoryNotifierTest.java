package dev.cutover.memory;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryNotifierTest {

    @Test
    void keepsNotificationsInOrder() {
        InMemoryNotifier notifier = new InMemoryNotifier();
        DeploymentNotification first = new DeploymentNotification("orders", "d-AAA", Status.ROLLED_BACK, 25, "alarm");
        DeploymentNotification second = new DeploymentNotification("orders", "d-BBB", Status.PROMOTED, 100, "");

        notifier.publish(first);
        notifier.publish(second);

        assertThat(notifier.published()).containsExactly(first, second);
    }
}
