package dev.cutover.core.hook;

import java.util.Arrays;
import java.util.Optional;

/** CodeDeploy ECS blue/green lifecycle events that Cutover handles, in the order CodeDeploy runs them. */
public enum LifecycleHook {
    BEFORE_INSTALL("BeforeInstall"),
    AFTER_INSTALL("AfterInstall"),
    AFTER_ALLOW_TEST_TRAFFIC("AfterAllowTestTraffic"),
    BEFORE_ALLOW_TRAFFIC("BeforeAllowTraffic"),
    AFTER_ALLOW_TRAFFIC("AfterAllowTraffic");

    private final String codeDeployName;

    LifecycleHook(String codeDeployName) {
        this.codeDeployName = codeDeployName;
    }

    /** The name used in appspec {@code Hooks} and CodeDeploy's console. */
    public String codeDeployName() {
        return codeDeployName;
    }

    public static Optional<LifecycleHook> fromCodeDeployName(String name) {
        return Arrays.stream(values())
                .filter(h -> h.codeDeployName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return codeDeployName;
    }
}
