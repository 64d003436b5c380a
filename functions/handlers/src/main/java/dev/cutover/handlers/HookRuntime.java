package dev.cutover.handlers;

import java.time.Clock;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.TargetHealthCheck;
import dev.cutover.core.hook.HookEvaluator;
import dev.cutover.core.hook.HookRunner;
import dev.cutover.core.hook.HookService;
import dev.cutover.handlers.wiring.Ports;

/** The hook machinery built from a set of dependencies; production builds one per container and keeps it. */
final class HookRuntime {

    private static HookRuntime container;

    private final Clock clock;
    private final HookEvaluator evaluator;
    private final HookRunner runner;

    HookRuntime(HookDependencies deps) {
        Ports ports = deps.ports();
        this.clock = ports.clock();
        HookService service = new HookService(
                ports.secrets(),
                deps.migrationRunner(),
                new TargetHealthCheck(ports.targetHealth(), ports.clock(), ports.sleeper()),
                deps.smokeTestRunner(),
                deps.dataSyncChecker(),
                new AlarmCheck(ports.alarms(), ports.clock()),
                deps.beforeAllowTraffic(),
                ports.clock(),
                java.util.Optional.of(ports.deploymentControl()));
        this.evaluator = new HookEvaluator(ports.specs(), deps.specReference(), service, ports.clock());
        this.runner = new HookRunner(evaluator, ports.statusReporter(), ports.clock());
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
