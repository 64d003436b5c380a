package dev.cutover.aws;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionLoadBalancer;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.ServiceRevisions;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link ServiceRevisions} through ECS's DescribeServiceRevisions (Amazon ECS API Reference,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html): the revision's
 * {@code resolvedConfiguration.loadBalancers[].targetGroupArn} names the group ECS associates with that revision
 * (API_ServiceRevisionLoadBalancer.html). A revision ECS reports under {@code failures} is an error naming
 * ECS's reason.
 */
public final class EcsServiceRevisions implements ServiceRevisions {

    private final Supplier<EcsClient> ecs;

    /** @param ecs the client, built on first use: only ECS native hooks ask, the other functions never build it */
    public EcsServiceRevisions(Supplier<EcsClient> ecs) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    @Override
    public List<String> targetGroupArns(String serviceRevisionArn) {
        requireText(serviceRevisionArn, "serviceRevisionArn");
        DescribeServiceRevisionsResponse response;
        try {
            response = ecs.get().describeServiceRevisions(r -> r.serviceRevisionArns(serviceRevisionArn));
        } catch (SdkException e) {
            throw AwsErrors.fault("ECS DescribeServiceRevisions for " + serviceRevisionArn + " failed", e);
        }
        ServiceRevision revision = response.serviceRevisions().stream()
                .filter(r -> serviceRevisionArn.equals(r.serviceRevisionArn()))
                .findFirst()
                .orElseThrow(() -> new DependencyException("ECS DescribeServiceRevisions does not know "
                        + serviceRevisionArn
                        + (response.failures().isEmpty()
                                ? ""
                                : ": " + response.failures().get(0).reason())));
        if (revision.resolvedConfiguration() == null) {
            return List.of();
        }
        return revision.resolvedConfiguration().loadBalancers().stream()
                .map(ServiceRevisionLoadBalancer::targetGroupArn)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }
}
