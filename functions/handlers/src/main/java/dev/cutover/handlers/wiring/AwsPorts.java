package dev.cutover.handlers.wiring;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.CloudWatchAlarmStateReader;
import dev.cutover.aws.CloudWatchTargetGroupMetrics;
import dev.cutover.aws.CodeDeployDeploymentControl;
import dev.cutover.aws.CodeDeployDeploymentLookup;
import dev.cutover.aws.CodeDeployHookStatusReporter;
import dev.cutover.aws.DynamoDbDeploymentLedger;
import dev.cutover.aws.DynamoDbDeploymentLock;
import dev.cutover.aws.EcsServiceRevisions;
import dev.cutover.aws.ElbTargetHealthReader;
import dev.cutover.aws.ElbTrafficRouter;
import dev.cutover.aws.Route53TrafficRouter;
import dev.cutover.aws.SecretsManagerSecretReader;
import dev.cutover.aws.SfnWorkflowExecutions;
import dev.cutover.aws.SnsNotifier;
import dev.cutover.aws.SsmSpecRepository;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.traffic.RoutingTypeRouter;

/**
 * The AWS wiring: {@link Ports} over the SDK v2 adapters, from the SDK clients of {@link AwsClients} (made once per
 * container) and the {@link Environment}, with the system clock and real sleeping.
 *
 * <p>Fail-closed: a missing variable never stops the wiring, so a hook can still report Failed and a task that
 * does not need the port still runs. The port it configures fails instead, naming the variable: the lock and the
 * ledger without {@value Environment#LEDGER_TABLE}, the executions without a usable
 * {@value Environment#STATE_MACHINE}, and (for hooks) every spec load without {@value Environment#SPEC_PARAMETER}.
 */
public final class AwsPorts {

    private AwsPorts() {}

    /**
     * The hooks' ports. Their spec is the {@value Environment#SPEC_PARAMETER} parameter, its latest version reused
     * for {@link SsmSpecRepository#DEFAULT_TTL}; without that variable every load fails naming it.
     */
    public static Ports forHooks(AwsClients aws, Environment env) {
        Clock clock = Clock.systemUTC();
        SpecRepository specs = env.specParameter()
                .<SpecRepository>map(
                        p -> new SsmSpecRepository(aws.ssm(), Optional.of(p), clock, SsmSpecRepository.DEFAULT_TTL))
                .orElse(AwsPorts::specParameterNotSet);
        return ports(aws, env, specs, clock);
    }

    /**
     * The workflow tasks' and the alarm trigger's ports. Specs are read from SSM on every unpinned load, and only
     * from the {@value Environment#SPEC_PARAMETER} parameter when that is set (any parameter otherwise).
     */
    public static Ports forWorkflow(AwsClients aws, Environment env) {
        return ports(aws, env, new SsmSpecRepository(aws.ssm(), env.specParameter()), Clock.systemUTC());
    }

    private static Ports ports(AwsClients aws, Environment env, SpecRepository specs, Clock clock) {
        Optional<String> table = env.ledgerTable();
        return Ports.builder()
                .specs(specs)
                .statusReporter(new CodeDeployHookStatusReporter(aws.codeDeploy()))
                .deploymentControl(new CodeDeployDeploymentControl(aws.codeDeploy()))
                .serviceRevisions(new EcsServiceRevisions(aws::ecs))
                .router(new RoutingTypeRouter(
                        new ElbTrafficRouter(aws.elbv2()),
                        new Route53TrafficRouter(aws::route53, clock, Sleeper.SYSTEM)))
                .lock(table.<DeploymentLock>map(t -> new DynamoDbDeploymentLock(aws.dynamoDb(), t, clock))
                        .orElseGet(() -> unconfigured(
                                DeploymentLock.class,
                                Environment.LEDGER_TABLE,
                                "the DynamoDB table holding the deployment lock")))
                .ledger(table.<DeploymentLedger>map(t -> new DynamoDbDeploymentLedger(aws.dynamoDb(), t, clock))
                        .orElseGet(() -> unconfigured(
                                DeploymentLedger.class,
                                Environment.LEDGER_TABLE,
                                "the DynamoDB table holding the deployment ledger")))
                .executions(executions(aws, env))
                .notifier(new SpecTopicNotifier(
                        env.topicArn()
                                .<Notifier>map(t -> new SnsNotifier(aws.sns(), t))
                                .orElse(Notifier.NONE),
                        env.topicArn(),
                        topics(aws)))
                .alarms(new CloudWatchAlarmStateReader(aws.cloudWatch()))
                .targetHealth(new ElbTargetHealthReader(aws.elbv2()))
                .metrics(new CloudWatchTargetGroupMetrics(aws.cloudWatch()))
                .secrets(new SecretsManagerSecretReader(aws.secretsManager()))
                .clock(clock)
                .sleeper(Sleeper.SYSTEM)
                .build();
    }

