package dev.cutover.handlers;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.TargetHealthCheck;
import dev.cutover.core.hook.HookEvaluator;
import dev.cutover.core.hook.HookRunner;
import dev.cutover.core.hook.HookService;
import java.time.Clock;

/** The hook machinery built from a set of dependencies; production builds one per container and keeps it. */
final class HookRuntime {

    private static HookRuntime container;

    private final Clock clock;
    private final HookEvaluator evaluator;
    private final HookRunner runner;

    HookRuntime(HookDependencies deps) {
        this.clock = deps.clock();
        HookService service = new HookService(
                deps.secretReader(),
                deps.migrationRunner(),
                new TargetHealthCheck(deps.targetHealthReader(), deps.clock(), deps.sleeper()),
                deps.smokeTestRunner(),
                deps.dataSyncChecker(),
                new AlarmCheck(deps.alarmStateReader(), deps.clock()),
                deps.beforeAllowTraffic(),
                deps.clock());
        this.evaluator = new HookEvaluator(deps.specSource(), service, deps.clock());
        this.runner = new HookRunner(evaluator, deps.statusReporter(), deps.clock());
    }

    /**
     * The container's runtime, built on first use (not at class load: a failure to build is then an error of the
     * invocation that can be logged, and the next invocation tries again).
     */
    static synchronized HookRuntime forContainer() {
        if (container == null) {
            container = new HookRuntime(HookDependencies.fromEnvironment());
        }
        return container;
    }

    Clock clock() {
        return clock;
    }

    HookEvaluator evaluator() {
        return evaluator;
    }

    HookRunner runner() {
        return runner;
    }
}
