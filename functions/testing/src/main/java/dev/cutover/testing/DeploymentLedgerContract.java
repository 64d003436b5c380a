package dev.cutover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.TargetGroupRoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DeploymentLedger} must do, whatever stores it. An implementation's test extends this and says
 * how to make a fresh, empty ledger reading time from the given clock; it may add tests of its own storage. Times
 * are whole seconds, which every store keeps exactly.
 */
public abstract class DeploymentLedgerContract {

    protected static final int RACERS = 8;

    protected final MutableClock clock = new MutableClock();
    protected DeploymentLedger ledger;

    /** A ledger holding no deployments, whose "now" is {@code clock}. Called before each test. */
    protected abstract DeploymentLedger newLedger(Clock clock);

    @BeforeEach
    void createLedger() {
        ledger = newLedger(clock);
    }

    private DeploymentRecord start(String id, String service) {
        DeploymentRecord record = DeploymentRecord.started(id, service, "7", clock.instant());
        ledger.start(record);
        return record;
    }

    private Optional<String> inFlight(String service) {
        return ledger.findInFlight(service).map(DeploymentRecord::deploymentId);
    }

    @Test
    void recordsADeploymentFromStartToPromotion() {
        Instant started = clock.instant();
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", started));
        assertThat(inFlight("orders")).contains("d-AAA");

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
        assertThat(record)
                .isEqualTo(new DeploymentRecord(
                        "d-AAA",
                        "orders",
                        "7",
                        started,
                        finished,
                        Status.PROMOTED,
                        List.of(ten, all),
                        Optional.of("all stages healthy"),
                        Optional.of(finished)));
        assertThat(ledger.findInFlight("orders"))
                .as("a finished deployment is not in flight")
                .isEmpty();
    }

    @Test
    void aStartedDeploymentReadsBackAsWritten() {
        DeploymentRecord record = start("d-AAA", "orders");

        assertThat(ledger.find("d-AAA")).contains(record);
        assertThat(ledger.findInFlight("orders")).contains(record);
    }

    private static final String GROUP_A =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-a/0123456789abcdef";
    private static final String GROUP_B =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-b/fedcba9876543210";

