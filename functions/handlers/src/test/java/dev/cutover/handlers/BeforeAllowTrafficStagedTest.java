package dev.cutover.handlers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import dev.cutover.aws.AwsClients;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.hook.BeforeAllowTrafficExtension;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.Shifting;
import dev.cutover.core.workflow.WorkflowStarter;
import dev.cutover.memory.InMemoryWorkflowExecutions;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/** BeforeAllowTraffic when the spec asks for staged shifting: the workflow takes the hook over. */
class BeforeAllowTrafficStagedTest {

    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-orders-deployment";
    static final String PARAMETER = "/cutover/orders/spec";

    final Fixture fx = new Fixture().allPass();
    final InMemoryWorkflowExecutions executions = new InMemoryWorkflowExecutions(fx.clock, MACHINE);
    final Map<String, Object> event = Fixture.event("codedeploy-before-allow-traffic.json");
    final HookExecution ids = HookEventParser.parse(event);
    final String executionArn = WorkflowExecutions.executionArnFor(MACHINE, ids.deploymentId());

    static CutoverSpec staged() {
        CutoverSpec s = Specs.full();
        return new CutoverSpec(
                s.version(),
                s.service(),
                s.routing(),
                new Shifting(
                        Shifting.Mode.STAGED,
                        List.of(
                                new Shifting.Stage(10, Duration.ofMinutes(5)),
                                new Shifting.Stage(50, Duration.ofMinutes(10)),
                                new Shifting.Stage(100, Duration.ofMinutes(5))),
                        Shifting.DEFAULT_HOOK_WINDOW,
                        Shifting.DEFAULT_SAFETY_MARGIN),
                s.health(),
                s.smokeTests(),
                s.migrations(),
                s.dataSync(),
                s.notifications(),
                s.rollback());
    }

    HookDependencies dependencies(WorkflowExecutions starter) {
        return fx.dependencies().withBeforeAllowTraffic(new WorkflowStarter(starter, MACHINE, PARAMETER, fx.clock));
    }

    Map<String, Object> invoke(BeforeAllowTrafficHandler handler) {
        return handler.handleRequest(event, new FakeContext(Duration.ofMinutes(5)));
    }

    @Test
    void startsTheWorkflowNamedAfterTheDeploymentAndLeavesTheHookToIt() throws Exception {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(staged()));

        Map<String, Object> response = invoke(new BeforeAllowTrafficHandler(dependencies(executions)));

