package dev.cutover.core.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.testing.WorkflowFixture;

import static org.assertj.core.api.Assertions.assertThat;

class CodeDeployHookTest {

    final CodeDeployHook hook = WorkflowFixture.hook(LifecycleHook.BEFORE_ALLOW_TRAFFIC);

    @Test
    void whatToJsonWritesFromJsonReadsBack() {
        assertThat(hook.toJson().get("hook").asText()).isEqualTo("BeforeAllowTraffic");
        assertThat(CodeDeployHook.fromJson(hook.toJson())).contains(hook);
    }

    @Test
    void anIncompleteOrInvalidHookReadsAsNone() {
        ObjectNode badId = hook.toJson().put("deploymentId", "d-lowercase1");
        ObjectNode noExecution = hook.toJson();
        noExecution.remove("lifecycleEventHookExecutionId");
        ObjectNode paddedExecution = hook.toJson().put("lifecycleEventHookExecutionId", " x ");
        ObjectNode unknownHook = hook.toJson().put("hook", "BeforeLunch");

        assertThat(CodeDeployHook.fromJson(badId)).isEmpty();
        assertThat(CodeDeployHook.fromJson(noExecution)).isEmpty();
        assertThat(CodeDeployHook.fromJson(paddedExecution)).isEmpty();
        assertThat(CodeDeployHook.fromJson(unknownHook)).isEmpty();
        assertThat(CodeDeployHook.fromJson(null)).isEmpty();
    }

    @Test
    void anExecutionIdWithAUnicodeLineOrFormatSeparatorReadsAsNone() {
        for (String separator : new String[] {"\u2028", "\u2029", "\u202e", "\u200b", "\ufeff"}) {
            ObjectNode node = hook.toJson().put("lifecycleEventHookExecutionId", "ab" + separator + "cd");

            assertThat(CodeDeployHook.fromJson(node))
                    .as("U+%04X", (int) separator.charAt(0))
                    .isEmpty();
        }
    }
}
