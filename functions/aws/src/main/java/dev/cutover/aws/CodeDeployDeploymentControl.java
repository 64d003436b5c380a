package dev.cutover.aws;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentAlreadyCompletedException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentTarget;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEvent;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEventStatus;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentTargetsResponse;
import software.amazon.awssdk.services.codedeploy.model.StopDeploymentResponse;

import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.model.HookStatus;

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

    /**
     * Reads the hook's status from the deployment's targets: ListDeploymentTargets, then GetDeploymentTarget of each
     * until one has a lifecycle event of that name (an ECS deployment has one target, {@code ecsTarget}). Lifecycle
     * event statuses are Pending, InProgress, Succeeded, Failed, Skipped or Unknown; only Succeeded and Failed are
     * final answers ("LifecycleEvent", "ECSTarget" and "GetDeploymentTarget" in the AWS CodeDeploy API Reference:
     * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeploymentTarget.html).
     */
    @Override
    public Optional<HookStatus> recordedHookStatus(String deploymentId, String lifecycleEventName) {
        requireText(deploymentId, "deploymentId");
        requireText(lifecycleEventName, "lifecycleEventName");
        try {
            for (String targetId : targetIds(deploymentId)) {
                DeploymentTarget target = codeDeploy
                        .getDeploymentTarget(r -> r.deploymentId(deploymentId).targetId(targetId))
                        .deploymentTarget();
                Optional<LifecycleEvent> event = lifecycleEvents(target).stream()
                        .filter(e -> lifecycleEventName.equals(e.lifecycleEventName()))
                        .findFirst();
                if (event.isPresent()) {
                    LifecycleEventStatus status = event.get().status();
                    LOG.info("CodeDeploy recorded {} of deployment {} as {}", lifecycleEventName, deploymentId, status);
                    return status == LifecycleEventStatus.SUCCEEDED
                            ? Optional.of(HookStatus.SUCCEEDED)
                            : status == LifecycleEventStatus.FAILED ? Optional.of(HookStatus.FAILED) : Optional.empty();
                }
            }
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "CodeDeploy GetDeploymentTarget for deployment " + deploymentId + " (" + lifecycleEventName + ")"
                            + " failed",
                    e);
        }
    }

    private List<String> targetIds(String deploymentId) {
        List<String> ids = new java.util.ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListDeploymentTargetsResponse page = codeDeploy.listDeploymentTargets(
                    r -> r.deploymentId(deploymentId).nextToken(token));
            ids.addAll(page.targetIds());
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return ids;
    }

    private static List<LifecycleEvent> lifecycleEvents(DeploymentTarget target) {
        if (target == null) {
            return List.of();
        }
        if (target.ecsTarget() != null) {
            return target.ecsTarget().lifecycleEvents();
        }
        if (target.lambdaTarget() != null) {
            return target.lambdaTarget().lifecycleEvents();
        }
        if (target.instanceTarget() != null) {
            return target.instanceTarget().lifecycleEvents();
        }
        return List.of();
    }
}