        assertThat(executions.executions()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(ids.deploymentId());
            assertThat(e.arn()).isEqualTo(executionArn);
            JsonNode input = new ObjectMapper().readTree(e.input());
            assertThat(input.path("service").asText()).isEqualTo("orders");
            assertThat(input.path("specParameter").asText()).isEqualTo(PARAMETER);
            assertThat(input.path("codeDeploy").path("deploymentId").asText()).isEqualTo(ids.deploymentId());
            assertThat(input.path("codeDeploy")
                            .path("lifecycleEventHookExecutionId")
                            .asText())
                    .isEqualTo(ids.lifecycleEventHookExecutionId());
            assertThat(input.path("codeDeploy").path("hook").asText()).isEqualTo("BeforeAllowTraffic");
            assertThat(input.size()).isEqualTo(3);
        });
        assertThat(response).containsEntry("delivery", "HANDED_OFF").containsEntry("handedOffTo", executionArn);
        verify(fx.dataSync, times(1)).check(any(), any(), any());
        verify(fx.reporter, never()).report(any(), any());
    }

    @Test
    void aDuplicateDeliveryFindsTheSameExecutionAndStillReportsNothing() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(staged()));
        BeforeAllowTrafficHandler handler = new BeforeAllowTrafficHandler(dependencies(executions));
        invoke(handler);

        Map<String, Object> again = invoke(handler);

        assertThat(again).containsEntry("delivery", "HANDED_OFF").containsEntry("handedOffTo", executionArn);
        assertThat(executions.executions()).hasSize(1);
        // while the workflow runs, the checks are not run again: a different answer now would contradict it
        verify(fx.dataSync, times(1)).check(any(), any(), any());
        verify(fx.reporter, never()).report(any(), any());
    }

    @Test
    void aDuplicateDeliveryAfterTheWorkflowEndedFindsItAndReportsNothing() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(staged()));
        BeforeAllowTrafficHandler handler = new BeforeAllowTrafficHandler(dependencies(executions));
        invoke(handler);
        executions.complete(executionArn, ExecutionStatus.SUCCEEDED);

        Map<String, Object> again = invoke(handler);

        assertThat(again).containsEntry("delivery", "HANDED_OFF");
        assertThat(executions.executions()).hasSize(1);
        verify(fx.reporter, never()).report(any(), any());
    }

    @Test
    void whenTheWorkflowCannotStartTheHookReportsFailed() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(staged()));
        WorkflowExecutions broken = mock(WorkflowExecutions.class);
        when(broken.start(anyString(), anyString()))
                .thenThrow(new DependencyException(
                        "Step Functions StartExecution d-7QXK2M4RB failed: AccessDeniedException"));

        Map<String, Object> response = invoke(new BeforeAllowTrafficHandler(dependencies(broken)));

        assertThat(response).containsEntry("status", "Failed").containsEntry("delivery", "REPORTED");
        assertThat((String) response.get("reason"))
                .startsWith("staged-shift: could not start the staged-shift " + "workflow d-7QXK2M4RB")
                .contains("AccessDeniedException");
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void anAllAtOnceSpecChecksAndReportsAsBefore() {
        Map<String, Object> response = invoke(new BeforeAllowTrafficHandler(dependencies(executions)));

        assertThat(response).containsEntry("status", "Succeeded").containsEntry("delivery", "REPORTED");
        assertThat(executions.executions()).isEmpty();
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
    }

    @Test
    void failedDataSyncReportsFailedAndStartsNothing() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(staged()));
        when(fx.dataSync.check(any(), any(), any()))
                .thenReturn(List.of(Fixture.fail("data-sync:orders", "green has 1204 rows, blue 1210 (tolerance 0)")));

        invoke(new BeforeAllowTrafficHandler(dependencies(executions)));

        assertThat(executions.executions()).isEmpty();
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
    }

    @Test
    void theEcsLifecycleHookNeverStartsTheWorkflow() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(staged()));

        Map<String, Object> answer = new EcsLifecycleHookHandler(dependencies(executions))
                .handleRequest(
                        Fixture.event("ecs-lifecycle-hook-pre-production-traffic-shift.json"),
                        new FakeContext(Duration.ofMinutes(5)));

        assertThat(answer).containsEntry("hookStatus", "SUCCEEDED");
        assertThat(executions.executions()).isEmpty();
        verify(fx.reporter, never()).report(any(), any());
    }

    @Test
    void withoutTheStateMachineVariableAStagedHookFailsNamingIt() {
        try (AwsClients aws = AwsClients.forEndpoint(
                URI.create("http://127.0.0.1:9"),
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            HookDependencies deps = HookDependencies.fromEnvironment(
                    aws, name -> name.equals("CUTOVER_SPEC_PARAMETER") ? PARAMETER : null);

            BeforeAllowTrafficExtension.Outcome outcome =
                    deps.beforeAllowTraffic().afterChecksPassed(staged(), Optional.of(ids), null);

            assertThat(outcome.handedOffTo()).isEmpty();
            assertThat(outcome.results()).singleElement().satisfies(r -> {
                assertThat(r.passed()).isFalse();
                assertThat(r.detail()).contains("CUTOVER_STATE_MACHINE_ARN is not set");
            });
            assertThat(deps.beforeAllowTraffic()
                            .afterChecksPassed(Specs.full(), Optional.of(ids), null)
                            .results())
                    .isEmpty();
        }
    }

    @Test
    void inProductionTheHookGetsTheWorkflowStarter() {
        try (AwsClients aws = AwsClients.forEndpoint(
                URI.create("http://127.0.0.1:9"),
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            HookDependencies deps = HookDependencies.fromEnvironment(aws, name -> switch (name) {
                case "CUTOVER_SPEC_PARAMETER" -> PARAMETER;
                case "CUTOVER_STATE_MACHINE_ARN" -> MACHINE;
                default -> null;
            });

            assertThat(deps.beforeAllowTraffic()).isInstanceOf(WorkflowStarter.class);
        }
    }
}
