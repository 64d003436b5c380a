package dev.cutover.handlers;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
 * <p>Where the message goes: the stack's topic ({@code CUTOVER_TOPIC_ARN}) always, because it is the one the stack
 * creates, grants publishing on and documents as the page of record; and also the spec's
 * {@code notifications.topicArn} when it names another topic, so a service's owners are told where they asked
 * to be. A spec that cannot be read (often the very reason the hook failed) leaves the stack's topic alone. A
 * failed publish is logged and never changes the hook's status: CodeDeploy has already been told.
 */
final class HookAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(HookAlerts.class);

    private final Notifier stackTopic;
    private final Optional<String> stackTopicArn;
    private final Function<String, Notifier> topic;
    private final Optional<SpecRepository> specs;
    private final String specReference;
    private final String service;

    /**
     * @param stackTopic    the stack's topic ({@link Notifier#NONE} when it has none)
     * @param stackTopicArn its ARN, so a spec naming the same topic is not told twice
     * @param topic         a notifier for a topic ARN the spec names
     * @param specs         where the spec's topic and service name are read from, when the hook could be wired
     * @param specReference the spec the hooks load
     * @param service       the service name when the spec cannot be read
     */
    HookAlerts(
            Notifier stackTopic,
            Optional<String> stackTopicArn,
            Function<String, Notifier> topic,
            Optional<SpecRepository> specs,
            String specReference,
            String service) {
        this.stackTopic = Objects.requireNonNull(stackTopic, "stackTopic");
        this.stackTopicArn = Objects.requireNonNull(stackTopicArn, "stackTopicArn");
        this.topic = Objects.requireNonNull(topic, "topic");
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
        String name = service;
        Set<Notifier> targets = new LinkedHashSet<>();
        targets.add(stackTopic);
        Optional<SpecRepository.VersionedSpec> spec = readSpec ? spec() : Optional.empty();
        if (spec.isPresent()) {
            name = spec.get().spec().service();
            spec.get()
                    .spec()
                    .notifications()
                    .topicArn()
                    .filter(arn -> !stackTopicArn.equals(Optional.of(arn)))
                    .map(this::notifierFor)
                    .ifPresent(targets::add);
        }
        DeploymentNotification notification = new DeploymentNotification(
                name,
                execution.deploymentId(),
                Status.FAILED,
                DeploymentNotification.NO_STAGE,
                hook.codeDeployName() + " hook failed: " + reason);
        for (Notifier target : targets) {
            try {
                target.publish(notification);
            } catch (RuntimeException e) {
                LOG.error("could not publish \"{}\" to {}: {}", notification.subject(), target, e.toString());
            }
        }
    }

    private Notifier notifierFor(String topicArn) {
        try {
            return topic.apply(topicArn);
        } catch (RuntimeException e) {
            LOG.error("cannot publish to the spec's topic {}: {}", topicArn, e.toString());
            return Notifier.NONE;
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
