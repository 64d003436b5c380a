package dev.cutover.handlers.wiring;

import java.time.Clock;

import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.memory.InMemoryServiceRevisions;

import static org.mockito.Mockito.mock;

/** For tests: a {@link Ports.Builder} with a Mockito mock for every port, which a test replaces where it cares. */
public final class MockPorts {

    private MockPorts() {}

    /** Every port a fresh mock; the system clock and a sleeper that returns at once. */
    public static Ports.Builder builder() {
        return Ports.builder()
                .specs(mock(SpecRepository.class))
                .statusReporter(mock(HookStatusReporter.class))
                .deploymentControl(mock(DeploymentControl.class))
                .serviceRevisions(new InMemoryServiceRevisions())
                .router(mock(TrafficRouter.class))
                .lock(mock(DeploymentLock.class))
                .ledger(mock(DeploymentLedger.class))
                .executions(mock(WorkflowExecutions.class))
                .notifier(mock(Notifier.class))
                .alarms(mock(AlarmStateReader.class))
                .targetHealth(mock(TargetHealthReader.class))
                .metrics(mock(TargetGroupMetrics.class))
                .secrets(mock(SecretReader.class))
                .clock(Clock.systemUTC())
                .sleeper(d -> {});
    }
}
