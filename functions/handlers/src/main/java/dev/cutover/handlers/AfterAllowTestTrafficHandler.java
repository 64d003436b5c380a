package dev.cutover.handlers;

import dev.cutover.core.hook.LifecycleHook;

/** The appspec's {@code AfterAllowTestTraffic} hook: smoke tests against the test listener. */
public final class AfterAllowTestTrafficHandler extends CodeDeployHookHandler {

    public AfterAllowTestTrafficHandler() {
        super(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC);
    }

    public AfterAllowTestTrafficHandler(HookDependencies dependencies) {
        super(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, dependencies);
    }
}
