package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.traffic.TrafficShifter;
import dev.cutover.core.workflow.DeploymentRollback;
import dev.cutover.core.workflow.RoleResolver;
import dev.cutover.core.workflow.RoutingScope;
import dev.cutover.core.workflow.SpecResolver;

/**
 * The deployment workflow's Task states, one object each, built over one set of ports so that wiring code names
 * each port once. Every task is safe to run again with the same arguments (Step Functions retries tasks, and the
 * alarm path may roll back while the execution is between states).
 */
public final class WorkflowTaskSet {

    private final ValidateAndLock validateAndLock;
    private final TrafficChecks checks;
    private final ShiftTraffic shiftTraffic;
    private final JudgeHealth judgeHealth;
    private final Finalize finalizeTask;
    private final Rollback rollback;
    private final DeploymentRollback deploymentRollback;
    private final RequestApproval requestApproval;
    private final CloseRollbackWindow closeRollbackWindow;

    private WorkflowTaskSet(Builder b) {
        SpecResolver specs = new SpecResolver(Objects.requireNonNull(b.specs, "specs"));
        TrafficRouter router = Objects.requireNonNull(b.router, "router");
        DeploymentLock lock = Objects.requireNonNull(b.lock, "lock");
        DeploymentLedger ledger = Objects.requireNonNull(b.ledger, "ledger");
        Notifier notifier = Objects.requireNonNull(b.notifier, "notifier");
        HookStatusReporter hookReporter = Objects.requireNonNull(b.hookReporter, "hookReporter");
        DeploymentControl deploymentControl = Objects.requireNonNull(b.deploymentControl, "deploymentControl");
        AlarmStateReader alarms = Objects.requireNonNull(b.alarms, "alarms");
        SmokeTestRunner smokeTests = Objects.requireNonNull(b.smokeTests, "smokeTests");
        HealthJudge healthJudge = Objects.requireNonNull(b.healthJudge, "healthJudge");
        RoutingScope scope = Objects.requireNonNull(b.scope, "scope");
        Clock clock = Objects.requireNonNull(b.clock, "clock");
        Sleeper sleeper = Objects.requireNonNull(b.sleeper, "sleeper");
        dev.cutover.core.traffic.Rollback traffic = b.rollbackAttempts == null
                ? new dev.cutover.core.traffic.Rollback(router, sleeper, clock)
                : new dev.cutover.core.traffic.Rollback(router, sleeper, clock, b.rollbackAttempts, b.rollbackBackoff);

        this.validateAndLock =
                new ValidateAndLock(specs, lock, ledger, scope, new RoleResolver(router, deploymentControl), clock);
        this.checks = new TrafficChecks(specs, smokeTests, alarms, clock);
        this.shiftTraffic = new ShiftTraffic(specs, new TrafficShifter(router), lock, ledger, clock);
        this.judgeHealth = new JudgeHealth(specs, healthJudge, ledger, clock);
        this.deploymentRollback =
                new DeploymentRollback(traffic, lock, ledger, hookReporter, deploymentControl, notifier, clock);
        this.finalizeTask = new Finalize(ledger, lock, hookReporter, notifier, clock)
                .whenCodeDeployRecordedFailure(deploymentControl, specs, deploymentRollback);
        this.rollback = new Rollback(specs, deploymentRollback, hookReporter, notifier);
        this.requestApproval = new RequestApproval(ledger, notifier, clock, specs);
        this.closeRollbackWindow = new CloseRollbackWindow(ledger, clock);
    }

    public CloseRollbackWindow closeRollbackWindow() {
        return closeRollbackWindow;
    }

    public RequestApproval requestApproval() {
        return requestApproval;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ValidateAndLock validateAndLock() {
        return validateAndLock;
    }

    /** PreTrafficChecks and PostTrafficChecks. */
    public TrafficChecks checks() {
        return checks;
    }

    public ShiftTraffic shiftTraffic() {
        return shiftTraffic;
    }

    public JudgeHealth judgeHealth() {
        return judgeHealth;
    }

    public Finalize finalizeDeployment() {
        return finalizeTask;
    }

    public Rollback rollback() {
        return rollback;
    }

    /** The rollback the Rollback task uses, for the alarm path to share. */
    public DeploymentRollback deploymentRollback() {
        return deploymentRollback;
    }

    /** The workflow's ports and settings; every one is required except the scope and the rollback's retry tuning. */
    public static final class Builder {

        private SpecRepository specs;
        private TrafficRouter router;
        private DeploymentLock lock;
        private DeploymentLedger ledger;
        private Notifier notifier = Notifier.NONE;
        private HookStatusReporter hookReporter;
        private DeploymentControl deploymentControl;
        private AlarmStateReader alarms;
        private SmokeTestRunner smokeTests;
        private HealthJudge healthJudge;
        private RoutingScope scope = RoutingScope.ANY;
        private Clock clock;
        private Sleeper sleeper;
        private Integer rollbackAttempts;
        private Duration rollbackBackoff;

        private Builder() {}

        public Builder specs(SpecRepository specs) {
            this.specs = specs;
            return this;
        }

        public Builder router(TrafficRouter router) {
            this.router = router;
            return this;
        }

        public Builder lock(DeploymentLock lock) {
            this.lock = lock;
            return this;
        }

        public Builder ledger(DeploymentLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        /** Defaults to {@link Notifier#NONE}. */
        public Builder notifier(Notifier notifier) {
            this.notifier = notifier;
            return this;
        }

        public Builder hookReporter(HookStatusReporter hookReporter) {
            this.hookReporter = hookReporter;
            return this;
        }

        public Builder deploymentControl(DeploymentControl deploymentControl) {
            this.deploymentControl = deploymentControl;
            return this;
        }

        public Builder alarms(AlarmStateReader alarms) {
            this.alarms = alarms;
            return this;
        }

        public Builder smokeTests(SmokeTestRunner smokeTests) {
            this.smokeTests = smokeTests;
            return this;
        }

        public Builder healthJudge(HealthJudge healthJudge) {
            this.healthJudge = healthJudge;
            return this;
        }

        /** Defaults to {@link RoutingScope#ANY}. */
        public Builder scope(RoutingScope scope) {
            this.scope = scope;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The final shift to blue's tries and first backoff; {@link dev.cutover.core.traffic.Rollback}'s otherwise. */
        public Builder rollbackRetries(int attempts, Duration backoff) {
            this.rollbackAttempts = attempts;
            this.rollbackBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** @throws NullPointerException naming the first missing dependency */
        public WorkflowTaskSet build() {
            return new WorkflowTaskSet(this);
        }
    }
}
