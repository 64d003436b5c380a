package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;

/** CodeDeploy's StopDeployment: how the rollback and alarm paths end a deployment CodeDeploy is running. */
public interface DeploymentControl {

    /**
     * Stops the deployment. Stopping one that has already ended is not an error (a retried rollback).
     *
     * @param autoRollback whether CodeDeploy should roll back to the last good revision as it stops
     * @throws DependencyException when CodeDeploy refuses or cannot be reached; names the deployment and AWS's
     *                             error code
     */
    void stopDeployment(String deploymentId, boolean autoRollback);
}
