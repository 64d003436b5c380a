package dev.cutover.handlers.workflow;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.CloudWatchAlarmStateReader;
import dev.cutover.aws.CloudWatchTargetGroupMetrics;
import dev.cutover.aws.CodeDeployDeploymentControl;
import dev.cutover.aws.CodeDeployHookStatusReporter;
import dev.cutover.aws.DynamoDbDeploymentLedger;
import dev.cutover.aws.DynamoDbDeploymentLock;
import dev.cutover.aws.ElbTrafficRouter;
import dev.cutover.aws.SfnWorkflowExecutions;
import dev.cutover.aws.SnsNotifier;
import dev.cutover.aws.SsmSpecRepository;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.workflow.AlarmTrigger;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.core.workflow.RoutingScope;

/**
 * Everything the workflow task handlers and the alarm trigger talk to. Production handlers get theirs from
 * {@link #fromEnvironment()}, once per container (sharing {@link AwsClients#fromEnvironment()} with the hooks);
 * tests pass their own.
 *
 * <p>Environment variables (the stack's {@code template.yaml} sets them on every function):
 * <table>
 *   <caption>Configuration</caption>
 *   <tr><th>variable</th><th>used for</th><th>when missing</th></tr>
 *   <tr><td>{@value #LEDGER_TABLE}</td><td>the DynamoDB table holding the ledger and the per-service lock</td>
 *       <td>required: the first task call that needs the ledger or lock fails naming it</td></tr>
 *   <tr><td>{@value #SPEC_PARAMETER}</td><td>the service's spec: the only parameter the workflow may read, and the
 *       spec the alarm trigger judges alarms by</td><td>any parameter may be read; the alarm trigger fails naming
 *       it</td></tr>
 *   <tr><td>{@value #STATE_MACHINE}</td><td>the workflow, whose executions the alarm trigger stops</td>
 *       <td>required by the alarm trigger only: it fails naming it</td></tr>
 *   <tr><td>{@value #TOPIC}</td><td>the SNS topic announcing outcomes</td><td>optional: nothing is published</td></tr>
 *   <tr><td>{@value #PRODUCTION_LISTENER}, {@value #PRODUCTION_RULE} (empty: no rule), {@value #BLUE_TARGET_GROUP},
 *       {@value #GREEN_TARGET_GROUP}</td><td>the routing this stack's IAM lets it change; ValidateAndLock refuses a
 *       spec naming other resources</td><td>optional: any routing is accepted</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>the SDK clients ({@link AwsClients})</td><td>required (Lambda sets it)</td></tr>
 * </table>
 *
 * @param stateMachineArn the deployment workflow, for the alarm trigger; empty when not configured
 * @param specParameter   the service's spec parameter, for the alarm trigger; empty when not configured
 */
