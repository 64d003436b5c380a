package dev.cutover.handlers.wiring;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.TrafficRouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

class PortsTest {

    @Test
    void buildNamesTheFirstPortNotSet() {
        assertThatThrownBy(() -> Ports.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Ports: specs is not set");
        assertThatThrownBy(() -> Ports.builder().clock(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
    }

    @Test
    void aMissingPortInTheMiddleIsNamed() {
        Ports.Builder all = MockPorts.builder();
        Ports complete = all.build();
        Ports.Builder withoutSecrets = Ports.builder()
                .specs(complete.specs())
                .statusReporter(complete.statusReporter())
                .deploymentControl(complete.deploymentControl())
                .serviceRevisions(complete.serviceRevisions())
                .router(complete.router())
                .lock(complete.lock())
                .ledger(complete.ledger())
                .executions(complete.executions())
                .notifier(complete.notifier())
                .alarms(complete.alarms())
                .targetHealth(complete.targetHealth())
                .metrics(complete.metrics())
                .clock(complete.clock())
                .sleeper(complete.sleeper());

        assertThatThrownBy(withoutSecrets::build).hasMessage("Ports: secrets is not set");
    }

    @Test
    void toBuilderKeepsEveryPortButTheOnesReplaced() {
        Ports before = MockPorts.builder().build();
        TrafficRouter router = mock(TrafficRouter.class);

        Ports after = before.toBuilder().router(router).build();

        assertThat(after.router()).isSameAs(router);
        assertThat(after).usingRecursiveComparison().ignoringFields("router").isEqualTo(before);
    }
}
