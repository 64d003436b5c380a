package dev.cutover.handlers;

import java.util.Objects;
import java.util.function.Function;

import dev.cutover.aws.AwsClients;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.hook.BeforeAllowTrafficExtension;
import dev.cutover.core.workflow.WorkflowStarter;
import dev.cutover.handlers.wiring.AwsPorts;
import dev.cutover.handlers.wiring.DeploymentGuard;
import dev.cutover.handlers.wiring.Environment;
import dev.cutover.handlers.wiring.Ports;

/**
 * Everything a lifecycle hook handler talks to: the {@link Ports}, the spec it loads, the checks that need their
 * own wiring, and what BeforeAllowTraffic does after its checks (in production: start the staged-shift workflow,
 * see {@link WorkflowStarter}). Production handlers get theirs from {@link #fromEnvironment()}, once per
 * container; tests and the local runtime start from {@link #of} and replace what they need.
 *
 * @param specReference   the spec every hook run loads from {@link Ports#specs()}
 * @param deploymentGuard which deployments the hooks may act on (others are reported Failed)
 * @param service         the service a failed hook's page names when the spec cannot be read; who is paged is
 *                        {@link Ports#notifier()}'s business (on AWS the stack's topic and the spec's)
 */
public record HookDependencies(
        Ports ports,
        String specReference,
        SmokeTestRunner smokeTestRunner,
        MigrationRunner migrationRunner,
        DataSyncChecker dataSyncChecker,
        BeforeAllowTrafficExtension beforeAllowTraffic,
        DeploymentGuard deploymentGuard,
        String service) {

    /** The service a page names when neither the spec nor the environment does. */
    public static final String UNKNOWN_SERVICE = "unknown service";

    public HookDependencies {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(specReference, "specReference");
        Objects.requireNonNull(smokeTestRunner, "smokeTestRunner");
        Objects.requireNonNull(migrationRunner, "migrationRunner");
        Objects.requireNonNull(dataSyncChecker, "dataSyncChecker");
        Objects.requireNonNull(beforeAllowTraffic, "beforeAllowTraffic");
        Objects.requireNonNull(deploymentGuard, "deploymentGuard");
        Objects.requireNonNull(service, "service");
    }

    /**
     * Dependencies with the checks over the ports' clock and sleeper, and a BeforeAllowTraffic that adds nothing
     * after its checks (no staged shift).
     */
    public static HookDependencies of(Ports ports, String specReference) {
        return new HookDependencies(
                ports,
                specReference,
                new SmokeTestRunner(ports.clock(), ports.sleeper()),
                new MigrationRunner(ports.clock()),
                new DataSyncChecker(ports.clock()),
                BeforeAllowTrafficExtension.NONE,
                DeploymentGuard.ANY,
                UNKNOWN_SERVICE);
    }

    /** These dependencies with other checks (tests replace them with fakes). */
    public HookDependencies withChecks(SmokeTestRunner smoke, MigrationRunner migrations, DataSyncChecker dataSync) {
        return new HookDependencies(
                ports, specReference, smoke, migrations, dataSync, beforeAllowTraffic, deploymentGuard, service);
    }

    /** These dependencies with what BeforeAllowTraffic does after its checks pass. */
    public HookDependencies withBeforeAllowTraffic(BeforeAllowTrafficExtension extension) {
        return new HookDependencies(
                ports,
                specReference,
                smokeTestRunner,
                migrationRunner,
                dataSyncChecker,
                extension,
                deploymentGuard,
                service);
    }

    /** These dependencies acting only on the deployments this guard accepts. */
    public HookDependencies withDeploymentGuard(DeploymentGuard guard) {
        return new HookDependencies(
                ports,
                specReference,
                smokeTestRunner,
                migrationRunner,
                dataSyncChecker,
                beforeAllowTraffic,
                guard,
                service);
    }

    /** These dependencies naming this service in a failed hook's page when the spec cannot be read. */
    public HookDependencies withService(String service) {
        return new HookDependencies(
                ports,
                specReference,
                smokeTestRunner,
                migrationRunner,
                dataSyncChecker,
                beforeAllowTraffic,
                deploymentGuard,
                service);
    }

    /** The AWS wiring ({@link AwsPorts#forHooks}) from the Lambda environment. */
    public static HookDependencies fromEnvironment() {
        return fromEnvironment(AwsClients.fromEnvironment(), System::getenv);
    }

    /**
     * A missing {@value Environment#SPEC_PARAMETER} does not stop the wiring: the hook must still be able to report
     * Failed, so every spec load then fails naming the variable. Likewise a missing or malformed
     * {@value Environment#STATE_MACHINE}: BeforeAllowTraffic then fails a staged spec's hook naming it (an
     * all-at-once spec does not need the workflow).
     */
    static HookDependencies fromEnvironment(AwsClients aws, Function<String, String> variables) {
        Environment env = Environment.read(variables);
        Ports ports = AwsPorts.forHooks(aws, env);
        // without the parameter there is no reference: the ports' spec repository then fails naming the variable
        return of(ports, env.specParameter().orElse(""))
                .withBeforeAllowTraffic(workflowStarter(ports, env))
                .withDeploymentGuard(AwsPorts.deploymentGuard(aws, env))
                .withService(env.service().orElse(UNKNOWN_SERVICE));
    }

    private static BeforeAllowTrafficExtension workflowStarter(Ports ports, Environment env) {
        if (env.stateMachineArn().isEmpty()) {
            return WorkflowStarter.unavailable(Environment.STATE_MACHINE + " is not set: BeforeAllowTraffic needs "
                    + "the deployment workflow's state machine ARN to start a staged shift");
        }
        if (env.specParameter().isEmpty()) {
            return WorkflowStarter.unavailable(Environment.SPEC_PARAMETER + " is not set: the staged shift reads "
                    + "the spec from that parameter");
        }
        try {
            return new WorkflowStarter(
                    ports.executions(),
                    env.stateMachineArn().get(),
                    env.specParameter().get(),
                    ports.clock());
        } catch (IllegalArgumentException e) {
            return WorkflowStarter.unavailable(Environment.STATE_MACHINE + " is not usable: " + e.getMessage());
        }
    }
}
