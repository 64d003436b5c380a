package dev.cutover.handlers.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow's notifications on AWS: the stack's topic always, the spec's topic too when it names another. */
class SpecTopicNotifierTest {

    static final String STACK = "arn:aws:sns:us-east-1:123456789012:cutover";
    static final String TEAM = "arn:aws:sns:us-east-1:123456789012:orders-team";
    static final DeploymentNotification PROMOTED =
            new DeploymentNotification("orders", "d-1", Status.PROMOTED, 100, "every stage healthy");

    final List<String> published = new ArrayList<>();

    Notifier topic(String arn) {
        return n -> published.add(arn + ": " + n.subject());
    }

    final SpecTopicNotifier notifier = new SpecTopicNotifier(topic(STACK), Optional.of(STACK), this::topic);

    @Test
    void theSpecsTopicHearsToo() {
        notifier.publish(PROMOTED, Optional.of(TEAM));

        assertThat(published).containsExactly(STACK + ": " + PROMOTED.subject(), TEAM + ": " + PROMOTED.subject());
    }

    @Test
    void aSpecNamingTheStacksTopicOrNoneIsToldOnce() {
        notifier.publish(PROMOTED, Optional.of(STACK));
        notifier.publish(PROMOTED, Optional.empty());
        notifier.publish(PROMOTED);

        assertThat(published).containsOnly(STACK + ": " + PROMOTED.subject()).hasSize(3);
    }

    @Test
    void aSpecTopicThatRefusesIsLoggedAndTheStacksFailureStillSurfaces() {
        SpecTopicNotifier refusing = new SpecTopicNotifier(topic(STACK), Optional.of(STACK), arn -> n -> {
            throw new DependencyException("SNS Publish to " + arn + ": AuthorizationError");
        });
        refusing.publish(PROMOTED, Optional.of(TEAM));
        assertThat(published).containsExactly(STACK + ": " + PROMOTED.subject());

        SpecTopicNotifier stackDown = new SpecTopicNotifier(
                n -> {
                    throw new DependencyException("SNS down");
                },
                Optional.of(STACK),
                this::topic);
        assertThatThrownBy(() -> stackDown.publish(PROMOTED, Optional.of(TEAM))).hasMessageContaining("SNS down");
        assertThat(published).endsWith(TEAM + ": " + PROMOTED.subject());
    }
}
