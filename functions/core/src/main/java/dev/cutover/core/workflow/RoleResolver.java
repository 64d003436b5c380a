package dev.cutover.core.workflow;

import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * Decides which of the spec's two target groups is blue in one deployment. Blue and green alternate: CodeDeploy's
 * ECS blue/green creates each replacement task set behind the group that is not live, so the replacement of one
 * deployment is the original of the next, and a spec cannot name the roles.
 *
 * <ul>
 *   <li>Started by CodeDeploy: as the deployment itself records it, from GetDeploymentTarget's ECS target, whose
 *       task sets carry {@code taskSetLabel} BLUE (original) or GREEN (replacement) and their {@code targetGroup}
 *       (AWS CodeDeploy API Reference: GetDeploymentTarget, ECSTarget, ECSTaskSet).</li>
 *   <li>Standalone: blue is the group the production route sends 100% to now. A split route means an earlier
 *       deployment did not finish; nothing can tell which side is live, so the deployment refuses to start and
 *       names the weights it found.</li>
 * </ul>
 */
public final class RoleResolver {

    private static final String WHAT = "workflow execution input";

    private final TrafficRouter router;
    private final DeploymentControl codeDeploy;

    public RoleResolver(TrafficRouter router, DeploymentControl codeDeploy) {
        this.router = Objects.requireNonNull(router, "router");
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
    }

    /**
     * @param routing    the spec's routing (its pair of target groups)
     * @param codeDeploy the hook that started the deployment; empty when standalone
     * @param source     the spec's source, for messages
     * @throws InvalidWorkflowInputException when the route is split, or CodeDeploy's groups are not the spec's pair
     */
    public TargetGroupRoles resolve(Routing routing, Optional<CodeDeployHook> codeDeploy, String source) {
        Objects.requireNonNull(routing, "routing");
        return codeDeploy.isPresent()
                ? fromCodeDeploy(routing, codeDeploy.get().deploymentId(), source)
                : fromRoute(routing, source);
    }

    private TargetGroupRoles fromCodeDeploy(Routing routing, String deploymentId, String source) {
        TargetGroupRoles roles = codeDeploy.targetGroupRoles(deploymentId, routing.targetGroupArns());
        if (!routing.fits(roles)) {
            throw new InvalidWorkflowInputException(
                    WHAT,
                    "routing.targetGroupArns",
                    "CodeDeploy deployment " + deploymentId + " runs with " + roles + ", but " + source
                            + " names the target groups " + routing.targetGroupArns()
                            + ": name the deployment group's two target groups");
        }
        return roles;
    }

    private TargetGroupRoles fromRoute(Routing routing, String source) {
        String first = routing.targetGroupArns().get(0);
        String second = routing.targetGroupArns().get(1);
        // read relative to the spec's order; the router refuses a route forwarding anywhere else
        Weights weights = router.read(routing.withRoles(new TargetGroupRoles(first, second)));
        if (weights.green() == 0) {
            return new TargetGroupRoles(first, second);
        }
        if (weights.blue() == 0) {
            return new TargetGroupRoles(second, first);
        }
        throw new InvalidWorkflowInputException(
                WHAT,
                "routing.targetGroupArns",
                "the production route of " + source + " is split " + weights.blue() + "% to " + first + " and "
                        + weights.green() + "% to " + second
                        + ", so neither is live: a standalone deployment starts from a route that sends 100% to"
                        + " one of them (finish or roll back the deployment that left it split)");
    }
}
