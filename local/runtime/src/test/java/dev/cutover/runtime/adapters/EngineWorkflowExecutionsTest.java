package dev.cutover.runtime.adapters;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.states.Engine;
import dev.cutover.states.StateMachine;
import dev.cutover.states.TaskResolvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineWorkflowExecutionsTest {

    @Test
    void compilesThePackagedDeploymentWorkflowWithEveryTaskResolvedLocally() {
        StateMachine machine = EngineWorkflowExecutions.deploymentWorkflow();

        assertThat(machine.stateNames()).contains("ValidateAndLock", "Stages", "Finalize", "Rollback");
        String definition = machine.definition().toString();
        assertThat(definition).doesNotContain("${");
        for (String task : EngineWorkflowExecutions.TASKS) {
            assertThat(definition).contains("function:cutover-" + task);
        }
    }

    @Test
    void startsByNameFindsDuplicatesAndRefusesConflicts() throws Exception {
        StateMachine waits = StateMachine.compile(
                "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\"," + "\"Seconds\":30,\"End\":true}}}");
        Engine engine = Engine.builder()
                .realTime()
                .taskResolver(TaskResolvers.builder().build())
                .build();
        EngineWorkflowExecutions executions = new EngineWorkflowExecutions(engine, waits);

        String arn = executions.start("d-ABCDEFGHI", "{\"a\":1}");

        assertThat(arn)
                .isEqualTo(
                        WorkflowExecutions.executionArnFor(EngineWorkflowExecutions.STATE_MACHINE_ARN, "d-ABCDEFGHI"));
        assertThat(executions.start("d-ABCDEFGHI", "{ \"a\" : 1 }")).isEqualTo(arn);
        assertThatThrownBy(() -> executions.start("d-ABCDEFGHI", "{\"a\":2}"))
                .isInstanceOf(ExecutionNameConflictException.class);
        assertThat(executions.isRunning(arn)).isTrue();
        assertThat(executions.inputOf(arn)).contains("{\"a\":1}");

        executions.stop(arn, "Stopped", "by the test");
        executions.find(arn).orElseThrow().await();
        assertThat(executions.isRunning(arn)).isFalse();
        assertThatThrownBy(() -> executions.stop("arn:aws:states:us-east-1:123456789012:execution:x:y", "e", "c"))
                .isInstanceOf(DependencyException.class);
    }
}
