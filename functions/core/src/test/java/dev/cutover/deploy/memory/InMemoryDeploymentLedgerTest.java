package dev.cutover.deploy.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.deploy.DeploymentRecord;
import dev.cutover.deploy.DeploymentRecord.Status;
import dev.cutover.deploy.MutableClock;
import dev.cutover.deploy.StageEntry;

class InMemoryDeploymentLedgerTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);

    @Test
    void recordsADeploymentFromStartToPromotion() {
        Instant started = clock.instant();
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", started));
        assertThat(ledger.findInFlight("orders")).map(DeploymentRecord::deploymentId).contains("d-AAA");

        clock.advance(Duration.ofMinutes(5));
        StageEntry ten = new StageEntry(0, 10, 90, 10, "healthy: 0 5xx in 1200 requests", clock.instant());
        ledger.stageReached("d-AAA", ten);
        clock.advance(Duration.ofMinutes(5));
        StageEntry all = new StageEntry(1, 100, 0, 100, "healthy: 1 5xx in 9800 requests", clock.instant());
        ledger.stageReached("d-AAA", all);
        clock.advance(Duration.ofSeconds(3));
        Instant finished = clock.instant();
        ledger.finish("d-AAA", Status.PROMOTED, "all stages healthy", finished);

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.PROMOTED);
        assertThat(record.stagesReached()).containsExactly(ten, all);
        assertThat(record.outcomeReason()).contains("all stages healthy");
        assertThat(record.finishedAt()).contains(finished);
        assertThat(record.startedAt()).isEqualTo(started);
        assertThat(record.updatedAt()).isEqualTo(finished);
        assertThat(record.specVersion()).isEqualTo("7");
        assertThat(ledger.findInFlight("orders")).as("a finished deployment is not in flight").isEmpty();
    }

    @Test
    void aRetriedStageIsRecordedOnce() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        StageEntry first = new StageEntry(0, 10, 90, 10, "shifted", clock.instant());
        ledger.stageReached("d-AAA", first);
        clock.advance(Duration.ofSeconds(2));

        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "shifted", clock.instant()));
        StageEntry judged = new StageEntry(0, 10, 90, 10, "healthy", clock.instant());
        ledger.stageReached("d-AAA", judged);

        assertThat(ledger.find("d-AAA").orElseThrow().stagesReached()).containsExactly(first, judged);
    }

    @Test
    void finishingTwiceWithTheSameStatusKeepsTheFirstReason() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        Instant first = clock.instant();
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm orders-5xx", first);
        clock.advance(Duration.ofSeconds(30));

        ledger.finish("d-AAA", Status.ROLLED_BACK, "retried rollback", clock.instant());

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.outcomeReason()).contains("alarm orders-5xx");
        assertThat(record.finishedAt()).contains(first);
    }

    @Test
    void finishingWithAnotherStatusIsRefusedNamingBoth() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm", clock.instant());

        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.PROMOTED, "late finalize", clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-AAA").hasMessageContaining("ROLLED_BACK").hasMessageContaining("PROMOTED");
        assertThat(ledger.find("d-AAA").orElseThrow().status()).isEqualTo(Status.ROLLED_BACK);
    }

    @Test
    void finishingInProgressIsNotAnEnd() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.IN_PROGRESS, "", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stagesAndFinishesOfUnknownDeploymentsAreRefused() {
        StageEntry entry = new StageEntry(0, 10, 90, 10, "shifted", clock.instant());
        assertThatThrownBy(() -> ledger.stageReached("d-NOPE", entry))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.finish("d-NOPE", Status.FAILED, "x", clock.instant()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("d-NOPE");
        assertThat(ledger.find("d-NOPE")).isEmpty();
    }

    @Test
    void aRetriedStartKeepsTheFirstRecord() {
        Instant first = clock.instant();
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", first));
        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "shifted", first));
        clock.advance(Duration.ofSeconds(10));

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.startedAt()).isEqualTo(first);
        assertThat(record.stagesReached()).hasSize(1);
    }

    @Test
    void aLateRetriedStartOfAFinishedDeploymentDoesNotPutItBackInFlight() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        ledger.finish("d-AAA", Status.PROMOTED, "done", clock.instant());

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        assertThat(ledger.findInFlight("orders")).isEmpty();
        assertThat(ledger.find("d-AAA").orElseThrow().status()).isEqualTo(Status.PROMOTED);
    }

    @Test
    void anIdCannotBeReusedForAnotherService() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        assertThatThrownBy(() -> ledger.start(DeploymentRecord.started("d-AAA", "payments", "1", clock.instant())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("orders").hasMessageContaining("payments");
    }

    @Test
    void theLatestStartIsInFlightAndOtherServicesAreSeparate() {
        ledger.start(DeploymentRecord.started("d-OLD", "orders", "6", clock.instant()));
        clock.advance(Duration.ofHours(2));
        ledger.start(DeploymentRecord.started("d-NEW", "orders", "7", clock.instant()));
        ledger.start(DeploymentRecord.started("d-PAY", "payments", "3", clock.instant()));

        assertThat(ledger.findInFlight("orders")).map(DeploymentRecord::deploymentId).contains("d-NEW");
        assertThat(ledger.findInFlight("payments")).map(DeploymentRecord::deploymentId).contains("d-PAY");
        assertThat(ledger.findInFlight("inventory")).isEmpty();
        assertThat(ledger.all()).extracting(DeploymentRecord::deploymentId).containsExactly("d-OLD", "d-NEW", "d-PAY");
    }

    @Test
    void onlyInProgressRecordsStart() {
        DeploymentRecord finished = DeploymentRecord.started("d-AAA", "orders", "7", clock.instant())
                .finished(Status.PROMOTED, "done", clock.instant(), clock.instant());

        assertThatThrownBy(() -> ledger.start(finished)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.find("d-AAA")).isEqualTo(Optional.empty());
    }
}
