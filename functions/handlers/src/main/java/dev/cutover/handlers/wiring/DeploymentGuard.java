package dev.cutover.handlers.wiring;

import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.DeploymentLookup;
import dev.cutover.core.port.model.DeploymentOrigin;

/**
 * Hooks act only on deployments of their stack's CodeDeploy application and deployment group. The stack names
 * both ({@code CUTOVER_CODEDEPLOY_APPLICATION}, {@code CUTOVER_CODEDEPLOY_DEPLOYMENT_GROUP}); the deployment's own
 * come from CodeDeploy's GetDeployment. Anything else, including a lookup that fails, is refused: a hook that
 * cannot tell whose deployment it is must not run checks (or migrations) for it.
 */
public interface DeploymentGuard {

    /** Accepts every deployment: the local runtime and tests, where there is no CodeDeploy. */
    DeploymentGuard ANY = deploymentId -> Optional.empty();

    /** @return why the hook must not act on this deployment; empty when it may */
    Optional<String> refusal(String deploymentId);

    /** A guard accepting only deployments CodeDeploy records under this application and deployment group. */
    static DeploymentGuard codeDeploy(DeploymentLookup lookup, String application, String deploymentGroup) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(deploymentGroup, "deploymentGroup");
        return deploymentId -> {
            DeploymentOrigin origin;
            try {
                origin = lookup.origin(deploymentId);
            } catch (RuntimeException e) {
                return Optional.of("cannot tell whose deployment " + deploymentId + " is, so this hook does not act "
                        + "on it: " + e.getMessage());
            }
            if (origin.applicationName().equals(application)
                    && origin.deploymentGroupName().equals(deploymentGroup)) {
                return Optional.empty();
            }
            return Optional.of("deployment " + deploymentId + " belongs to " + origin.describe()
                    + ", not to this stack's application \"" + application + "\", deployment group \""
                    + deploymentGroup + "\": this hook acts only on its own stack's deployments");
        };
    }

    /** A guard refusing every deployment, for a stack whose configuration names only part of its scope. */
    static DeploymentGuard refuseAll(String why) {
        return deploymentId -> Optional.of(why);
    }
}
