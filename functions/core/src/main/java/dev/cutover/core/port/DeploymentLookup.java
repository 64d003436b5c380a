package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentOrigin;

/** CodeDeploy's GetDeployment: where a deployment comes from, so hooks act only on their own stack's deployments. */
public interface DeploymentLookup {

    /**
     * @throws DependencyException when CodeDeploy does not know the deployment, refuses the call or cannot be
     *                             reached; names the deployment and AWS's error code
     */
    DeploymentOrigin origin(String deploymentId);
}
