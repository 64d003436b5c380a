package dev.cutover.handlers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.hook.BeforeAllowTrafficExtension;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.workflow.WorkflowStarter;
import dev.cutover.memory.InMemoryWorkflowExecutions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Issue 9 section 3, the third race: BeforeAllowTraffic's time budget against its hand-off to the workflow. The
 * hand-off is recorded before StartExecution, so a hook that runs out of time while the start is in flight leaves
 * the hook to the workflow instead of reporting Failed beside it; and no workflow starts once the checks' deadline
 * has passed.
 */
class BeforeAllowTrafficHandOffRaceTest {

    static final String MACHINE = BeforeAllowTrafficStagedTest.MACHINE;
    static final String PARAMETER = BeforeAllowTrafficStagedTest.PARAMETER;

    final Fixture fx = new Fixture().allPass();
    final InMemoryWorkflowExecutions executions = new InMemoryWorkflowExecutions(fx.clock, MACHINE);
    final Map<String, Object> event = Fixture.event("codedeploy-before-allow-traffic.json");
    final HookExecution ids = HookEventParser.parse(event);
    final String executionArn = WorkflowExecutions.executionArnFor(MACHINE, ids.deploymentId());

    @Test
    void aHookThatRunsOutOfTimeWhileTheStartIsInFlightLeavesTheHookToTheWorkflow() throws Exception {
        when(fx.specs.load(Fixture.SPEC_PARAMETER))
                .thenReturn(Fixture.versioned(BeforeAllowTrafficStagedTest.staged()));
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        WorkflowExecutions slowStart = mock(WorkflowExecutions.class);
        when(slowStart.isRunning(anyString())).thenAnswer(i -> executions.isRunning(i.getArgument(0)));
        when(slowStart.start(anyString(), anyString())).thenAnswer(i -> {
            inFlight.countDown();
            awaitUninterruptibly(answer); // StartExecution is in flight while the hook's waiter gives up
            String arn = executions.start(i.getArgument(0), i.getArgument(1));
            started.countDown();
            return arn;
        });
        BeforeAllowTrafficHandler handler = new BeforeAllowTrafficHandler(
                fx.dependencies().withBeforeAllowTraffic(new WorkflowStarter(slowStart, MACHINE, PARAMETER, fx.clock)));

        Map<String, Object> response = handler.handleRequest(event, new FakeContext(Duration.ofSeconds(4)));
        assertThat(inFlight.await(0, TimeUnit.SECONDS))
                .as("the start was in flight")
                .isTrue();
        answer.countDown();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        // the workflow has the hook, and CodeDeploy has heard nothing that contradicts it
        assertThat(response).containsEntry("delivery", "HANDED_OFF").containsEntry("handedOffTo", executionArn);
        verify(fx.reporter, never()).report(any(), any());
        assertThat(executions.executions())
                .singleElement()
                .satisfies(e -> assertThat(e.arn()).isEqualTo(executionArn));
    }

    @Test
    void noWorkflowStartsOnceTheChecksDeadlineHasPassed() {
        WorkflowExecutions starter = mock(WorkflowExecutions.class);
        WorkflowStarter workflowStarter = new WorkflowStarter(starter, MACHINE, PARAMETER, fx.clock);
        Deadline passed = Deadline.at(fx.clock, Instant.parse("2026-03-01T09:59:59Z"));

        BeforeAllowTrafficExtension.Outcome outcome =
                workflowStarter.afterChecksPassed(BeforeAllowTrafficStagedTest.staged(), Optional.of(ids), passed);

        verify(starter, never()).start(anyString(), anyString());
        assertThat(outcome.handedOffTo()).isEmpty();
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.detail()).contains("deadline");
        });
    }

    @Test
    void aHookThatGaveUpFirstIsNotHandedOff() {
        WorkflowExecutions starter = mock(WorkflowExecutions.class);
        WorkflowStarter workflowStarter = new WorkflowStarter(starter, MACHINE, PARAMETER, fx.clock);
        Deadline open = Deadline.at(fx.clock, Instant.parse("2026-03-01T11:00:00Z"));
        BeforeAllowTrafficExtension.HandOff gaveUp = new BeforeAllowTrafficExtension.HandOff() {
            @Override
            public boolean claim(String to) {
                return false;
            }

            @Override
            public void withdraw() {}
        };

        BeforeAllowTrafficExtension.Outcome outcome = workflowStarter.afterChecksPassed(
                BeforeAllowTrafficStagedTest.staged(), Optional.of(ids), open, gaveUp);

        verify(starter, never()).start(anyString(), anyString());
        assertThat(outcome.results()).extracting(r -> r.passed()).isEqualTo(List.of(false));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (latch.await(30, TimeUnit.SECONDS)) {
                        return;
                    }
                    throw new IllegalStateException("never answered");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
