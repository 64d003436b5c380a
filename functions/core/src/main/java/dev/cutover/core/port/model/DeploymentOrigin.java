package dev.cutover.core.port.model;

/**
 * Which CodeDeploy application and deployment group a deployment belongs to, as CodeDeploy recorded it.
 *
 * @param deploymentId        the deployment
 * @param applicationName     its application
 * @param deploymentGroupName its deployment group
 */
public record DeploymentOrigin(String deploymentId, String applicationName, String deploymentGroupName) {

    public DeploymentOrigin {
        LockLease.requireText(deploymentId, "deploymentId");
        LockLease.requireText(applicationName, "applicationName");
        LockLease.requireText(deploymentGroupName, "deploymentGroupName");
    }

    /** e.g. {@code application "orders", deployment group "orders-dg"}. */
    public String describe() {
        return "application \"" + applicationName + "\", deployment group \"" + deploymentGroupName + "\"";
    }
}
