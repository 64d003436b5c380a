package dev.cutover.aws;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentAlreadyCompletedException;
import software.amazon.awssdk.services.codedeploy.model.StopDeploymentResponse;

import dev.cutover.core.port.DeploymentControl;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link DeploymentControl} through CodeDeploy's StopDeployment. A deployment that has already completed is left
 * as it is: the rollback path may run twice, and the alarm path may race the workflow.
 */
public final class CodeDeployDeploymentControl implements DeploymentControl {

    private static final Logger LOG = LoggerFactory.getLogger(CodeDeployDeploymentControl.class);

    private final CodeDeployClient codeDeploy;

    public CodeDeployDeploymentControl(CodeDeployClient codeDeploy) {
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
    }

    @Override
    public void stopDeployment(String deploymentId, boolean autoRollback) {
        requireText(deploymentId, "deploymentId");
        try {
            StopDeploymentResponse response =
                    codeDeploy.stopDeployment(r -> r.deploymentId(deploymentId).autoRollbackEnabled(autoRollback));
            LOG.info(
                    "asked CodeDeploy to stop deployment {} (auto rollback {}): {} {}",
                    deploymentId,
                    autoRollback,
                    response.statusAsString(),
                    response.statusMessage());
        } catch (DeploymentAlreadyCompletedException done) {
            LOG.info("CodeDeploy deployment {} had already completed; nothing to stop", deploymentId);
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "CodeDeploy StopDeployment for deployment " + deploymentId + " (auto rollback " + autoRollback + ")"
                            + " failed",
                    e);
        }
    }
}
