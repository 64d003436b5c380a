package dev.cutover.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import dev.cutover.aws.testing.CutoverTable;
import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbDeploymentLedgerTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final Instant START = Instant.parse("2026-03-01T10:00:00.123Z");

    private final MutableClock clock = new MutableClock(START);
    private AwsClients clients;
    private DynamoDbDeploymentLedger ledger;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        CutoverTable.create(clients.dynamoDb());
        ledger = new DynamoDbDeploymentLedger(clients.dynamoDb(), CutoverTable.NAME, clock);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void recordsADeploymentFromStartThroughItsStagesToItsEnd() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));
        assertThat(ledger.find("d-AAA")).contains(DeploymentRecord.started("d-AAA", "orders", "7", START));
        assertThat(ledger.findInFlight("orders"))
                .map(DeploymentRecord::deploymentId)
                .contains("d-AAA");

        clock.advance(Duration.ofMinutes(5));
        StageEntry ten = new StageEntry(0, 10, 90, 10, "healthy: 0 5xx in 1200 requests", clock.instant());
        ledger.stageReached("d-AAA", ten);
        clock.advance(Duration.ofMinutes(5));
        StageEntry all = new StageEntry(1, 100, 0, 100, "healthy: 1 5xx in 9800 requests", clock.instant());
        ledger.stageReached("d-AAA", all);
        clock.advance(Duration.ofSeconds(3));
        Instant finished = clock.instant();
        ledger.finish("d-AAA", Status.PROMOTED, "all 2 stages healthy", finished);

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.PROMOTED);
        assertThat(record.stagesReached()).containsExactly(ten, all);
        assertThat(record.outcomeReason()).contains("all 2 stages healthy");
        assertThat(record.finishedAt()).contains(finished);
        assertThat(record.startedAt()).isEqualTo(START);
        assertThat(record.updatedAt()).isEqualTo(finished);
        assertThat(record.specVersion()).isEqualTo("7");
        assertThat(ledger.findInFlight("orders")).isEmpty();
        assertThat(item("INFLIGHT#orders"))
                .as("the pointer is removed on finish")
                .isEmpty();
    }

    @Test
    void aRetriedStageIsRecordedOnce() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));
        StageEntry shifted = new StageEntry(0, 10, 90, 10, "shifted", START);
        ledger.stageReached("d-AAA", shifted);
        clock.advance(Duration.ofSeconds(2));

        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "shifted", clock.instant()));
        StageEntry judged = new StageEntry(0, 10, 90, 10, "healthy", clock.instant());
        ledger.stageReached("d-AAA", judged);

        assertThat(ledger.find("d-AAA").orElseThrow().stagesReached()).containsExactly(shifted, judged);
    }

    @Test
    void finishingTwiceWithTheSameStatusKeepsTheFirstAndAnotherStatusIsRefused() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));
        ledger.finish("d-AAA", Status.ROLLED_BACK, "alarm orders-5xx in ALARM", START);
        clock.advance(Duration.ofSeconds(30));

        ledger.finish("d-AAA", Status.ROLLED_BACK, "retried", clock.instant());

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.outcomeReason()).contains("alarm orders-5xx in ALARM");
        assertThat(record.finishedAt()).contains(START);
        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.PROMOTED, "late", clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-AAA")
                .hasMessageContaining("ROLLED_BACK")
                .hasMessageContaining("PROMOTED");
        assertThat(ledger.find("d-AAA").orElseThrow().status()).isEqualTo(Status.ROLLED_BACK);
    }

    @Test
    void aRepeatedFinishRepairsAPointerLeftBehind() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));
        ledger.finish("d-AAA", Status.FAILED, "spec invalid", START);
        // as if a crash had happened between finishing the record and deleting its pointer
        clients.dynamoDb()
                .putItem(r -> r.tableName(CutoverTable.NAME)
                        .item(Map.of(
                                "pk", AttributeValue.fromS("INFLIGHT#orders"),
                                "deploymentId", AttributeValue.fromS("d-AAA"),
                                "startedAt", AttributeValue.fromS(START.toString()))));
        assertThat(ledger.findInFlight("orders"))
                .as("a pointer to a finished deployment is ignored")
                .isEmpty();

        ledger.finish("d-AAA", Status.FAILED, "spec invalid", START);

        assertThat(item("INFLIGHT#orders")).isEmpty();
    }

    @Test
    void finishingAnOldDeploymentLeavesTheNewOnesPointer() {
        ledger.start(DeploymentRecord.started("d-OLD", "orders", "6", START));
        clock.advance(Duration.ofHours(3));
        ledger.start(DeploymentRecord.started("d-NEW", "orders", "7", clock.instant()));

        ledger.finish("d-OLD", Status.FAILED, "lease expired; taken over by d-NEW", clock.instant());

        assertThat(ledger.findInFlight("orders"))
                .map(DeploymentRecord::deploymentId)
                .contains("d-NEW");
    }

    @Test
    void aRetriedStartKeepsTheFirstRecordAndAnIdBelongsToOneService() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));
        ledger.stageReached("d-AAA", new StageEntry(0, 10, 90, 10, "shifted", START));
        clock.advance(Duration.ofSeconds(10));

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        DeploymentRecord record = ledger.find("d-AAA").orElseThrow();
        assertThat(record.startedAt()).isEqualTo(START);
        assertThat(record.stagesReached()).hasSize(1);
        assertThatThrownBy(() -> ledger.start(DeploymentRecord.started("d-AAA", "payments", "1", START)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("payments");
    }

    @Test
    void aLateRetriedStartOfAFinishedDeploymentDoesNotPutItBackInFlight() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));
        ledger.finish("d-AAA", Status.PROMOTED, "done", START);

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", START));

        assertThat(ledger.findInFlight("orders")).isEmpty();
    }

    @Test
    void unknownDeploymentsAreRefusedOrAbsent() {
        StageEntry entry = new StageEntry(0, 10, 90, 10, "shifted", START);

        assertThatThrownBy(() -> ledger.stageReached("d-NOPE", entry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThatThrownBy(() -> ledger.finish("d-NOPE", Status.FAILED, "x", START))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-NOPE");
        assertThat(ledger.find("d-NOPE")).isEmpty();
        assertThat(ledger.findInFlight("orders")).isEmpty();
        assertThat(item("DEPLOYMENT#d-NOPE"))
                .as("a refused stage creates no item")
                .isEmpty();
    }

    @Test
    void otherServicesHaveTheirOwnInFlightDeployment() {
        ledger.start(DeploymentRecord.started("d-ORD", "orders", "7", START));
        ledger.start(DeploymentRecord.started("d-PAY", "payments", "3", START));

        assertThat(ledger.findInFlight("orders"))
                .map(DeploymentRecord::deploymentId)
                .contains("d-ORD");
        assertThat(ledger.findInFlight("payments"))
                .map(DeploymentRecord::deploymentId)
                .contains("d-PAY");
        assertThat(ledger.findInFlight("inventory")).isEmpty();
    }

    @Test
    void aMalformedItemIsReportedByNameAndAttribute() {
        clients.dynamoDb()
                .putItem(r -> r.tableName(CutoverTable.NAME)
                        .item(Map.of(
                                "pk", AttributeValue.fromS("DEPLOYMENT#d-BAD"),
                                "deploymentId", AttributeValue.fromS("d-BAD"))));

        assertThatThrownBy(() -> ledger.find("d-BAD"))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("DEPLOYMENT#d-BAD")
                .hasMessageContaining(CutoverTable.NAME);
    }

    @Test
    void anItemWithOneRoleButNotTheOtherIsReportedByAttribute() {
        clients.dynamoDb()
                .putItem(
                        r -> r.tableName(CutoverTable.NAME)
                                .item(
                                        Map.of(
                                                "pk", AttributeValue.fromS("DEPLOYMENT#d-HALF"),
                                                "deploymentId", AttributeValue.fromS("d-HALF"),
                                                "service", AttributeValue.fromS("orders"),
                                                "specVersion", AttributeValue.fromS("7"),
                                                "startedAt", AttributeValue.fromS("2026-01-01T00:00:00Z"),
                                                "updatedAt", AttributeValue.fromS("2026-01-01T00:00:00Z"),
                                                "status", AttributeValue.fromS("IN_PROGRESS"),
                                                "blueTargetGroup",
                                                        AttributeValue.fromS(
                                                                "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/1"))));

        assertThatThrownBy(() -> ledger.find("d-HALF"))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("DEPLOYMENT#d-HALF")
                .hasMessageContaining("greenTargetGroup");
    }

    private Map<String, AttributeValue> item(String pk) {
        return clients.dynamoDb()
                .getItem(r -> r.tableName(CutoverTable.NAME).key(Map.of("pk", AttributeValue.fromS(pk))))
                .item();
    }
}