    @Test
    void theRolesRecordedAtTheStartReadBackThroughTheWholeDeployment() {
        // green is the spec's first group: a store that fell back to "first group is blue" reads back the wrong roles
        TargetGroupRoles roles = new TargetGroupRoles(GROUP_B, GROUP_A);
        DeploymentRecord record = DeploymentRecord.started("d-AAA", "orders", "7", clock.instant(), roles);
        ledger.start(record);

        assertThat(ledger.find("d-AAA")).contains(record);
        assertThat(ledger.findInFlight("orders")).contains(record);

        clock.advance(Duration.ofMinutes(1));
        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "healthy", clock.instant()));
        assertThat(ledger.find("d-AAA").orElseThrow().roles()).contains(roles);
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm", clock.instant());
        assertThat(ledger.find("d-AAA").orElseThrow().roles())
                .as("the alarm path rolls back to the blue recorded at the start")
                .contains(roles);
    }

    @Test
    void aRetriedStartKeepsTheFirstRoles() {
        TargetGroupRoles first = new TargetGroupRoles(GROUP_A, GROUP_B);
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant(), first));

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant(), first.swapped()));
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        assertThat(ledger.find("d-AAA").orElseThrow().roles()).contains(first);
    }

    @Test
    void aRetriedStageIsRecordedOnceAndLeavesUpdatedAtAlone() {
        start("d-AAA", "orders");
        StageEntry first = new StageEntry(0, 10, 90, 10, "shifted", clock.instant());
        ledger.stageReached("d-AAA", first);
        Instant firstRecorded = clock.instant();
        clock.advance(Duration.ofSeconds(2));

        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "shifted", clock.instant()));
        assertThat(ledger.find("d-AAA").orElseThrow().updatedAt()).isEqualTo(firstRecorded);
        clock.advance(Duration.ofSeconds(2));
        StageEntry judged = new StageEntry(0, 10, 90, 10, "healthy", clock.instant());
        ledger.stageReached("d-AAA", judged);

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.stagesReached()).containsExactly(first, judged);
        assertThat(record.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void entriesDifferingInAnyFactAreAllKept() {
        start("d-AAA", "orders");
        Instant at = clock.instant();
        List<StageEntry> entries = List.of(
                new StageEntry(0, 10, 90, 10, "shifted", at),
                new StageEntry(1, 10, 90, 10, "shifted", at),
                new StageEntry(1, 20, 90, 10, "shifted", at),
                new StageEntry(1, 20, 80, 20, "shifted", at),
                new StageEntry(1, 20, 80, 20, "Shifted", at));

        entries.forEach(entry -> ledger.stageReached("d-AAA", entry));

        assertThat(ledger.find("d-AAA").orElseThrow().stagesReached()).containsExactlyElementsOf(entries);
    }

    @Test
    void stagesAreAcceptedAfterTheDeploymentFinished() {
        start("d-AAA", "orders");
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm orders-5xx", clock.instant());
        clock.advance(Duration.ofSeconds(5));

        StageEntry rollback = new StageEntry(0, 0, 100, 0, "rolled back", clock.instant());
        ledger.stageReached("d-AAA", rollback);

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.stagesReached()).containsExactly(rollback);
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
    }

    @Test
    void finishingTwiceWithTheSameStatusKeepsTheFirstReasonAndTime() {
        start("d-AAA", "orders");
        Instant first = clock.instant();
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm orders-5xx", first);
        clock.advance(Duration.ofSeconds(30));

        ledger.finish("d-AAA", Status.ROLLED_BACK, "retried rollback", clock.instant());

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.outcomeReason()).contains("alarm orders-5xx");
        assertThat(record.finishedAt()).contains(first);
        assertThat(record.updatedAt()).isEqualTo(first);
    }

    @Test
    void finishingWithAnotherStatusIsRefusedNamingBoth() {
        start("d-AAA", "orders");
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm", clock.instant());

        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.PROMOTED, "late finalize", clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-AAA")
                .hasMessageContaining("ROLLED_BACK")
                .hasMessageContaining("PROMOTED");
        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason()).contains("alarm");
    }

    @Test
    void finishingInProgressIsNotAnEnd() {
        start("d-AAA", "orders");

        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.IN_PROGRESS, "", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(inFlight("orders")).contains("d-AAA");
    }

    @Test
    void aFinishWithoutAReasonHasNone() {
        start("d-AAA", "orders");

        ledger.finish("d-AAA", Status.FAILED, null, clock.instant());

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.FAILED);
        assertThat(record.outcomeReason()).isEmpty();
    }

    @Test
    void stagesAndFinishesOfUnknownDeploymentsAreRefused() {
        StageEntry entry = new StageEntry(0, 10, 90, 10, "shifted", clock.instant());
        assertThatThrownBy(() -> ledger.stageReached("d-NOPE", entry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.finish("d-NOPE", Status.FAILED, "x", clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThat(ledger.find("d-NOPE")).isEmpty();
    }

    @Test
    void aRetriedStartKeepsTheFirstRecord() {
        Instant first = clock.instant();
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", first));
        StageEntry entry = new StageEntry(0, 10, 90, 10, "shifted", first);
        ledger.stageReached("d-AAA", entry);
        clock.advance(Duration.ofSeconds(10));

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "8", clock.instant()));

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.startedAt()).isEqualTo(first);
        assertThat(record.specVersion()).isEqualTo("7");
        assertThat(record.stagesReached()).containsExactly(entry);
        assertThat(inFlight("orders")).contains("d-AAA");
    }

    @Test
    void aLateRetriedStartOfAFinishedDeploymentDoesNotPutItBackInFlight() {
        start("d-AAA", "orders");
        ledger.finish("d-AAA", Status.PROMOTED, "done", clock.instant());

        start("d-AAA", "orders");

        assertThat(ledger.findInFlight("orders")).isEmpty();
        assertThat(ledger.find("d-AAA").orElseThrow().status()).isEqualTo(Status.PROMOTED);
    }

    @Test
    void anIdCannotBeReusedForAnotherService() {
        start("d-AAA", "orders");

        assertThatThrownBy(() -> start("d-AAA", "payments"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("payments");
        assertThat(ledger.find("d-AAA").orElseThrow().service()).isEqualTo("orders");
        assertThat(ledger.findInFlight("payments")).isEmpty();
    }

    @Test
    void theLatestStartIsInFlightAndOtherServicesAreSeparate() {
        start("d-OLD", "orders");
        clock.advance(Duration.ofHours(2));
        start("d-NEW", "orders");
        start("d-PAY", "payments");

        assertThat(inFlight("orders")).contains("d-NEW");
        assertThat(inFlight("payments")).contains("d-PAY");
        assertThat(inFlight("inventory")).isEmpty();
    }

    @Test
    void finishingAnOldDeploymentLeavesTheNewOneInFlight() {
        start("d-OLD", "orders");
        clock.advance(Duration.ofHours(3));
        start("d-NEW", "orders");

        ledger.finish("d-OLD", Status.FAILED, "lease expired; taken over by d-NEW", clock.instant());

        assertThat(inFlight("orders")).contains("d-NEW");
    }

    /** "In flight" is the most recently started deployment, if it is unfinished; not any unfinished one. */
    @Test
    void aFinishedLaterStartHidesAnEarlierUnfinishedOne() {
        start("d-OLD", "orders");
        clock.advance(Duration.ofHours(3));
        start("d-NEW", "orders");

        ledger.finish("d-NEW", Status.PROMOTED, "done", clock.instant());

        assertThat(ledger.findInFlight("orders")).isEmpty();
        assertThat(ledger.find("d-OLD").orElseThrow().status()).isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void aRetriedStartOfAnUnfinishedDeploymentMakesItInFlightAgain() {
        start("d-OLD", "orders");
        clock.advance(Duration.ofMinutes(1));
        start("d-NEW", "orders");

        start("d-OLD", "orders");

        assertThat(inFlight("orders")).contains("d-OLD");
    }

    @Test
    void onlyInProgressRecordsStart() {
        DeploymentRecord finished = DeploymentRecord.started("d-AAA", "orders", "7", clock.instant())
                .finished(Status.PROMOTED, "done", clock.instant(), clock.instant());

        assertThatThrownBy(() -> ledger.start(finished)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.find("d-AAA")).isEmpty();
        assertThat(ledger.findInFlight("orders")).isEmpty();
    }

    @Test
    protected void concurrentRepeatsOfAStageRecordItOnce() throws Exception {
        start("d-AAA", "orders");
        StageEntry entry = new StageEntry(2, 50, 50, 50, "healthy", clock.instant());

        List<Object> outcomes = Race.run(RACERS, i -> () -> {
            ledger.stageReached("d-AAA", entry);
            return "recorded";
        });

        assertThat(outcomes).containsOnly("recorded");
        assertThat(ledger.find("d-AAA").orElseThrow().stagesReached()).containsExactly(entry);
    }

    @Test
    protected void ofConcurrentFinishesWithDifferentStatusesOneWinsAndTheOthersAreRefused() throws Exception {
        start("d-AAA", "orders");
        Status[] statuses = {Status.PROMOTED, Status.ROLLED_BACK, Status.FAILED};

        List<Object> outcomes = Race.run(RACERS, i -> () -> {
            Status status = statuses[i % statuses.length];
            ledger.finish("d-AAA", status, "racer " + i, clock.instant());
            return status;
        });

        Status ended = ledger.find("d-AAA").orElseThrow().status();
        assertThat(outcomes).allSatisfy(outcome -> {
            if (outcome instanceof Status status) {
                assertThat(status)
                        .as("every racer that returned finished it the same way")
                        .isEqualTo(ended);
            } else {
                assertThat(outcome)
                        .isInstanceOfSatisfying(
                                IllegalStateException.class, e -> assertThat(e).hasMessageContaining(ended.name()));
            }
        });
        assertThat(outcomes).filteredOn(o -> o == ended).isNotEmpty();
        assertThat(outcomes).filteredOn(IllegalStateException.class::isInstance).hasSize((int)
                IntStream.range(0, RACERS)
                        .filter(i -> statuses[i % statuses.length] != ended)
                        .count());
        assertThat(ledger.findInFlight("orders")).isEmpty();
    }
}
