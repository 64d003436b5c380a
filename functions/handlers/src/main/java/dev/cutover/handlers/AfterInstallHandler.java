package dev.cutover.handlers;

import dev.cutover.core.hook.LifecycleHook;

/** The appspec's {@code AfterInstall} hook: green's healthy target count. */
public final class AfterInstallHandler extends CodeDeployHookHandler {

    public AfterInstallHandler() {
        super(LifecycleHook.AFTER_INSTALL);
    }

    public AfterInstallHandler(HookDependencies dependencies) {
        super(LifecycleHook.AFTER_INSTALL, dependencies);
    }
}
