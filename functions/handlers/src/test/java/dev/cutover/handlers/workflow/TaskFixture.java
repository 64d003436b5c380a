package dev.cutover.handlers.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;

import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.memory.InMemoryServiceRevisions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Mocked ports for the workflow handlers, the spec the sample payloads name, and the samples in events/. */
final class TaskFixture {

    static final String PARAMETER = "/cutover/orders/spec";
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-orders-deployment";
    static final String CODEDEPLOY_ID = "d-ABCDEF123";
    static final String HOOK_EXECUTION_ID = "eyJlbmNyeXB0ZWREYXRhIjoiZXhhbXBsZSJ9";
    static final String LISTENER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/fedcba9876543210";
    static final String BLUE_TG =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/0123456789abcdef";
    static final String GREEN_TG =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210";

    /** The spec at {@code /cutover/orders/spec:3}: stages 10/50/100 as in the sample plans. */
    static final String SPEC_JSON = """
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
              "shifting": {"stages": [
                {"percent": 10, "bakeSeconds": 300},
                {"percent": 50, "bakeSeconds": 600},
                {"percent": 100, "bakeSeconds": 300}
              ]},
              "health": {
                "alarms": ["orders-5xx-rate", "orders-latency-p99"],
                "metricGates": [{"metric": "5xx-rate", "threshold": 0.01, "minRequests": 100}]
              },
              "smokeTests": {"tests": [{"name": "health", "method": "GET", "path": "/health", "expectStatus": 200}]}
            }
            """.formatted(LISTENER, BLUE_TG, GREEN_TG);

    static final CutoverSpec SPEC = SpecParser.parse(SPEC_JSON, "ssm:" + PARAMETER + ":3");

    /** The spec's routing in the sample deployment: BLUE_TG serves production when it starts. */
    static final Routing ROUTING = SPEC.routing().withRoles(new TargetGroupRoles(BLUE_TG, GREEN_TG));

    final SpecRepository specs = mock(SpecRepository.class);
    final TrafficRouter router = mock(TrafficRouter.class);
    final DeploymentLock lock = mock(DeploymentLock.class);
    final DeploymentLedger ledger = mock(DeploymentLedger.class);
    final Notifier notifier = mock(Notifier.class);
    final HookStatusReporter hooks = mock(HookStatusReporter.class);
    final DeploymentControl codeDeploy = mock(DeploymentControl.class);
    final AlarmStateReader alarms = mock(AlarmStateReader.class);
    final TargetGroupMetrics metrics = mock(TargetGroupMetrics.class);
    final SmokeTestRunner smoke = mock(SmokeTestRunner.class);
    final WorkflowExecutions executions = mock(WorkflowExecutions.class);
    final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:15:03.114Z"), ZoneOffset.UTC);

    TaskFixture() {
        // the execution's deployment holds its fence (the lease, HELD), as after ValidateAndLock
        when(lock.holder("orders"))
                .thenReturn(Optional.of(new dev.cutover.core.port.model.LockLease(
                        "orders",
                        "d-ABCDEF123",
                        clock.instant(),
                        clock.instant().plusSeconds(3600))));
        when(lock.renew(any(), any(), any())).thenReturn(true);
        when(lock.decide(any(), any(), any())).thenReturn(true);
        VersionedSpec three = new VersionedSpec(SPEC, "3", PARAMETER + ":3");
        when(specs.load(PARAMETER)).thenReturn(three);
        when(specs.load(PARAMETER + ":3")).thenReturn(three);
        when(hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.REPORTED);
        when(codeDeploy.targetGroupRoles(any(), any())).thenReturn(new TargetGroupRoles(BLUE_TG, GREEN_TG));
        when(alarms.states(any()))
                .thenReturn(Map.of("orders-5xx-rate", AlarmState.OK, "orders-latency-p99", AlarmState.OK));
    }

    WorkflowDependencies dependencies() {
        return WorkflowDependencies.of(Ports.builder()
                        .specs(specs)
                        .router(router)
                        .lock(lock)
                        .ledger(ledger)
                        .notifier(notifier)
                        .statusReporter(hooks)
                        .deploymentControl(codeDeploy)
                        .serviceRevisions(new InMemoryServiceRevisions())
                        .alarms(alarms)
                        .metrics(metrics)
                        .executions(executions)
                        .targetHealth(mock(TargetHealthReader.class))
                        .secrets(mock(SecretReader.class))
                        .clock(clock)
                        .sleeper(d -> {})
                        .build())
                .withSmokeTests(smoke)
                .withAlarmTrigger(PARAMETER, STATE_MACHINE);
    }

    /** The ledger has the sample deployment in progress. */
    TaskFixture inProgress(String deploymentId) {
        when(ledger.find(deploymentId))
                .thenReturn(Optional.of(DeploymentRecord.started(
                        deploymentId, "orders", "3", Instant.parse("2026-03-01T10:00:01.250Z"))));
        return this;
    }

    static Path eventsDir() {
        String root = System.getProperty("cutover.repo.root");
        if (root == null) {
            throw new IllegalStateException("system property cutover.repo.root is not set (surefire sets it)");
        }
        Path dir = Path.of(root, "events");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no events directory at " + dir);
        }
        return dir;
    }

    /** A sample from {@code events/}, as the Lambda runtime would hand it over. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> event(String file) {
        return EventLoader.loadEvent(eventsDir().resolve(file).toString(), Map.class);
    }

    static Context context(Duration remaining) {
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "0f6c1e9a-4b8d-4f2e-9a7c-5d3b2e1f0a9b";
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/cutover-orders-task";
            }

            @Override
            public String getLogStreamName() {
                return "2026/03/01/[live]0123456789abcdef0123456789abcdef";
            }

            @Override
            public String getFunctionName() {
                return "cutover-orders-task";
            }

            @Override
            public String getFunctionVersion() {
                return "7";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:123456789012:function:cutover-orders-task:live";
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return (int) remaining.toMillis();
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override
                    public void log(String message) {
                        System.out.print(message);
                    }

                    @Override
                    public void log(byte[] message) {
                        System.out.print(new String(message, java.nio.charset.StandardCharsets.UTF_8));
                    }
                };
            }
        };
    }
}
