package dev.cutover.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentAlreadyCompletedException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentTarget;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEvent;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEventStatus;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentTargetsResponse;
import software.amazon.awssdk.services.codedeploy.model.StopDeploymentResponse;
import software.amazon.awssdk.services.codedeploy.model.TargetLabel;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link DeploymentControl} through CodeDeploy's StopDeployment. A deployment that has already completed is left
 * as it is: the rollback path may run twice, and the alarm path may race the workflow.
 *
 * <p>The target group roles come from the deployment itself: ListDeploymentTargets gives its target ids (an ECS
 * deployment has one, {@code <cluster>:<service>}), and GetDeploymentTarget's {@code ecsTarget.taskSetsInfo} lists
 * its task sets, each with a {@code taskSetLabel} (BLUE for the original, GREEN for the replacement) and the
 * {@code targetGroup} it is registered with, named by name only (AWS CodeDeploy API Reference:
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeploymentTarget.html,
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ECSTaskSet.html,
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupInfo.html).
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

    @Override
    public TargetGroupRoles targetGroupRoles(String deploymentId, List<String> targetGroupArns) {
        requireText(deploymentId, "deploymentId");
        List<ECSTaskSet> taskSets = new ArrayList<>();
        try {
            for (String targetId : targetIds(deploymentId)) {
                DeploymentTarget target = codeDeploy
                        .getDeploymentTarget(r -> r.deploymentId(deploymentId).targetId(targetId))
                        .deploymentTarget();
                if (target != null && target.ecsTarget() != null) {
                    taskSets.addAll(target.ecsTarget().taskSetsInfo());
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "CodeDeploy ListDeploymentTargets/GetDeploymentTarget for deployment " + deploymentId + " failed",
                    e);
        }
        String blue = groupOf(taskSets, TargetLabel.BLUE, targetGroupArns, deploymentId);
        String green = groupOf(taskSets, TargetLabel.GREEN, targetGroupArns, deploymentId);
        if (blue.equals(green)) {
            throw new DependencyException("CodeDeploy deployment " + deploymentId
                    + " has its BLUE and GREEN task sets behind the same target group " + blue);
        }
        LOG.info("CodeDeploy deployment {}: blue {}, green {}", deploymentId, blue, green);
        return new TargetGroupRoles(blue, green);
    }

    /** The ARN among {@code arns} of the group the task set labelled {@code label} is registered with. */
    private static String groupOf(
            List<ECSTaskSet> taskSets, TargetLabel label, List<String> arns, String deploymentId) {
        List<String> names = taskSets.stream()
                .filter(t -> t.taskSetLabel() == label
                        && t.targetGroup() != null
                        && t.targetGroup().name() != null)
                .map(t -> t.targetGroup().name())
                .distinct()
                .toList();
        if (names.size() != 1) {
            throw new DependencyException("CodeDeploy deployment " + deploymentId + " has "
                    + (names.isEmpty()
                            ? "no " + label + " task set with a target group"
                            : label + " task sets behind " + names)
                    + "; Cutover runs ECS blue/green deployments with one original (BLUE) and one replacement (GREEN)"
                    + " task set");
        }
        return arns.stream()
                .filter(arn -> names.get(0).equals(targetGroupName(arn)))
                .findFirst()
                .orElseThrow(() -> new DependencyException("CodeDeploy deployment " + deploymentId + " has its "
                        + label + " task set behind target group " + names.get(0) + ", which is not one of the spec's"
                        + " routing.targetGroupArns " + arns));
    }

    /** {@code arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>}: the name. */
    static String targetGroupName(String arn) {
        int start = arn.indexOf(":targetgroup/");
        if (start < 0) {
            return arn;
        }
        String rest = arn.substring(start + ":targetgroup/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
