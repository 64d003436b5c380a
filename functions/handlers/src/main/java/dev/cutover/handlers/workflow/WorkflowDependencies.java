package dev.cutover.handlers.workflow;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.cutover.aws.AwsClients;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.workflow.AlarmTrigger;
import dev.cutover.core.workflow.DeploymentAbort;
import dev.cutover.core.workflow.RoutingScope;
import dev.cutover.core.workflow.SpecResolver;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.handlers.wiring.AwsPorts;
import dev.cutover.handlers.wiring.Environment;
import dev.cutover.handlers.wiring.Ports;

/**
 * Everything the workflow task handlers and the alarm trigger talk to: the {@link Ports} and the few settings that
 * are not ports. Production handlers get theirs from {@link #fromEnvironment()}, once per container (sharing
 * {@link AwsClients#fromEnvironment()} with the hooks); tests and the local runtime start from {@link #of} and
 * replace what they need. The environment variables are described on {@link Environment}.
 *
 * @param smokeTests      the smoke tests the check tasks run
 * @param scope           the routing the stack may change
 * @param specParameter   the service's spec parameter, for the alarm trigger; empty when not configured
 * @param stateMachineArn the deployment workflow, for the alarm trigger; empty when not configured
 */
public record WorkflowDependencies(
        Ports ports,
        SmokeTestRunner smokeTests,
        RoutingScope scope,
        Optional<String> specParameter,
        Optional<String> stateMachineArn) {

    public WorkflowDependencies {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(smokeTests, "smokeTests");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(specParameter, "specParameter");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    }

    /** Dependencies with smoke tests over the ports' clock and sleeper, any routing, and no alarm trigger. */
    public static WorkflowDependencies of(Ports ports) {
        return new WorkflowDependencies(
                ports,
                new SmokeTestRunner(ports.clock(), ports.sleeper()),
                RoutingScope.ANY,
                Optional.empty(),
                Optional.empty());
    }

    /** These dependencies with other smoke tests (tests replace them with fakes). */
    public WorkflowDependencies withSmokeTests(SmokeTestRunner runner) {
        return new WorkflowDependencies(ports, runner, scope, specParameter, stateMachineArn);
    }

    /** These dependencies confined to the routing a stack may change. */
    public WorkflowDependencies withScope(RoutingScope routing) {
        return new WorkflowDependencies(ports, smokeTests, routing, specParameter, stateMachineArn);
    }

    /**
     * These dependencies with what the alarm trigger needs.
     *
     * @param parameter the spec parameter it judges alarms by
     * @param machine   the state machine whose executions it stops
     */
    public WorkflowDependencies withAlarmTrigger(String parameter, String machine) {
        return new WorkflowDependencies(ports, smokeTests, scope, Optional.of(parameter), Optional.of(machine));
    }

    /** The workflow's tasks over these dependencies. */
    public WorkflowTaskSet workflow() {
        Ports p = ports;
        return WorkflowTaskSet.builder()
                .specs(p.specs())
                .router(p.router())
                .lock(p.lock())
                .ledger(p.ledger())
                .notifier(p.notifier())
                .hookReporter(p.statusReporter())
                .deploymentControl(p.deploymentControl())
                .alarms(p.alarms())
                .smokeTests(smokeTests)
                .healthJudge(new HealthJudge(p.alarms(), p.metrics(), p.clock()))
                .scope(scope)
                .clock(p.clock())
                .sleeper(p.sleeper())
                .build();
    }

    /**
     * The alarm path over these dependencies.
     *
     * @throws FunctionMisconfiguredException naming {@value Environment#SPEC_PARAMETER} or {@value Environment#STATE_MACHINE}
     *                               when not configured
     */
    public AlarmTrigger alarmTrigger(WorkflowTaskSet workflow) {
        String parameter = specParameter.orElseThrow(() ->
                AwsPorts.missing(Environment.SPEC_PARAMETER, "the alarm trigger judges alarms by the service's spec"));
        String machine = stateMachineArn.orElseThrow(() -> AwsPorts.missing(
                Environment.STATE_MACHINE, "the alarm trigger stops the workflow execution in flight"));
        return new AlarmTrigger(
                        ports.specs(),
                        parameter,
                        ports.ledger(),
                        ports.executions(),
                        machine,
                        workflow.deploymentRollback())
                .withRollbackWindow(ports.lock(), ports.clock());
    }

    /**
     * {@code cutover abort} over these dependencies: the spec parameter is optional (the execution's input names
     * the spec), the state machine is not.
     *
     * @throws FunctionMisconfiguredException naming {@value Environment#STATE_MACHINE} when not configured
     */
    public DeploymentAbort abort(WorkflowTaskSet workflow) {
        String machine = stateMachineArn.orElseThrow(
                () -> AwsPorts.missing(Environment.STATE_MACHINE, "abort stops the deployment's workflow execution"));
        return new DeploymentAbort(
                new SpecResolver(ports.specs()),
                specParameter,
                ports.ledger(),
                ports.executions(),
                machine,
                workflow.deploymentRollback());
    }

    /** The AWS wiring ({@link AwsPorts#forWorkflow}) from the Lambda environment. */
    public static WorkflowDependencies fromEnvironment() {
        return fromEnvironment(AwsClients.fromEnvironment(), System::getenv);
    }

    static WorkflowDependencies fromEnvironment(AwsClients aws, Function<String, String> variables) {
        Environment env = Environment.read(variables);
        WorkflowDependencies defaults = of(AwsPorts.forWorkflow(aws, env));
        return new WorkflowDependencies(
                defaults.ports(), defaults.smokeTests(), env.scope(), env.specParameter(), env.stateMachineArn());
    }
}