public record WorkflowDependencies(
        SpecRepository specs,
        TrafficRouter router,
        DeploymentLock lock,
        DeploymentLedger ledger,
        Notifier notifier,
        HookStatusReporter hookReporter,
        DeploymentControl deploymentControl,
        AlarmStateReader alarms,
        TargetGroupMetrics metrics,
        SmokeTestRunner smokeTests,
        WorkflowExecutions executions,
        RoutingScope scope,
        Optional<String> specParameter,
        Optional<String> stateMachineArn,
        Clock clock,
        Sleeper sleeper) {

    public static final String LEDGER_TABLE = "CUTOVER_LEDGER_TABLE";
    public static final String SPEC_PARAMETER = "CUTOVER_SPEC_PARAMETER";
    public static final String STATE_MACHINE = "CUTOVER_STATE_MACHINE_ARN";
    public static final String TOPIC = "CUTOVER_TOPIC_ARN";
    public static final String PRODUCTION_LISTENER = "CUTOVER_PRODUCTION_LISTENER_ARN";
    public static final String PRODUCTION_RULE = "CUTOVER_PRODUCTION_RULE_ARN";
    public static final String BLUE_TARGET_GROUP = "CUTOVER_BLUE_TARGET_GROUP_ARN";
    public static final String GREEN_TARGET_GROUP = "CUTOVER_GREEN_TARGET_GROUP_ARN";

    public WorkflowDependencies {
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(hookReporter, "hookReporter");
        Objects.requireNonNull(deploymentControl, "deploymentControl");
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(smokeTests, "smokeTests");
        Objects.requireNonNull(executions, "executions");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(specParameter, "specParameter");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The workflow's tasks over these dependencies. */
    public WorkflowTaskSet workflow() {
        return WorkflowTaskSet.builder().specs(specs).router(router).lock(lock).ledger(ledger).notifier(notifier)
                .hookReporter(hookReporter).deploymentControl(deploymentControl).alarms(alarms)
                .smokeTests(smokeTests).healthJudge(new HealthJudge(alarms, metrics, clock)).scope(scope)
                .clock(clock).sleeper(sleeper).build();
    }

    /**
     * The alarm path over these dependencies.
     *
     * @throws FunctionMisconfiguredException naming {@value #SPEC_PARAMETER} or {@value #STATE_MACHINE} when not configured
     */
    public AlarmTrigger alarmTrigger(WorkflowTaskSet workflow) {
        String parameter = specParameter.orElseThrow(() -> missing(SPEC_PARAMETER,
                "the alarm trigger judges alarms by the service's spec"));
        String machine = stateMachineArn.orElseThrow(() -> missing(STATE_MACHINE,
                "the alarm trigger stops the workflow execution in flight"));
        return new AlarmTrigger(specs, parameter, ledger, executions, machine, workflow.deploymentRollback());
    }

    /** The AWS wiring, from the Lambda environment. */
    public static WorkflowDependencies fromEnvironment() {
        return fromEnvironment(AwsClients.fromEnvironment(), System::getenv);
    }

    static WorkflowDependencies fromEnvironment(AwsClients aws, Function<String, String> env) {
        Clock clock = Clock.systemUTC();
        Optional<String> table = value(env, LEDGER_TABLE);
        Optional<String> parameter = value(env, SPEC_PARAMETER);
        Optional<String> machine = value(env, STATE_MACHINE);
        DeploymentLock lock = table.<DeploymentLock>map(t -> new DynamoDbDeploymentLock(aws.dynamoDb(), t, clock))
                .orElseGet(() -> unconfigured(DeploymentLock.class, LEDGER_TABLE,
                        "the DynamoDB table holding the deployment lock"));
        DeploymentLedger ledger = table.<DeploymentLedger>map(t -> new DynamoDbDeploymentLedger(aws.dynamoDb(), t,
                clock)).orElseGet(() -> unconfigured(DeploymentLedger.class, LEDGER_TABLE,
                        "the DynamoDB table holding the deployment ledger"));
        WorkflowExecutions executions = machine.<WorkflowExecutions>map(m -> new SfnWorkflowExecutions(aws.sfn(), m))
                .orElseGet(() -> unconfigured(WorkflowExecutions.class, STATE_MACHINE,
                        "the deployment workflow's state machine ARN"));
        Notifier notifier = value(env, TOPIC).<Notifier>map(t -> new SnsNotifier(aws.sns(), t)).orElse(Notifier.NONE);
        return new WorkflowDependencies(
                new SsmSpecRepository(aws.ssm(), parameter),
                new ElbTrafficRouter(aws.elbv2()),
                lock,
                ledger,
                notifier,
                new CodeDeployHookStatusReporter(aws.codeDeploy()),
                new CodeDeployDeploymentControl(aws.codeDeploy()),
                new CloudWatchAlarmStateReader(aws.cloudWatch()),
                new CloudWatchTargetGroupMetrics(aws.cloudWatch()),
                new SmokeTestRunner(clock, Sleeper.SYSTEM),
                executions,
                scope(env),
                parameter,
                machine,
                clock,
                Sleeper.SYSTEM);
    }

    /** The routing the stack may change; an unset variable leaves that part unconstrained. */
    static RoutingScope scope(Function<String, String> env) {
        Optional<String> rule = Optional.ofNullable(env.apply(PRODUCTION_RULE)).map(String::strip);
        Set<String> targetGroups = new LinkedHashSet<>();
        value(env, BLUE_TARGET_GROUP).ifPresent(targetGroups::add);
        value(env, GREEN_TARGET_GROUP).ifPresent(targetGroups::add);
        return new RoutingScope(value(env, PRODUCTION_LISTENER), rule,
                targetGroups.size() == 2 ? targetGroups : Set.of());
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static FunctionMisconfiguredException missing(String variable, String why) {
        return new FunctionMisconfiguredException("environment variable " + variable + " is not set: " + why);
    }

    /**
     * A port whose configuration is missing: wiring succeeds (so tasks that do not need it still run), and the
     * first call fails naming the variable.
     */
    static <T> T unconfigured(Class<T> port, String variable, String what) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "unconfigured " + port.getSimpleName() + " (" + variable + " is not set)";
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    throw missing(variable, "it names " + what);
            }
        });
        return port.cast(proxy);
    }
}
