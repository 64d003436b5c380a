package dev.cutover.handlers.wiring;

import java.time.Clock;
import java.util.Objects;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.ServiceRevisions;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.WorkflowExecutions;

/**
 * Every port the hooks and the workflow tasks talk to, by name, plus the time they run on. One set of ports is
 * built per environment: {@link AwsPorts} on Lambda, the local runtime's wiring on this machine, fakes in tests;
 * {@code HookDependencies} and {@code WorkflowDependencies} take what they need from it.
 *
 * <p>Built with {@link #builder()}: every port is set by name, and {@link Builder#build()} names the first one
 * missing, so a forgotten port fails at wiring rather than as a null at first use.
 */
public final class Ports {

    private final SpecRepository specs;
    private final HookStatusReporter statusReporter;
    private final DeploymentControl deploymentControl;
    private final ServiceRevisions serviceRevisions;
    private final TrafficRouter router;
    private final DeploymentLock lock;
    private final DeploymentLedger ledger;
    private final WorkflowExecutions executions;
    private final Notifier notifier;
    private final AlarmStateReader alarms;
    private final TargetHealthReader targetHealth;
    private final TargetGroupMetrics metrics;
    private final SecretReader secrets;
    private final Clock clock;
    private final Sleeper sleeper;

    private Ports(Builder b) {
        this.specs = required(b.specs, "specs");
        this.statusReporter = required(b.statusReporter, "statusReporter");
        this.deploymentControl = required(b.deploymentControl, "deploymentControl");
        this.serviceRevisions = required(b.serviceRevisions, "serviceRevisions");
        this.router = required(b.router, "router");
        this.lock = required(b.lock, "lock");
        this.ledger = required(b.ledger, "ledger");
        this.executions = required(b.executions, "executions");
        this.notifier = required(b.notifier, "notifier");
        this.alarms = required(b.alarms, "alarms");
        this.targetHealth = required(b.targetHealth, "targetHealth");
        this.metrics = required(b.metrics, "metrics");
        this.secrets = required(b.secrets, "secrets");
        this.clock = required(b.clock, "clock");
        this.sleeper = required(b.sleeper, "sleeper");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these ports, to replace some of them. */
    public Builder toBuilder() {
        return new Builder()
                .specs(specs)
                .statusReporter(statusReporter)
                .deploymentControl(deploymentControl)
                .serviceRevisions(serviceRevisions)
                .router(router)
                .lock(lock)
                .ledger(ledger)
                .executions(executions)
                .notifier(notifier)
                .alarms(alarms)
                .targetHealth(targetHealth)
                .metrics(metrics)
                .secrets(secrets)
                .clock(clock)
                .sleeper(sleeper);
    }

    /** Where specs are loaded from by reference (SSM Parameter Store on AWS). */
    public SpecRepository specs() {
        return specs;
    }

    /** Where a hook's verdict is reported (CodeDeploy's PutLifecycleEventHookExecutionStatus on AWS). */
    public HookStatusReporter statusReporter() {
        return statusReporter;
    }

    /** Stops a deployment (CodeDeploy's StopDeployment on AWS). */
    public DeploymentControl deploymentControl() {
        return deploymentControl;
    }

    /** Which target group an ECS service revision is associated with (ECS's DescribeServiceRevisions on AWS). */
    public ServiceRevisions serviceRevisions() {
        return serviceRevisions;
    }

    public TrafficRouter router() {
        return router;
    }

    public DeploymentLock lock() {
        return lock;
    }

    public DeploymentLedger ledger() {
        return ledger;
    }

    /** The deployment workflow's executions (Step Functions on AWS). */
    public WorkflowExecutions executions() {
        return executions;
    }

    public Notifier notifier() {
        return notifier;
    }

    public AlarmStateReader alarms() {
        return alarms;
    }

    public TargetHealthReader targetHealth() {
        return targetHealth;
    }

    public TargetGroupMetrics metrics() {
        return metrics;
    }

    public SecretReader secrets() {
        return secrets;
    }

    public Clock clock() {
        return clock;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    private static <T> T required(T port, String name) {
        if (port == null) {
            throw new IllegalStateException("Ports: " + name + " is not set");
        }
        return port;
    }

    /** Sets every port by name; {@link #build()} refuses a set with one missing. */
    public static final class Builder {
        private SpecRepository specs;
        private HookStatusReporter statusReporter;
        private DeploymentControl deploymentControl;
        private ServiceRevisions serviceRevisions;
        private TrafficRouter router;
        private DeploymentLock lock;
        private DeploymentLedger ledger;
        private WorkflowExecutions executions;
        private Notifier notifier;
        private AlarmStateReader alarms;
        private TargetHealthReader targetHealth;
        private TargetGroupMetrics metrics;
        private SecretReader secrets;
        private Clock clock;
        private Sleeper sleeper;

        private Builder() {}

        public Builder specs(SpecRepository specs) {
            this.specs = Objects.requireNonNull(specs, "specs");
            return this;
        }

        public Builder statusReporter(HookStatusReporter statusReporter) {
            this.statusReporter = Objects.requireNonNull(statusReporter, "statusReporter");
            return this;
        }

        public Builder deploymentControl(DeploymentControl deploymentControl) {
            this.deploymentControl = Objects.requireNonNull(deploymentControl, "deploymentControl");
            return this;
        }

        public Builder serviceRevisions(ServiceRevisions serviceRevisions) {
            this.serviceRevisions = Objects.requireNonNull(serviceRevisions, "serviceRevisions");
            return this;
        }

        public Builder router(TrafficRouter router) {
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        public Builder lock(DeploymentLock lock) {
            this.lock = Objects.requireNonNull(lock, "lock");
            return this;
        }

        public Builder ledger(DeploymentLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        public Builder executions(WorkflowExecutions executions) {
            this.executions = Objects.requireNonNull(executions, "executions");
            return this;
        }

        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        public Builder alarms(AlarmStateReader alarms) {
            this.alarms = Objects.requireNonNull(alarms, "alarms");
            return this;
        }

        public Builder targetHealth(TargetHealthReader targetHealth) {
            this.targetHealth = Objects.requireNonNull(targetHealth, "targetHealth");
            return this;
        }

        public Builder metrics(TargetGroupMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public Builder secrets(SecretReader secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @throws IllegalStateException naming the first port not set */
        public Ports build() {
            return new Ports(this);
        }
    }
}
