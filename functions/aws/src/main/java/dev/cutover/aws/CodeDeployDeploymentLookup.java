package dev.cutover.aws;

import java.util.Objects;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.DeploymentLookup;
import dev.cutover.core.port.model.DeploymentOrigin;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link DeploymentLookup} through CodeDeploy's GetDeployment ("GetDeployment", AWS CodeDeploy API Reference,
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeployment.html): its {@code deploymentInfo}
 * carries the {@code applicationName} and {@code deploymentGroupName} the deployment was created in. IAM authorizes
 * the call against that deployment group, so a deployment of another group is refused (AccessDenied) when the
 * function's role is scoped to its own group: either way the hook learns it must not act.
 */
public final class CodeDeployDeploymentLookup implements DeploymentLookup {

    private final CodeDeployClient codeDeploy;

    public CodeDeployDeploymentLookup(CodeDeployClient codeDeploy) {
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
    }

    @Override
    public DeploymentOrigin origin(String deploymentId) {
        requireText(deploymentId, "deploymentId");
        DeploymentInfo info;
        try {
            info = codeDeploy.getDeployment(r -> r.deploymentId(deploymentId)).deploymentInfo();
        } catch (SdkException e) {
            throw AwsErrors.fault("CodeDeploy GetDeployment for deployment " + deploymentId + " failed", e);
        }
        if (info == null || blank(info.applicationName()) || blank(info.deploymentGroupName())) {
            throw new DependencyException("CodeDeploy GetDeployment for deployment " + deploymentId
                    + " returned no application or deployment group: " + info);
        }
        return new DeploymentOrigin(deploymentId, info.applicationName(), info.deploymentGroupName());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
