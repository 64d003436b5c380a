package dev.cutover.handlers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.workflow.AlarmTrigger;
import dev.cutover.handlers.wiring.MockPorts;
import dev.cutover.handlers.workflow.ShiftTrafficHandler;
import dev.cutover.handlers.workflow.ValidateAndLockHandler;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.memory.InMemoryDeploymentLedger;
import dev.cutover.memory.InMemoryDeploymentLock;
import dev.cutover.memory.InMemoryNotifier;
import dev.cutover.memory.InMemoryServiceRevisions;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.memory.InMemoryWorkflowExecutions;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;
import dev.cutover.testing.InMemorySpecRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The alarm path on the sample EventBridge events, over in-memory ledger, lock, router and executions. */
class AlarmTriggerHandlerTest {

    static final String PARAMETER = "/cutover/orders/spec";
    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-orders-deployment";
    static final String EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:cutover-orders-deployment:" + "d-ABCDEF123";
    static final HookExecution HOOK = new HookExecution("d-ABCDEF123", "eyJlbmNyeXB0ZWREYXRhIjoiZXhhbXBsZSJ9");
    static final String SPEC = """
            {"version": 1, "service": "orders",
             "routing": {
               "productionListenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/fedcba9876543210",
               "testListenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/0a1b2c3d4e5f6a7b",
               "targetGroupArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/0123456789abcdef", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210"],
               "productionUrl": "https://orders.example.com", "testUrl": "https://orders.example.com:8443"},
             "shifting": {"stages": [{"percent": 10, "bakeSeconds": 300}, {"percent": 50, "bakeSeconds": 600},
                                     {"percent": 100, "bakeSeconds": 300}]},
             "health": {"alarms": ["orders-5xx-rate", "orders-latency-p99"]}}
            """;