    /**
     * Which deployments the hooks act on: those CodeDeploy's GetDeployment places in {@value
     * Environment#CODEDEPLOY_APPLICATION} / {@value Environment#CODEDEPLOY_DEPLOYMENT_GROUP}. Neither set: any
     * (a stack that does not say); only one set: none, naming the other (fail closed).
     */
    public static DeploymentGuard deploymentGuard(AwsClients aws, Environment env) {
        Optional<String> application = env.codeDeployApplication();
        Optional<String> group = env.codeDeployDeploymentGroup();
        if (application.isEmpty() && group.isEmpty()) {
            return DeploymentGuard.ANY;
        }
        if (application.isEmpty() || group.isEmpty()) {
            String unset = application.isEmpty()
                    ? Environment.CODEDEPLOY_APPLICATION
                    : Environment.CODEDEPLOY_DEPLOYMENT_GROUP;
            return DeploymentGuard.refuseAll(missing(
                            unset,
                            "the hooks act only on their stack's CodeDeploy application and deployment group, "
                                    + "and need both")
                    .getMessage());
        }
        return DeploymentGuard.codeDeploy(
                new CodeDeployDeploymentLookup(aws.codeDeploy()), application.get(), group.get());
    }

    /** A notifier for any SNS topic, for the one a spec's {@code notifications.topicArn} names. */
    public static Function<String, Notifier> topics(AwsClients aws) {
        return topic -> new SnsNotifier(aws.sns(), topic);
    }

    /**
     * What a hook needs to report Failed when nothing else could be built: CodeDeploy's status report alone.
     */
    public static HookStatusReporter minimalReporter(AwsClients aws) {
        return new CodeDeployHookStatusReporter(aws.codeDeploy());
    }

    private static WorkflowExecutions executions(AwsClients aws, Environment env) {
        if (env.stateMachineArn().isEmpty()) {
            return unconfigured(
                    WorkflowExecutions.class, Environment.STATE_MACHINE, "the deployment workflow's state machine ARN");
        }
        try {
            return new SfnWorkflowExecutions(aws.sfn(), env.stateMachineArn().get());
        } catch (IllegalArgumentException e) {
            return failing(WorkflowExecutions.class, Environment.STATE_MACHINE, "is not usable: " + e.getMessage());
        }
    }

    private static SpecRepository.VersionedSpec specParameterNotSet(String reference) {
        throw new SpecException(
                "environment",
                Environment.SPEC_PARAMETER,
                "not set: the function needs the name of the SSM parameter holding the Cutover spec");
    }

    /** The message of a port whose variable is not set. */
    public static FunctionMisconfiguredException missing(String variable, String why) {
        return new FunctionMisconfiguredException("environment variable " + variable + " is not set: " + why);
    }

    /**
     * A port whose configuration is missing: wiring succeeds (so tasks that do not need it still run), and the
     * first call fails naming the variable.
     */
    static <T> T unconfigured(Class<T> port, String variable, String what) {
        return proxy(port, variable + " is not set", () -> missing(variable, "it names " + what));
    }

    private static <T> T failing(Class<T> port, String variable, String problem) {
        return proxy(
                port,
                variable + " " + problem,
                () -> new FunctionMisconfiguredException("environment variable " + variable + " " + problem));
    }

    private static <T> T proxy(Class<T> port, String state, java.util.function.Supplier<RuntimeException> failure) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "unconfigured " + port.getSimpleName() + " (" + state + ")";
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    throw failure.get();
            }
        });
        return port.cast(proxy);
    }
}
