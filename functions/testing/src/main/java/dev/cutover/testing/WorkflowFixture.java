package dev.cutover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.health.HealthJudge;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.ExecutionInfo;
import dev.cutover.core.workflow.SpecReference;
import dev.cutover.core.workflow.WorkflowInput;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.memory.InMemoryDeploymentLedger;
import dev.cutover.memory.InMemoryDeploymentLock;
import dev.cutover.memory.InMemoryNotifier;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.memory.InMemoryWorkflowExecutions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The workflow over in-memory adapters, with mocked CodeDeploy, alarms and smoke tests; time moves by hand. */
public final class WorkflowFixture {

    public static final String PARAMETER = "/cutover/orders/spec";
    public static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-orders";
    public static final String CODEDEPLOY_ID = "d-ABCDEF123";
    public static final String HOOK_EXECUTION_ID = "eyJlbmNyeXB0ZWREYXRhIjoiZXhhbXBsZSJ9";
    /** The hook execution {@link #codeDeployInput()} answers for. */
    public static final HookExecution HOOK = new HookExecution(CODEDEPLOY_ID, HOOK_EXECUTION_ID);

    public static final String LISTENER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/fedcba9876543210";
    public static final String BLUE_TG =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/0123456789abcdef";
    public static final String GREEN_TG =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210";

    /** Stages 10, 50, 100 with a minute of bake each; one alarm; one smoke test. */
    public static String specJson(String rollback) {
        return """
                {
                  "version": 1,
                  "service": "orders",
                  "routing": {
                    "productionListenerArn": "%s",
                    "testListenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/0a1b2c3d4e5f6a7b",
                    "targetGroupArns": ["%s", "%s"],
                    "productionUrl": "https://orders.example.com",
                    "testUrl": "https://orders.example.com:8443"
                  },
                  "shifting": {
                    "stages": [
                      {"percent": 10, "bakeSeconds": 60},
                      {"percent": 50, "bakeSeconds": 60},
                      {"percent": 100, "bakeSeconds": 60}
                    ]
                  },
                  "health": {
                    "alarms": ["orders-5xx"],
                    "metricGates": [{"metric": "5xx-rate", "threshold": 0.01, "minRequests": 100}]
                  },
                  "smokeTests": {"tests": [{"name": "health", "method": "GET", "path": "/health", "expectStatus": 200}]}
                  %s
                }
                """.formatted(LISTENER, BLUE_TG, GREEN_TG, rollback == null ? "" : ", \"rollback\": " + rollback);
    }

    public final ManualClock clock = new ManualClock();
    public final InMemorySpecRepository specs = new InMemorySpecRepository();
    public final InMemoryDeploymentLock lock = new InMemoryDeploymentLock(clock);
    public final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);
    public final InMemoryNotifier notifier = new InMemoryNotifier();
    public final InMemoryWorkflowExecutions executions = new InMemoryWorkflowExecutions(clock, STATE_MACHINE);
    public final HookStatusReporter hooks = mock(HookStatusReporter.class);
    public final DeploymentControl codeDeploy = mock(DeploymentControl.class);
    public final AlarmStateReader alarms = mock(AlarmStateReader.class);
    public final SmokeTestRunner smoke = mock(SmokeTestRunner.class);
    public final InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics();
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    public InMemoryTrafficRouter router = new InMemoryTrafficRouter();

    public WorkflowFixture() {
        this(null);
    }

    public WorkflowFixture(String rollbackPolicy) {
        specs.put(PARAMETER, specJson(rollbackPolicy));
        when(hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.REPORTED);
        when(alarms.states(any())).thenReturn(Map.of("orders-5xx", AlarmState.OK));
        // CodeDeploy runs this deployment with the original task set behind BLUE_TG (GetDeploymentTarget)
        when(codeDeploy.targetGroupRoles(any(), any())).thenReturn(new TargetGroupRoles(BLUE_TG, GREEN_TG));
    }

    public Sleeper sleeper() {
        return d -> {
            sleeps.add(d);
            clock.advance(d);
        };
    }

    public WorkflowTaskSet tasks() {
        return builder().build();
    }

    public WorkflowTaskSet.Builder builder() {
        return WorkflowTaskSet.builder()
                .specs(specs)
                .router(router)
                .lock(lock)
                .ledger(ledger)
                .notifier(notifier)
                .hookReporter(hooks)
                .deploymentControl(codeDeploy)
                .alarms(alarms)
                .smokeTests(smoke)
                .clock(clock)
                .healthJudge(new HealthJudge(alarms, metrics, clock))
                .sleeper(sleeper())
                .rollbackRetries(3, Duration.ofMillis(100));
    }

    public CutoverSpec spec() {
        return specs.load(PARAMETER).spec();
    }

    public Routing routing() {
        return spec().routing();
    }

    public Weights traffic() {
        return router.read(routing());
    }

    /** Requests served during the second after now: {@code green5xx} of green's answered 503. */
    public void serve(int green, int green5xx, int blue) {
        java.time.Instant at = clock.instant().plusMillis(500);
        for (int i = 0; i < green; i++) {
            metrics.record(GREEN_TG, at, i < green5xx ? 503 : 200, 20);
        }
        for (int i = 0; i < blue; i++) {
            metrics.record(BLUE_TG, at, 200, 20);
        }
    }

    public DeploymentRecord record(String deploymentId) {
        return ledger.find(deploymentId).orElseThrow();
    }

    /**
     * A hook-started deployment (the id {@value #CODEDEPLOY_ID}) whose stages 0..last are shifted, its execution
     * running in {@link #executions}.
     */
    public DeploymentPlan inFlight(WorkflowTaskSet tasks, int last) {
        WorkflowInput input = codeDeployInput();
        executions.start(WorkflowExecutions.executionNameFor(CODEDEPLOY_ID), input.toJson());
        DeploymentPlan plan = tasks.validateAndLock().run(input, execution(CODEDEPLOY_ID));
        for (int i = 0; i <= last; i++) {
            tasks.shiftTraffic().run(plan, plan.stages().get(i));
        }
        return plan;
    }

    public static CodeDeployHook hook(LifecycleHook hook) {
        return new CodeDeployHook(CODEDEPLOY_ID, HOOK_EXECUTION_ID, hook);
    }

    /** What BeforeAllowTraffic starts. */
    public static WorkflowInput codeDeployInput() {
        return new WorkflowInput(
                "orders",
                Optional.empty(),
                new SpecReference.Parameter(PARAMETER),
                Optional.of(hook(LifecycleHook.BEFORE_ALLOW_TRAFFIC)));
    }

    public static WorkflowInput standaloneInput(String deploymentId) {
        return new WorkflowInput(
                "orders", Optional.of(deploymentId), new SpecReference.Parameter(PARAMETER), Optional.empty());
    }

    public static Optional<ExecutionInfo> execution(String name) {
        return Optional.of(new ExecutionInfo(
                STATE_MACHINE.replace("stateMachine", "execution") + ":" + name, name, Optional.empty()));
    }

    /** A clock that moves only when told to. */
    public static final class ManualClock extends Clock {

        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        public synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