    final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:07:13Z"), ZoneOffset.UTC);
    final InMemorySpecRepository specs = new InMemorySpecRepository();
    final InMemoryTrafficRouter router = new InMemoryTrafficRouter();
    final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);
    final InMemoryDeploymentLock lock = new InMemoryDeploymentLock(clock);
    final InMemoryNotifier notifier = new InMemoryNotifier();
    final InMemoryWorkflowExecutions executions = new InMemoryWorkflowExecutions(clock, MACHINE);
    final HookStatusReporter hooks = mock(HookStatusReporter.class);
    final DeploymentControl codeDeploy = mock(DeploymentControl.class);
    WorkflowDependencies deps;
    AlarmTriggerHandler handler;
    Routing routing;

    @BeforeEach
    void wire() {
        specs.put(PARAMETER, SPEC);
        Routing pair = specs.load(PARAMETER).spec().routing();
        TargetGroupRoles roles = new TargetGroupRoles(
                pair.targetGroupArns().get(0), pair.targetGroupArns().get(1));
        routing = pair.withRoles(roles);
        when(hooks.report(any(), any())).thenReturn(HookStatusReporter.Outcome.REPORTED);
        when(codeDeploy.targetGroupRoles(any(), any())).thenReturn(roles);
        deps = WorkflowDependencies.of(MockPorts.builder()
                        .specs(specs)
                        .router(router)
                        .lock(lock)
                        .ledger(ledger)
                        .notifier(notifier)
                        .statusReporter(hooks)
                        .deploymentControl(codeDeploy)
                        .serviceRevisions(new InMemoryServiceRevisions())
                        .executions(executions)
                        .clock(clock)
                        .build())
                .withSmokeTests(mock(SmokeTestRunner.class))
                .withAlarmTrigger(PARAMETER, MACHINE);
        handler = new AlarmTriggerHandler(deps);
    }

    /** BeforeAllowTraffic started the execution; it planned and shifted to 50%. */
    void deploymentAtFifty() {
        Map<String, Object> input = Fixture.event("workflow-input-codedeploy.json");
        executions.start(
                "d-ABCDEF123",
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .valueToTree(input)
                        .toString());
        Map<String, Object> plan = new ValidateAndLockHandler(deps)
                .handleRequest(
                        Map.of("input", input, "execution", Map.of("id", EXECUTION, "name", "d-ABCDEF123")), context());
        for (int i = 0; i < 2; i++) {
            Object stage = ((java.util.List<?>) plan.get("stages")).get(i);
            new ShiftTrafficHandler(deps).handleRequest(Map.of("deployment", plan, "stage", stage), context());
        }
        assertThat(router.read(routing)).isEqualTo(new Weights(50, 50));
    }

    static FakeContext context() {
        return new FakeContext(Duration.ofMinutes(15), "cutover-orders-alarm-trigger");
    }

    Map<String, Object> invoke(Map<String, Object> event) {
        return handler.handleRequest(event, context());
    }

    @Test
    void anAlarmOfTheServiceStopsTheExecutionAndRollsBackWithTheAlarmAsReason() {
        deploymentAtFifty();

        Map<String, Object> result = invoke(Fixture.event("alarm-state-change-alarm.json"));

        assertThat(result).containsEntry("action", "ROLLED_BACK").containsEntry("alarm", "orders-5xx-rate");
        assertThat(executions.execution(EXECUTION).orElseThrow()).satisfies(e -> {
            assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(e.error()).contains(AlarmTrigger.STOP_ERROR);
        });
        assertThat(router.read(routing)).isEqualTo(Weights.ALL_BLUE);
        assertThat(ledger.find("d-ABCDEF123").orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.ROLLED_BACK);
            assertThat(r.outcomeReason().orElseThrow())
                    .startsWith("alarm orders-5xx-rate in ALARM: Threshold "
                            + "Crossed: 1 out of the last 1 datapoints [42.0");
        });
        assertThat(lock.holder("orders")).isEmpty();
        verify(hooks, times(1)).report(HOOK, HookStatus.FAILED);
        assertThat(notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.stageReached()).isEqualTo(50));
    }

    @Test
    void aRepeatedAlarmEventChangesNothing() {
        deploymentAtFifty();
        invoke(Fixture.event("alarm-state-change-alarm.json"));

        Map<String, Object> again = invoke(Fixture.event("alarm-state-change-alarm.json"));

        assertThat(again)
                .containsEntry("action", "IGNORED")
                .containsEntry("detail", "no deployment of orders in flight");
        verify(hooks, times(1)).report(any(), any());
        assertThat(notifier.published()).hasSize(1);
        assertThat(router.requested(routing))
                .filteredOn(Weights.ALL_BLUE::equals)
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "INSUFFICIENT_DATA"})
    void okAndInsufficientDataChangeNothing(String state) {
        deploymentAtFifty();
        Map<String, Object> event = withState(Fixture.event("alarm-state-change-ok.json"), state);

        assertThat(invoke(event)).containsEntry("action", "IGNORED");
        assertUntouched();
    }

    @Test
    void anUnrelatedAlarmChangesNothing() {
        deploymentAtFifty();

        assertThat(invoke(Fixture.event("alarm-state-change-unrelated.json"))).containsEntry("action", "IGNORED");
        assertUntouched();
    }

    @Test
    void withNoDeploymentInFlightNothingHappens() {
        assertThat(invoke(Fixture.event("alarm-state-change-alarm.json")))
                .containsEntry("detail", "no deployment of orders in flight");
        assertThat(router.requested(routing)).isEmpty();
        verify(hooks, never()).report(any(), any());
    }

    @Test
    void anEventWithoutTheAlarmsStateIsRefused() {
        assertThatThrownBy(() -> invoke(Map.of(
                        "detail-type",
                        "CloudWatch Alarm State Change",
                        "detail",
                        Map.of("alarmName", "orders-5xx-rate"))))
                .isExactlyInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("detail.state: missing");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withState(Map<String, Object> event, String state) {
        Map<String, Object> copy = new HashMap<>(event);
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
        Map<String, Object> newState = new HashMap<>((Map<String, Object>) detail.get("state"));
        newState.put("value", state);
        detail.put("state", newState);
        copy.put("detail", detail);
        return copy;
    }

    private void assertUntouched() {
        assertThat(executions.execution(EXECUTION).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(router.read(routing)).isEqualTo(new Weights(50, 50));
        assertThat(ledger.find("d-ABCDEF123").orElseThrow().status()).isEqualTo(Status.IN_PROGRESS);
        verify(hooks, never()).report(any(), any());
        assertThat(notifier.published()).isEmpty();
    }
}
