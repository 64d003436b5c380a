package dev.cutover.core.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.ProductionRoute;
import dev.cutover.core.port.model.TargetGroupRoles;

/**
 * What ValidateAndLock decided, placed at {@code $.deployment} and handed to every later task:
 *
 * <pre>{@code
 * {"deploymentId": "d-ABCDEF123", "service": "orders", "standalone": false, "specVersion": "7",
 *  "specParameter": "/cutover/orders/spec:7",            (or "spec": {...}, the inline document)
 *  "stages": [{"index": 0, "percent": 10, "bakeSeconds": 300}, ...],
 *  "lockToken": "d-ABCDEF123@2026-03-01T10:00:00Z",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"},
 *  "targetGroups": {"blue": "arn:...:targetgroup/orders-a/...", "green": "arn:...:targetgroup/orders-b/..."},
 *  "productionRoute": {"listenerArn": "arn:...:listener/app/...", "ruleArn": "arn:...:listener-rule/app/..."}}
 * }</pre>
 *
 * <p>The spec travels by reference: a parameter pinned to the version ValidateAndLock validated (so an edit
 * mid-deployment changes nothing), or the inline document itself (kept small: see
 * {@link SpecResolver#MAX_INLINE_SPEC_BYTES}).
 *
 * @param deploymentId the deployment: the CodeDeploy deployment id, the input's deploymentId or the execution name
 * @param service      the service deployed
 * @param standalone   true when no CodeDeploy hook started the execution (it runs its own pre/post checks)
 * @param specVersion  the spec version the ledger records (an SSM parameter version, or a hash of the inline spec)
 * @param spec         where every task reads the spec: a pinned parameter, or the inline document
 * @param stages       the stages in order
 * @param lockToken    who holds the service's lock since when, {@code <deploymentId>@<acquiredAt>}; for people:
 *                     the lock is keyed by service and deployment id
 * @param codeDeploy   the hook the workflow answers for, when CodeDeploy started it
 * @param roles        which of the spec's two target groups is blue and which green in this deployment, as
 *                     ValidateAndLock resolved them ({@link RoleResolver}); every later task works on
 *                     {@link SpecResolver#specOf} the plan, whose routing carries them
 * @param rollbackWindowSeconds the spec's {@code rollback.windowMinutes} in seconds: how long after the promotion
 *                     blue is kept and an alarm still rolls back; 0 for none
 * @param route        the production listener or rule the deployment shifts, so a rollback can put traffic back on
 *                     blue even when the spec can no longer be read; empty in plans made before it was recorded
 */
public record DeploymentPlan(
        String deploymentId,
        String service,
        boolean standalone,
        String specVersion,
        SpecReference spec,
        List<PlannedStage> stages,
        String lockToken,
        Optional<CodeDeployHook> codeDeploy,
        TargetGroupRoles roles,
        long rollbackWindowSeconds,
        Optional<ProductionRoute> route) {

    public DeploymentPlan {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(spec, "spec");
        stages = List.copyOf(stages);
        Objects.requireNonNull(lockToken, "lockToken");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(route, "route");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a deployment plan has at least one stage");
        }
        if (rollbackWindowSeconds < 0) {
            throw new IllegalArgumentException(
                    "rollbackWindowSeconds must not be negative, was " + rollbackWindowSeconds);
        }
        if (standalone == codeDeploy.isPresent()) {
            throw new IllegalArgumentException("a plan is standalone exactly when no CodeDeploy hook started it");
        }
    }

    /** Total bake time of the stages from {@code index} on. */
    public Duration bakeFrom(int index) {
        return stages.stream()
                .filter(s -> s.index() >= index)
                .map(PlannedStage::bake)
                .reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The longest the stages from {@code index} on can still take: their bakes, and the approval gates of the
     * stages after {@code index} (its own gate, if any, has been answered by the time it shifts).
     */
    public Duration timeLeftFrom(int index) {
        return bakeFrom(index)
                .plus(stages.stream()
                        .filter(s -> s.index() > index)
                        .map(PlannedStage::approvalTimeout)
                        .reduce(Duration.ZERO, Duration::plus));
    }

    /** The rollback window, zero for none. */
    public Duration rollbackWindow() {
        return Duration.ofSeconds(rollbackWindowSeconds);
    }

    /** The last stage: where a promotion ends (100%). */
    public PlannedStage lastStage() {
        return stages.get(stages.size() - 1);
    }

    /** This plan shifting {@code route}: for tests of routes ValidateAndLock does not make from their fixture. */
    public DeploymentPlan withRoute(ProductionRoute route) {
        return new DeploymentPlan(
                deploymentId,
                service,
                standalone,
                specVersion,
                spec,
                stages,
                lockToken,
                codeDeploy,
                roles,
                rollbackWindowSeconds,
                Optional.of(route));
    }
}
