package dev.cutover.core.port;

import java.util.List;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;

/**
 * CodeDeploy's StopDeployment, how the rollback and alarm paths end a deployment CodeDeploy is running; and
 * GetDeploymentTarget, how a deployment CodeDeploy runs says which target group is blue.
 */
public interface DeploymentControl {

    /**
     * Which target group serves the original task set (BLUE) and which the replacement (GREEN) in this ECS
     * deployment, as CodeDeploy records it: its ECS target's {@code taskSetsInfo}, each with a {@code taskSetLabel}
     * and a {@code targetGroup} (AWS CodeDeploy API Reference: GetDeploymentTarget, ECSTarget, ECSTaskSet). CodeDeploy
     * names a task set's group by name only (TargetGroupInfo), so the roles are given as the one of
     * {@code targetGroupArns} with that name.
     *
     * @param targetGroupArns the spec's pair of target groups
     * @throws DependencyException when CodeDeploy cannot be reached, or the deployment has no ECS target with one
     *                             BLUE and one GREEN task set behind the two groups
     */
    TargetGroupRoles targetGroupRoles(String deploymentId, List<String> targetGroupArns);

    /**
     * Stops the deployment. Stopping one that has already ended is not an error (a retried rollback).
     *
     * @param autoRollback whether CodeDeploy should roll back to the last good revision as it stops
     * @throws DependencyException when CodeDeploy refuses or cannot be reached; names the deployment and AWS's
     *                             error code
     */
    void stopDeployment(String deploymentId, boolean autoRollback);

    /**
     * What CodeDeploy recorded for a lifecycle hook of a deployment: how "already completed" from
     * PutLifecycleEventHookExecutionStatus is resolved (the hook may have been answered Failed by someone else,
     * e.g. a BeforeAllowTraffic that ran out of time, or timed out).
     *
     * @param lifecycleEventName e.g. {@code BeforeAllowTraffic}
     * @return SUCCEEDED or FAILED as recorded; empty when the hook has no final status yet. Every adapter answers
     *     this (no default): a guess here turns "already completed" into a false success
     * @throws DependencyException when CodeDeploy cannot be reached
     */
    Optional<HookStatus> recordedHookStatus(String deploymentId, String lifecycleEventName);
}
