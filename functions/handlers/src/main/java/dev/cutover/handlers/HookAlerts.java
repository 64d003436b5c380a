package dev.cutover.handlers;

import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookExecution;

/**
 * Pages someone when a hook fails: CodeDeploy then rolls back on its own, and nobody would know why.
 *
 * <p>The page goes to the ports' notifier with the topic the spec names ({@code notifications.topicArn}): on AWS
 * that is {@code SpecTopicNotifier}, which tells the stack's topic always and the spec's too when it is another. A
 * spec that cannot be read (often the very reason the hook failed) leaves the stack's topic alone. A failed publish
 * is logged and never changes the hook's status: CodeDeploy has already been told.
 */
final class HookAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(HookAlerts.class);

    private final Notifier notifier;
    private final Optional<SpecRepository> specs;
    private final String specReference;
    private final String service;

    /**
     * @param notifier      who is paged, given the spec's topic
     * @param specs         where the spec's topic and service name are read from, when the hook could be wired
     * @param specReference the spec the hooks load
     * @param service       the service name when the spec cannot be read
     */
    HookAlerts(Notifier notifier, Optional<SpecRepository> specs, String specReference, String service) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.specs = Objects.requireNonNull(specs, "specs");
        this.specReference = Objects.requireNonNull(specReference, "specReference");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Tells the topics that the hook failed; never throws.
     *
     * @param readSpec whether the spec may be read for its topic: not for an event rejected before any check (a
     *                 malformed event, another stack's deployment), which only the stack's topic hears of
     */
    void hookFailed(LifecycleHook hook, HookExecution execution, String reason, boolean readSpec) {
        Optional<SpecRepository.VersionedSpec> spec = readSpec ? spec() : Optional.empty();
        DeploymentNotification notification = new DeploymentNotification(
                spec.map(s -> s.spec().service()).orElse(service),
                execution.deploymentId(),
                Status.FAILED,
                DeploymentNotification.NO_STAGE,
                hook.codeDeployName() + " hook failed: " + reason);
        try {
            notifier.publish(
                    notification, spec.flatMap(s -> s.spec().notifications().topicArn()));
        } catch (RuntimeException e) {
            LOG.error("could not publish \"{}\" to {}: {}", notification.subject(), notifier, e.toString());
        }
    }

    private Optional<SpecRepository.VersionedSpec> spec() {
        if (specs.isEmpty() || specReference.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(specs.get().load(specReference));
        } catch (RuntimeException e) {
            LOG.warn("the spec {} cannot be read for the failure notice: {}", specReference, e.getMessage());
            return Optional.empty();
        }
    }
}
