package dev.cutover.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cutover.hook.LifecycleHook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Lambda does with the handlers: instantiate them with no arguments, then invoke. */
class ProductionWiringTest {

    @Test
    void theNoArgumentConstructorsDoNotTouchTheEnvironment() {
        List<CodeDeployHookHandler> handlers = List.of(new BeforeInstallHandler(), new AfterInstallHandler(),
                new AfterAllowTestTrafficHandler(), new BeforeAllowTrafficHandler(), new AfterAllowTrafficHandler());

        assertThat(handlers).extracting(CodeDeployHookHandler::hook).containsExactly(LifecycleHook.values());
        assertThat(new EcsLifecycleHookHandler()).isInstanceOf(RequestHandler.class);
    }

    @Test
    void aMalformedEventIsRejectedBeforeAnyDependencyIsBuilt() {
        assertThatThrownBy(() -> new AfterInstallHandler().handleRequest(Map.of("LifecycleEventHookExecutionId", ""),
                new FakeContext(Duration.ofSeconds(30))))
                .isInstanceOf(InvalidHookEventException.class)
                .hasMessageContaining("DeploymentId is missing")
                .hasMessageContaining("LifecycleEventHookExecutionId is blank");
    }
}
