package dev.cutover.handlers;

import java.time.Clock;
import java.util.Optional;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.SnsNotifier;
import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.TargetHealthCheck;
import dev.cutover.core.hook.HookEvaluator;
import dev.cutover.core.hook.HookRunner;
import dev.cutover.core.hook.HookService;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.handlers.wiring.AwsPorts;
import dev.cutover.handlers.wiring.DeploymentGuard;
import dev.cutover.handlers.wiring.Environment;
import dev.cutover.handlers.wiring.Ports;

/** The hook machinery built from a set of dependencies; production builds one per container and keeps it. */
final class HookRuntime {

    private static HookRuntime container;

    private final Clock clock;
    private final HookEvaluator evaluator;
    private final HookRunner runner;
    private final DeploymentGuard guard;
    private final HookAlerts alerts;
    private final HookStatusReporter reporter;

    HookRuntime(HookDependencies deps) {
        Ports ports = deps.ports();
        this.clock = ports.clock();
        this.guard = deps.deploymentGuard();
        this.reporter = ports.statusReporter();
        this.alerts =
                new HookAlerts(ports.notifier(), Optional.of(ports.specs()), deps.specReference(), deps.service());
        HookService service = new HookService(
                ports.secrets(),
                deps.migrationRunner(),
                new TargetHealthCheck(ports.targetHealth(), ports.clock(), ports.sleeper()),
                deps.smokeTestRunner(),
                deps.dataSyncChecker(),
                new AlarmCheck(ports.alarms(), ports.clock()),
                deps.beforeAllowTraffic(),
                ports.clock(),
                Optional.of(ports.deploymentControl()),
                Optional.of(ports.serviceRevisions()));
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

    /**
     * What a hook uses when its dependencies cannot be built: CodeDeploy's status report alone (built from the
     * region and the credentials, nothing else), and the stack's topic when it can be had. Throws only when not
     * even the CodeDeploy client can be made (no region).
     */
    static Minimal minimalFromEnvironment() {
        AwsClients aws = AwsClients.fromEnvironment();
        Environment env = Environment.read(System::getenv);
        Notifier stackTopic;
        try {
            stackTopic = env.topicArn()
                    .<Notifier>map(t -> new SnsNotifier(aws.sns(), t))
                    .orElse(Notifier.NONE);
        } catch (RuntimeException e) {
            stackTopic = Notifier.NONE;
        }
        return new Minimal(
                AwsPorts.minimalReporter(aws),
                new HookAlerts(
                        stackTopic, Optional.empty(), "", env.service().orElse(HookDependencies.UNKNOWN_SERVICE)));
    }

    /** The status reporter and alerts of a hook whose other dependencies could not be built. */
    record Minimal(HookStatusReporter reporter, HookAlerts alerts) {}

    Minimal minimal() {
        return new Minimal(reporter, alerts);
    }

    DeploymentGuard guard() {
        return guard;
    }

    HookAlerts alerts() {
        return alerts;
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
