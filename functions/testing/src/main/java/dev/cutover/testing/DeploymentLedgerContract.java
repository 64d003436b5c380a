package dev.cutover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.JudgeFinding;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;
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

    @Test
    void aStageEntryWithTheStatisticalJudgesFindingsReadsBackExactly() {
        // given a stage judged statistically: latency worse with confidence, and 5xx inconclusive with no blue requests
        start("d-AAA", "orders");
        JudgeFinding latency = new JudgeFinding(
                "latency",
                "mann-whitney-u",
                OptionalDouble.of(41.3),
                OptionalDouble.of(57.05),
                0.8123456789012345,
                0.9999,
                0.95,
                1_204,
                1_198,
                JudgeFinding.Direction.WORSE,
                JudgeFinding.Outcome.FAIL,
                "latency worse: blue median 41.3 ms vs green 57.1 ms (+38.1%), confidence 100.0% (needs 95.0%)");
        JudgeFinding errors = new JudgeFinding(
                "5xx-rate",
                "fisher-exact",
                OptionalDouble.empty(),
                OptionalDouble.of(1.0 / 3),
                0,
                0,
                0.95,
                3,
                0,
                JudgeFinding.Direction.SAME,
                JudgeFinding.Outcome.INCONCLUSIVE,
                "5xx-rate inconclusive: too few requests \"quoted\" \u00e9");
        StageEntry judged = new StageEntry(
                0, 10, 90, 10, "UNHEALTHY: statistical latency worse", clock.instant(), List.of(latency, errors));

        // when it is recorded next to an entry without findings
        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "shifted", clock.instant()));
        ledger.stageReached("d-AAA", judged);

        // then both read back as written, the findings in order and to the last digit
        List<StageEntry> stages = ledger.find("d-AAA").orElseThrow().stagesReached();
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0).findings()).isEmpty();
        assertThat(stages.get(1)).isEqualTo(judged);
        assertThat(stages.get(1).findings()).containsExactly(latency, errors);
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

    @Test
    void anAbortIsAnEndLikeAnyOther() {
        start("d-AAA", "orders");
        clock.advance(Duration.ofSeconds(40));

        ledger.finish("d-AAA", Status.ABORTED, "aborted by alice: bad config", clock.instant());

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.ABORTED);
        assertThat(record.outcomeReason()).contains("aborted by alice: bad config");
        assertThat(record.finishedAt()).contains(clock.instant());
        assertThat(ledger.findInFlight("orders")).isEmpty();
        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.ROLLED_BACK, "late rollback", clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ABORTED");
    }

    @Test
    void historyIsTheServicesDeploymentsNewestFirstUpToTheLimit() {
        start("d-1", "orders");
        ledger.finish("d-1", Status.PROMOTED, "done", clock.instant());
        clock.advance(Duration.ofMinutes(10));
        start("d-PAY", "payments");
        clock.advance(Duration.ofMinutes(10));
        start("d-2", "orders");
        StageEntry entry = new StageEntry(0, 10, 90, 10, "shifted", clock.instant());
        ledger.stageReached("d-2", entry);
        ledger.finish("d-2", Status.ROLLED_BACK, "alarm", clock.instant());
        clock.advance(Duration.ofMinutes(10));
        start("d-3", "orders");

        assertThat(ledger.history("orders", 10))
                .extracting(DeploymentRecord::deploymentId)
                .containsExactly("d-3", "d-2", "d-1");
        assertThat(ledger.history("orders", 2))
                .extracting(DeploymentRecord::deploymentId)
                .containsExactly("d-3", "d-2");
        assertThat(ledger.history("orders", 10).get(1))
                .as("history records are whole records")
                .isEqualTo(ledger.find("d-2").orElseThrow());
        assertThat(ledger.history("orders", 10).get(1).stagesReached()).containsExactly(entry);
        assertThat(ledger.history("payments", 10))
                .extracting(DeploymentRecord::deploymentId)
                .containsExactly("d-PAY");
        assertThat(ledger.history("inventory", 10)).isEmpty();
    }

    @Test
    void historyRefusesALimitOutOfRange() {
        assertThatThrownBy(() -> ledger.history("orders", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> ledger.history("orders", 100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    private PendingApproval approval(int stage, String token) {
        return new PendingApproval(
                token, stage, 10 * (stage + 1), clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aPendingApprovalIsRecordedReplacedAndClearedForItsStageOnly() {
        start("d-AAA", "orders");
        PendingApproval first = approval(1, "token-1");
        assertThat(ledger.awaitApproval("d-AAA", first)).isTrue();
        assertThat(ledger.find("d-AAA").orElseThrow().pendingApproval()).contains(first);
        assertThat(ledger.findInFlight("orders").orElseThrow().pendingApproval())
                .contains(first);

        clock.advance(Duration.ofSeconds(5));
        PendingApproval retried = approval(1, "token-2");
        assertThat(ledger.awaitApproval("d-AAA", retried)).isTrue();
        assertThat(ledger.find("d-AAA").orElseThrow().pendingApproval()).contains(retried);

        assertThat(ledger.clearApproval("d-AAA", 0))
                .as("a late clear of another stage")
                .isFalse();
        assertThat(ledger.find("d-AAA").orElseThrow().pendingApproval()).contains(retried);
        clock.advance(Duration.ofSeconds(5));
        assertThat(ledger.clearApproval("d-AAA", 1)).isTrue();
        DeploymentRecord cleared = ledger.find("d-AAA").orElseThrow();
        assertThat(cleared.pendingApproval()).isEmpty();
        assertThat(cleared.updatedAt()).isEqualTo(clock.instant());
        assertThat(ledger.clearApproval("d-AAA", 1)).as("a repeat").isFalse();
    }

    @Test
    void anEndClearsThePendingApprovalAndNoneIsRecordedAfterIt() {
        start("d-AAA", "orders");
        ledger.awaitApproval("d-AAA", approval(0, "token-1"));

        ledger.finish("d-AAA", Status.ABORTED, "aborted at the approval", clock.instant());

        assertThat(ledger.find("d-AAA").orElseThrow().pendingApproval()).isEmpty();
        assertThat(ledger.awaitApproval("d-AAA", approval(0, "token-2"))).isFalse();
        assertThat(ledger.clearApproval("d-AAA", 0)).isFalse();
        assertThat(ledger.find("d-AAA").orElseThrow().pendingApproval()).isEmpty();
    }

    @Test
    void aRollbackWindowOpensOnlyOnAPromotionAndClosesOnce() {
        start("d-AAA", "orders");
        Instant endsAt = clock.instant().plus(Duration.ofMinutes(30));
        assertThat(ledger.openRollbackWindow("d-AAA", endsAt))
                .as("in progress: not promoted yet")
                .isFalse();
        ledger.finish("d-AAA", Status.PROMOTED, "all stages healthy", clock.instant());

        assertThat(ledger.openRollbackWindow("d-AAA", endsAt)).isTrue();
        assertThat(ledger.openRollbackWindow("d-AAA", endsAt.plusSeconds(60)))
                .as("a retried Finalize keeps the first window")
                .isFalse();
        assertThat(ledger.find("d-AAA").orElseThrow().rollbackWindow()).contains(RollbackWindow.open(endsAt));

        clock.advance(Duration.ofMinutes(30));
        Instant closed = clock.instant();
        assertThat(ledger.closeRollbackWindow("d-AAA", closed)).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(ledger.closeRollbackWindow("d-AAA", clock.instant())).isFalse();

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.rollbackWindow()).contains(new RollbackWindow(endsAt, Optional.of(closed)));
        assertThat(record.status()).isEqualTo(Status.PROMOTED);
        assertThat(ledger.history("orders", 1).get(0).rollbackWindow()).isEqualTo(record.rollbackWindow());
    }

    @Test
    void closingWithoutAWindowChangesNothing() {
        start("d-AAA", "orders");
        ledger.finish("d-AAA", Status.PROMOTED, "done", clock.instant());

        assertThat(ledger.closeRollbackWindow("d-AAA", clock.instant())).isFalse();
        assertThat(ledger.find("d-AAA").orElseThrow().rollbackWindow()).isEmpty();
    }

    @Test
    void aPromotionRollsBackInsideItsWindowOnce() {
        start("d-AAA", "orders");
        Instant promoted = clock.instant();
        ledger.finish("d-AAA", Status.PROMOTED, "all stages healthy", promoted);
        Instant endsAt = promoted.plus(Duration.ofMinutes(30));
        ledger.openRollbackWindow("d-AAA", endsAt);
        clock.advance(Duration.ofMinutes(10));
        Instant alarm = clock.instant();

        assertThat(ledger.rollBackInsideWindow("d-AAA", "alarm orders-5xx inside the rollback window", alarm))
                .isTrue();
        assertThat(ledger.rollBackInsideWindow("d-AAA", "a repeated event", alarm))
                .isFalse();

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason()).contains("alarm orders-5xx inside the rollback window");
        assertThat(record.finishedAt()).contains(alarm);
        assertThat(record.rollbackWindow()).contains(new RollbackWindow(endsAt, Optional.of(alarm)));
        assertThat(ledger.findInFlight("orders")).isEmpty();
    }

    @Test
    void noRollbackAfterTheWindowEndedOrClosedOrWithoutOne() {
        start("d-END", "orders");
        ledger.finish("d-END", Status.PROMOTED, "done", clock.instant());
        Instant endsAt = clock.instant().plus(Duration.ofMinutes(30));
        ledger.openRollbackWindow("d-END", endsAt);
        assertThat(ledger.rollBackInsideWindow("d-END", "late alarm", endsAt)).isFalse();

        start("d-CLOSED", "payments");
        ledger.finish("d-CLOSED", Status.PROMOTED, "done", clock.instant());
        ledger.openRollbackWindow("d-CLOSED", endsAt);
        ledger.closeRollbackWindow("d-CLOSED", clock.instant());
        assertThat(ledger.rollBackInsideWindow("d-CLOSED", "alarm", clock.instant()))
                .isFalse();

        start("d-NONE", "inventory");
        ledger.finish("d-NONE", Status.PROMOTED, "done", clock.instant());
        assertThat(ledger.rollBackInsideWindow("d-NONE", "alarm", clock.instant()))
                .isFalse();

        start("d-FLIGHT", "search");
        assertThat(ledger.rollBackInsideWindow("d-FLIGHT", "alarm", clock.instant()))
                .isFalse();

        assertThat(List.of("d-END", "d-CLOSED", "d-NONE"))
                .allSatisfy(
                        id -> assertThat(ledger.find(id).orElseThrow().status()).isEqualTo(Status.PROMOTED));
        assertThat(ledger.find("d-FLIGHT").orElseThrow().status()).isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void approvalsAndWindowsOfUnknownDeploymentsAreRefused() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> ledger.awaitApproval("d-NOPE", approval(0, "t")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.clearApproval("d-NOPE", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.openRollbackWindow("d-NOPE", now))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.closeRollbackWindow("d-NOPE", now))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.rollBackInsideWindow("d-NOPE", "alarm", now))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
    }
}
