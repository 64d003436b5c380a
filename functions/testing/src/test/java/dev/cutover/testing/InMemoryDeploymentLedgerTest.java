package dev.cutover.testing;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.memory.InMemoryDeploymentLedger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link InMemoryDeploymentLedger} against the ledger contract, plus its listing. */
class InMemoryDeploymentLedgerTest extends DeploymentLedgerContract {

    private InMemoryDeploymentLedger memory;

    @Override
    protected DeploymentLedger newLedger(Clock clock) {
        memory = new InMemoryDeploymentLedger(clock);
        return memory;
    }

    @Test
    void listsEveryDeploymentOldestStartFirst() {
        ledger.start(
                DeploymentRecord.started("d-NEW", "orders", "7", clock.instant().plus(Duration.ofHours(2))));
        ledger.start(DeploymentRecord.started(
                "d-PAY", "payments", "3", clock.instant().plus(Duration.ofHours(2))));
        ledger.start(DeploymentRecord.started("d-OLD", "orders", "6", clock.instant()));

        assertThat(memory.all()).extracting(DeploymentRecord::deploymentId).containsExactly("d-OLD", "d-NEW", "d-PAY");
    }
}
