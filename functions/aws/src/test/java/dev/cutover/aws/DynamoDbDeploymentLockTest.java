package dev.cutover.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import dev.cutover.aws.testing.CutoverTable;
import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DynamoDbDeploymentLockTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private AwsClients clients;
    private DynamoDbDeploymentLock lock;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        CutoverTable.create(clients.dynamoDb());
        lock = new DynamoDbDeploymentLock(clients.dynamoDb(), CutoverTable.NAME, clock);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void aFreeLockIsTakenAndWrittenAsOneItem() {
        LockLease lease = lock.acquire("orders", "d-AAA", TTL);

        assertThat(lease).isEqualTo(new LockLease("orders", "d-AAA", START, START.plus(TTL)));
        Map<String, AttributeValue> item = clients.dynamoDb()
                .getItem(r -> r.tableName(CutoverTable.NAME).key(Map.of("pk", AttributeValue.fromS("LOCK#orders"))))
                .item();
        assertThat(item)
                .containsEntry("holder", AttributeValue.fromS("d-AAA"))
                .containsEntry("acquiredAt", AttributeValue.fromN(Long.toString(START.getEpochSecond())))
                .containsEntry(
                        "expiresAt",
                        AttributeValue.fromN(Long.toString(START.plus(TTL).getEpochSecond())))
                .containsEntry(
                        "ttl",
                        AttributeValue.fromN(Long.toString(START.plus(TTL).getEpochSecond())));
        assertThat(lock.holder("orders")).contains(lease);
    }

    @Test
    void aSecondDeploymentOfTheServiceFailsNamingTheHolder() {
        LockLease held = lock.acquire("orders", "d-AAA", TTL);
        clock.advance(Duration.ofMinutes(3));

        DeploymentInProgressException e =
                catchThrowableOfType(DeploymentInProgressException.class, () -> lock.acquire("orders", "d-BBB", TTL));

        assertThat(e.holder()).isEqualTo(held);
        assertThat(e.getMessage())
                .contains("d-AAA", "d-BBB", "orders", held.expiresAt().toString());
        assertThat(lock.holder("orders")).contains(held);
        assertThat(lock.acquire("payments", "d-CCC", TTL).deploymentId())
                .as("other services are free")
                .isEqualTo("d-CCC");
    }

    @Test
    void theSameDeploymentReacquiresExtendingTheLeaseAndKeepingAcquiredAt() {
        lock.acquire("orders", "d-AAA", TTL);
        clock.advance(Duration.ofMinutes(25));

        LockLease again = lock.acquire("orders", "d-AAA", TTL);

        assertThat(again.acquiredAt()).isEqualTo(START);
        assertThat(again.expiresAt())
                .isEqualTo(START.plus(Duration.ofMinutes(25)).plus(TTL));
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> lock.acquire("orders", "d-BBB", TTL))
                .as("the renewed lease still holds past the first one's end")
                .isInstanceOf(DeploymentInProgressException.class);
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        LockLease dead = lock.acquire("orders", "d-DEAD", Duration.ofSeconds(5));

        clock.advance(Duration.ofSeconds(4));
        assertThatThrownBy(() -> lock.acquire("orders", "d-NEW", TTL))
                .isInstanceOf(DeploymentInProgressException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(lock.holder("orders")).as("expired at expiresAt").isEmpty();

        LockLease taken = lock.acquire("orders", "d-NEW", TTL);

        assertThat(taken.deploymentId()).isEqualTo("d-NEW");
        assertThat(taken.acquiredAt()).isEqualTo(dead.expiresAt());
        lock.release("orders", "d-DEAD");
        assertThat(lock.holder("orders"))
                .as("the dead holder's late release frees nothing")
                .contains(taken);
    }

    @Test
    void subSecondLeasesRoundOutwards() {
        clock.advance(Duration.ofMillis(700));

        LockLease lease = lock.acquire("orders", "d-AAA", Duration.ofMillis(100));

        assertThat(lease.acquiredAt()).isEqualTo(START);
        assertThat(lease.expiresAt()).isEqualTo(START.plusSeconds(1));
    }

    @Test
    void releaseByTheHolderFreesTheLockAndByAnyoneElseDoesNothing() {
        LockLease held = lock.acquire("orders", "d-AAA", TTL);

        lock.release("orders", "d-BBB");
        lock.release("payments", "d-AAA");
        assertThat(lock.holder("orders")).contains(held);

        lock.release("orders", "d-AAA");
        lock.release("orders", "d-AAA");
        assertThat(lock.holder("orders")).isEmpty();
        assertThat(lock.acquire("orders", "d-BBB", TTL).deploymentId()).isEqualTo("d-BBB");
    }

    @Test
    @Disabled(DynamoDbDeploymentLockContractTest.MOTO_RACES)
    void exactlyOneOfEightConcurrentDeploymentsWins() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String id = "d-RACER" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return lock.acquire("orders", id, TTL).deploymentId();
                    } catch (DeploymentInProgressException lost) {
                        assertThat(lost.holderDeploymentId()).isNotEqualTo(id);
                        return null;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> result : results) {
                String winner = result.get(30, TimeUnit.SECONDS);
                if (winner != null) {
                    winners.add(winner);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(lock.holder("orders")).map(LockLease::deploymentId).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingTableIsAPermanentFaultNamingTheTableAndErrorCode() {
        DynamoDbDeploymentLock nowhere = new DynamoDbDeploymentLock(clients.dynamoDb(), "no-such-table", clock);

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> nowhere.acquire("orders", "d-AAA", TTL));

        assertThat(e).isNotInstanceOf(TransientDependencyException.class);
        assertThat(e.getMessage()).contains("no-such-table", "LOCK#orders", "ResourceNotFoundException");
    }

    @Test
    void rejectsANonPositiveTtl() {
        assertThatThrownBy(() -> lock.acquire("orders", "d-AAA", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
