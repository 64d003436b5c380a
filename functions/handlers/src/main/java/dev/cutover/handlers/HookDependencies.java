package dev.cutover.handlers;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.CloudWatchAlarmStateReader;
import dev.cutover.aws.CodeDeployHookStatusReporter;
import dev.cutover.aws.ElbTargetHealthReader;
import dev.cutover.aws.SecretsManagerSecretReader;
import dev.cutover.aws.SfnWorkflowExecutions;
import dev.cutover.aws.SsmSpecSource;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.hook.BeforeAllowTrafficExtension;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.SpecSource;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.workflow.WorkflowStarter;
import java.time.Clock;
import java.util.function.Function;
import java.util.Objects;

/**
 * Everything a lifecycle hook handler talks to: the ports, the checks that need their own wiring, time, and what
 * BeforeAllowTraffic does after its checks (in production: start the staged-shift workflow, see
 * {@link WorkflowStarter}). Production handlers get theirs from {@link #fromEnvironment()}, once per container;
 * tests pass their own.
 */
public record HookDependencies(
        SpecSource specSource,
        HookStatusReporter statusReporter,
        TargetHealthReader targetHealthReader,
        AlarmStateReader alarmStateReader,
        SecretReader secretReader,
        SmokeTestRunner smokeTestRunner,
        MigrationRunner migrationRunner,
        DataSyncChecker dataSyncChecker,
        Clock clock,
        Sleeper sleeper,
        BeforeAllowTrafficExtension beforeAllowTraffic) {

    public HookDependencies {
        Objects.requireNonNull(specSource, "specSource");
        Objects.requireNonNull(statusReporter, "statusReporter");
        Objects.requireNonNull(targetHealthReader, "targetHealthReader");
        Objects.requireNonNull(alarmStateReader, "alarmStateReader");
        Objects.requireNonNull(secretReader, "secretReader");
        Objects.requireNonNull(smokeTestRunner, "smokeTestRunner");
        Objects.requireNonNull(migrationRunner, "migrationRunner");
        Objects.requireNonNull(dataSyncChecker, "dataSyncChecker");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(beforeAllowTraffic, "beforeAllowTraffic");
    }

    /** Dependencies whose BeforeAllowTraffic adds nothing after its checks (no staged shift). */
    public HookDependencies(SpecSource specSource, HookStatusReporter statusReporter,
            TargetHealthReader targetHealthReader, AlarmStateReader alarmStateReader, SecretReader secretReader,
            SmokeTestRunner smokeTestRunner, MigrationRunner migrationRunner, DataSyncChecker dataSyncChecker,
            Clock clock, Sleeper sleeper) {
        this(specSource, statusReporter, targetHealthReader, alarmStateReader, secretReader, smokeTestRunner,
                migrationRunner, dataSyncChecker, clock, sleeper, BeforeAllowTrafficExtension.NONE);
    }

    /** Environment variable naming the deployment workflow's state machine, which BeforeAllowTraffic starts. */
    public static final String STATE_MACHINE_VARIABLE = "CUTOVER_STATE_MACHINE_ARN";

    /** Environment variable naming the SSM parameter that holds the service's spec. */
    public static final String SPEC_PARAMETER_VARIABLE = "CUTOVER_SPEC_PARAMETER";

    /**
     * The AWS wiring: SDK clients from {@link AwsClients} (made once per container), the CodeDeploy status
     * reporter, the spec from SSM Parameter Store, Secrets Manager, ELBv2 target health, CloudWatch alarm states,
     * the system clock and real sleeping.
     *
     * <p>A missing {@value #SPEC_PARAMETER_VARIABLE} does not stop the wiring: the hook must still be able to report
     * Failed, so the spec source then fails every load with an error naming the variable. Likewise a missing or
     * malformed {@value #STATE_MACHINE_VARIABLE}: BeforeAllowTraffic then fails a staged spec's hook naming it (an
     * all-at-once spec does not need the workflow).
     */
    public static HookDependencies fromEnvironment() {
        return fromEnvironment(AwsClients.fromEnvironment(), System::getenv);
    }

    static HookDependencies fromEnvironment(AwsClients aws, Function<String, String> env) {
        Clock clock = Clock.systemUTC();
        String parameter = env.apply(SPEC_PARAMETER_VARIABLE);
        SpecSource specs = parameter == null || parameter.isBlank()
                ? () -> {
                    throw new SpecException("environment", SPEC_PARAMETER_VARIABLE,
                            "not set: the function needs the name of the SSM parameter holding the Cutover spec");
                }
                : new SsmSpecSource(aws.ssm(), parameter.strip());
        return new HookDependencies(
                specs,
                new CodeDeployHookStatusReporter(aws.codeDeploy()),
                new ElbTargetHealthReader(aws.elbv2()),
                new CloudWatchAlarmStateReader(aws.cloudWatch()),
                new SecretsManagerSecretReader(aws.secretsManager()),
                new SmokeTestRunner(clock, Sleeper.SYSTEM),
                new MigrationRunner(clock),
                new DataSyncChecker(clock),
                clock,
                Sleeper.SYSTEM,
                workflowStarter(aws, env, parameter, clock));
    }

    private static BeforeAllowTrafficExtension workflowStarter(AwsClients aws, Function<String, String> env,
            String parameter, Clock clock) {
        String machine = env.apply(STATE_MACHINE_VARIABLE);
        if (machine == null || machine.isBlank()) {
            return WorkflowStarter.unavailable(STATE_MACHINE_VARIABLE + " is not set: BeforeAllowTraffic needs the "
                    + "deployment workflow's state machine ARN to start a staged shift");
        }
        if (parameter == null || parameter.isBlank()) {
            return WorkflowStarter.unavailable(SPEC_PARAMETER_VARIABLE + " is not set: the staged shift reads the "
                    + "spec from that parameter");
        }
        try {
            return new WorkflowStarter(new SfnWorkflowExecutions(aws.sfn(), machine.strip()), machine.strip(),
                    parameter.strip(), clock);
        } catch (IllegalArgumentException e) {
            return WorkflowStarter.unavailable(STATE_MACHINE_VARIABLE + " is not usable: " + e.getMessage());
        }
    }
}
