package dev.cutover.runtime.wiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.memory.InMemoryDeploymentLedger;
import dev.cutover.memory.InMemoryDeploymentLock;
import dev.cutover.memory.InMemoryServiceRevisions;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.runtime.adapters.EngineWorkflowExecutions;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.adapters.LocalSecrets;
import dev.cutover.runtime.adapters.LocalSpecRepository;
import dev.cutover.runtime.adapters.LocalTargetHealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalWiringTest {

    final Clock clock = Clock.systemUTC();

    Ports.Builder adapters() {
        return Ports.builder()
                .specs(new LocalSpecRepository())
                .statusReporter((execution, status) -> HookStatusReporter.Outcome.REPORTED)
                .deploymentControl(org.mockito.Mockito.mock(dev.cutover.core.port.DeploymentControl.class))
                .serviceRevisions(new InMemoryServiceRevisions())
                .router(new InMemoryTrafficRouter())
                .lock(new InMemoryDeploymentLock(clock))
                .ledger(new InMemoryDeploymentLedger(clock))
                .notifier(Notifier.NONE)
                .alarms(names -> Map.of())
                .targetHealth(new LocalTargetHealth())
                .metrics(new InMemoryTargetGroupMetrics())
                .secrets(new LocalSecrets());
    }

    @Test
    void everyFunctionRunsOverTheSamePortsWithTheEngineAsStepFunctions() {
        List<String> observed = new ArrayList<>();

        LocalWiring wiring =
                LocalWiring.wire(clock, adapters(), EngineWorkflowExecutions.deploymentWorkflow(), (task, handler) -> {
                    observed.add(task);
                    return handler;
                });

        assertThat(wiring.ports().executions()).isInstanceOf(EngineWorkflowExecutions.class);
        assertThat(wiring.ports().clock()).isSameAs(clock);
        for (String name : LocalFunctions.NAMES) {
            assertThat(wiring.functions().get(name)).as(name).isNotNull();
        }
        assertThat(observed).containsExactlyElementsOf(EngineWorkflowExecutions.TASKS);
    }

    @Test
    void anAdapterLeftOutIsNamed() {
        Ports.Builder noSpecs =
                Ports.builder().statusReporter((execution, status) -> HookStatusReporter.Outcome.REPORTED);

        assertThatThrownBy(() -> LocalWiring.wire(
                        clock, noSpecs, EngineWorkflowExecutions.deploymentWorkflow(), LocalWiring.AS_IS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Ports: specs is not set");
    }
}
