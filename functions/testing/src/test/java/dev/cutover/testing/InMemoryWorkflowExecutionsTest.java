package dev.cutover.testing;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.memory.InMemoryWorkflowExecutions;
import dev.cutover.memory.InMemoryWorkflowExecutions.Execution;
import dev.cutover.memory.InMemoryWorkflowExecutions.ExecutionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InMemoryWorkflowExecutionsTest {

    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-local";
    private static final String INPUT = "{\"service\":\"orders\",\"specParameter\":\"/cutover/orders/spec\"}";

    private final MutableClock clock = new MutableClock();
    private final InMemoryWorkflowExecutions executions = new InMemoryWorkflowExecutions(clock, MACHINE);

    @Test
    void startsARunningExecutionUnderTheMachinesArn() {
        String arn = executions.start("d-AAA", INPUT);

        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:cutover-local:d-AAA");
        assertThat(executions.isRunning(arn)).isTrue();
        Execution execution = executions.execution(arn).orElseThrow();
        assertThat(execution.input()).isEqualTo(INPUT);
        assertThat(execution.startedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aDuplicateStartWithTheSameInputFindsTheFirstExecution() {
        String first = executions.start("d-AAA", INPUT);

        String again =
                executions.start("d-AAA", "{ \"specParameter\": \"/cutover/orders/spec\", \"service\": \"orders\" }");

        assertThat(again).isEqualTo(first);
        assertThat(executions.executions()).hasSize(1);
    }

    @Test
    void aDuplicateStartAfterTheEndStillFindsTheExecution() {
        String first = executions.start("d-AAA", INPUT);
        executions.complete(first, ExecutionStatus.SUCCEEDED);

        assertThat(executions.start("d-AAA", INPUT)).isEqualTo(first);
        assertThat(executions.isRunning(first)).isFalse();
    }

    @Test
    void aStartWithTheSameNameAndAnotherInputConflicts() {
        String first = executions.start("d-AAA", INPUT);

        ExecutionNameConflictException e = catchThrowableOfType(
                ExecutionNameConflictException.class, () -> executions.start("d-AAA", "{\"service\":\"payments\"}"));

        assertThat(e.existingExecutionArn()).isEqualTo(first);
        assertThat(e.getMessage()).contains("d-AAA", "different input");
    }

    @Test
    void stopEndsTheExecutionWithTheReasonAndIsIdempotent() {
        String arn = executions.start("d-AAA", INPUT);

        executions.stop(arn, "AlarmFired", "alarm orders-5xx went to ALARM");
        executions.stop(arn, "Again", "second stop changes nothing");

        Execution execution = executions.execution(arn).orElseThrow();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(execution.error()).contains("AlarmFired");
        assertThat(execution.cause()).contains("alarm orders-5xx went to ALARM");
        assertThat(executions.isRunning(arn)).isFalse();
    }

    @Test
    void unknownExecutionsAreNotRunningAndCannotBeStopped() {
        String unknown = "arn:aws:states:us-east-1:123456789012:execution:cutover-local:nope";

        assertThat(executions.isRunning(unknown)).isFalse();
        assertThatThrownBy(() -> executions.stop(unknown, "E", "c"))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining(unknown);
    }

    @Test
    void rejectsInvalidNames() {
        assertThatThrownBy(() -> executions.start("has space", INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has space");
        assertThatThrownBy(() -> executions.start("x".repeat(81), INPUT)).isInstanceOf(IllegalArgumentException.class);
    }
}
