package dev.cutover.core.port;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowExecutionsTest {

    @Test
    void aCodeDeployIdIsItsOwnExecutionName() {
        assertThat(WorkflowExecutions.executionNameFor("d-ABCDEF123")).isEqualTo("d-ABCDEF123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders/2026-03-01 10:00", "déploiement:1", "a.b", "id with spaces and [brackets]"})
    void otherIdsBecomeValidDeterministicNames(String id) {
        String name = WorkflowExecutions.executionNameFor(id);

        assertThat(WorkflowExecutions.isValidExecutionName(name)).as(name).isTrue();
        assertThat(WorkflowExecutions.executionNameFor(id)).isEqualTo(name);
    }

    @Test
    void idsThatCleanToTheSameTextGetDifferentNames() {
        String dot = WorkflowExecutions.executionNameFor("a.b");
        String colon = WorkflowExecutions.executionNameFor("a:b");

        assertThat(dot).startsWith("a_b-").isNotEqualTo(colon);
        assertThat(colon).startsWith("a_b-");
    }

    @Test
    void longIdsAreCutToEightyCharactersAndStayDistinct() {
        String base = "x".repeat(100);
        String a = WorkflowExecutions.executionNameFor(base + "-a");
        String b = WorkflowExecutions.executionNameFor(base + "-b");

        assertThat(a).hasSize(WorkflowExecutions.MAX_NAME_LENGTH).isNotEqualTo(b);
        assertThat(WorkflowExecutions.isValidExecutionName(a)).isTrue();
    }

    @Test
    void blankIdsHaveNoName() {
        assertThatThrownBy(() -> WorkflowExecutions.executionNameFor(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deploymentId");
        assertThatThrownBy(() -> WorkflowExecutions.executionNameFor(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validNames() {
        assertThat(WorkflowExecutions.isValidExecutionName("d-ABC_123")).isTrue();
        assertThat(WorkflowExecutions.isValidExecutionName("x".repeat(80))).isTrue();
        assertThat(WorkflowExecutions.isValidExecutionName("x".repeat(81))).isFalse();
        assertThat(WorkflowExecutions.isValidExecutionName("")).isFalse();
        assertThat(WorkflowExecutions.isValidExecutionName("a b")).isFalse();
        assertThat(WorkflowExecutions.isValidExecutionName(null)).isFalse();
    }

    @Test
    void executionArnsFollowTheStateMachinesArn() {
        assertThat(WorkflowExecutions.executionArnFor(
                        "arn:aws:states:eu-west-1:123456789012:stateMachine:cutover-deployment", "d-ABC"))
                .isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:cutover-deployment:d-ABC");
        assertThat(WorkflowExecutions.executionArnFor(
                        "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:m:live", "d-ABC"))
                .as("partition kept, alias qualifier dropped")
                .isEqualTo("arn:aws-cn:states:cn-north-1:123456789012:execution:m:d-ABC");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                "arn:aws:states:us-east-1:123456789012:activity:a",
                "not an arn"
            })
    void anythingButAStateMachineArnIsRefused(String arn) {
        assertThatThrownBy(() -> WorkflowExecutions.executionArnFor(arn, "d-ABC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state machine ARN");
    }

    @Test
    void inputsCompareAsJson() {
        assertThat(WorkflowExecutions.sameInput("{\"a\":1,\"b\":[1,2]}", "{ \"b\": [1, 2], \"a\": 1 }"))
                .isTrue();
        assertThat(WorkflowExecutions.sameInput("{\"a\":1}", "{\"a\":2}")).isFalse();
        assertThat(WorkflowExecutions.sameInput("{\"b\":[1,2]}", "{\"b\":[2,1]}"))
                .isFalse();
        assertThat(WorkflowExecutions.sameInput("not json", "not json")).isTrue();
        assertThat(WorkflowExecutions.sameInput("not json", "{}")).isFalse();
    }
}
