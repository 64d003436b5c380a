package dev.cutover.core.port;

import java.util.List;

import dev.cutover.core.error.DependencyException;

/**
 * ECS native blue/green deployments: which target groups a service revision is registered with. An ECS lifecycle
 * hook's payload names the revision being deployed ({@code executionDetails.targetServiceRevisionArn}), not its
 * target group; ECS resolves that per revision (Amazon ECS API Reference: DescribeServiceRevisions, whose
 * ServiceRevision carries {@code resolvedConfiguration.loadBalancers[].targetGroupArn}, the group ECS associates
 * with that revision). Like CodeDeploy, ECS alternates the two groups between deployments, so the
 * green group is asked for on every hook.
 */
public interface ServiceRevisions {

    /**
     * @return the target groups the revision is associated with, in ECS's order; empty when it has none (a
     *     revision without a load balancer)
     * @throws DependencyException when ECS cannot be reached or does not know the revision
     */
    List<String> targetGroupArns(String serviceRevisionArn);
}
