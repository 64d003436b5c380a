package dev.cutover.handlers;

import java.util.Arrays;
import java.util.Optional;

import dev.cutover.core.hook.LifecycleHook;

/**
 * The lifecycle stages of an ECS native blue/green deployment (2025), and the CodeDeploy hook whose checks each
 * one runs.
 *
 * <p>Data sync (BeforeAllowTraffic's checks) belongs before production traffic reaches green. ECS documents
 * {@code PRE_PRODUCTION_TRAFFIC_SHIFT} as the stage before the shift, while {@code PRODUCTION_TRAFFIC_SHIFT} is
 * invoked as the shift happens (its payload already shows green's production weight) and again during a rollback.
 * So: register the hook at {@code PRE_PRODUCTION_TRAFFIC_SHIFT}. {@code PRODUCTION_TRAFFIC_SHIFT} runs the same
 * checks as a late gate (a failure still rolls back), except in a rollback invocation, which has nothing to check.
 * For linear and canary shifts ECS invokes both stages at every step, and the checks run each time.
 */
public enum EcsLifecycleStage {
    RECONCILE_SERVICE(null),
    PRE_SCALE_UP(LifecycleHook.BEFORE_INSTALL),
    POST_SCALE_UP(LifecycleHook.AFTER_INSTALL),
    TEST_TRAFFIC_SHIFT(null),
    POST_TEST_TRAFFIC_SHIFT(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC),
    PRE_PRODUCTION_TRAFFIC_SHIFT(LifecycleHook.BEFORE_ALLOW_TRAFFIC),
    PRODUCTION_TRAFFIC_SHIFT(LifecycleHook.BEFORE_ALLOW_TRAFFIC),
    POST_PRODUCTION_TRAFFIC_SHIFT(LifecycleHook.AFTER_ALLOW_TRAFFIC);

    private final LifecycleHook checks;

    EcsLifecycleStage(LifecycleHook checks) {
        this.checks = checks;
    }

    /** The hook whose checks run at this stage; empty when Cutover has nothing to check here. */
    public Optional<LifecycleHook> checks() {
        return Optional.ofNullable(checks);
    }

    public static Optional<EcsLifecycleStage> of(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }
}
