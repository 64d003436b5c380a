package dev.cutover.handlers;

import dev.cutover.core.hook.LifecycleHook;

/** The appspec's {@code BeforeInstall} hook: database migrations, expand phase only. */
public final class BeforeInstallHandler extends CodeDeployHookHandler {

    public BeforeInstallHandler() {
        super(LifecycleHook.BEFORE_INSTALL);
    }

    public BeforeInstallHandler(HookDependencies dependencies) {
        super(LifecycleHook.BEFORE_INSTALL, dependencies);
    }
}
