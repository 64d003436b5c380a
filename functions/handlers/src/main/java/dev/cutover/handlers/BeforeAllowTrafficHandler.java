package dev.cutover.handlers;

import dev.cutover.core.hook.LifecycleHook;

/** The appspec's {@code BeforeAllowTraffic} hook: blue vs green data-sync checks. */
public final class BeforeAllowTrafficHandler extends CodeDeployHookHandler {

    public BeforeAllowTrafficHandler() {
        super(LifecycleHook.BEFORE_ALLOW_TRAFFIC);
    }

    public BeforeAllowTrafficHandler(HookDependencies dependencies) {
        super(LifecycleHook.BEFORE_ALLOW_TRAFFIC, dependencies);
    }
}
