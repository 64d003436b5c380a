package dev.cutover.handlers;

import dev.cutover.core.hook.LifecycleHook;

/** The appspec's {@code AfterAllowTraffic} hook: smoke tests against the production listener and the alarms. */
public final class AfterAllowTrafficHandler extends CodeDeployHookHandler {

    public AfterAllowTrafficHandler() {
        super(LifecycleHook.AFTER_ALLOW_TRAFFIC);
    }

    public AfterAllowTrafficHandler(HookDependencies dependencies) {
        super(LifecycleHook.AFTER_ALLOW_TRAFFIC, dependencies);
    }
}
