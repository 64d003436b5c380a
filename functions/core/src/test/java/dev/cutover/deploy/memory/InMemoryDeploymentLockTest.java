package dev.cutover.deploy.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cutover.deploy.LockLease;
import dev.cutover.deploy.MutableClock;
import dev.cutover.workflow.DeploymentInProgressException;

class InMemoryDeploymentLockTest {

    private static final Duration TTL = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock();
    private final InMemoryDeploymentLock lock = new InMemoryDeploymentLock(clock);

    @Test
    void aFreeLockIsTakenForTheTtl() {
        Instant now = clock.instant();

        LockLease lease = lock.acquire("orders", "d-AAA", TTL);

        assertThat(lease).isEqualTo(new LockLease("orders", "d-AAA", now, now.plus(TTL)));
        assertThat(lock.holder("orders")).contains(lease);
    }

    @Test
    void anotherDeploymentOfTheSameServiceIsRefusedNamingTheHolder() {
        LockLease held = lock.acquire("orders", "d-AAA", TTL);
        clock.advance(Duration.ofMinutes(1));

        DeploymentInProgressException e = catchThrowableOfType(DeploymentInProgressException.class,
                () -> lock.acquire("orders", "d-BBB", TTL));

        assertThat(e.holder()).isEqualTo(held);
        assertThat(e.requestedBy()).isEqualTo("d-BBB");
        assertThat(e.getMessage()).contains("orders", "d-AAA", "d-BBB", held.acquiredAt().toString(),
                held.expiresAt().toString());
        assertThat(lock.holder("orders")).contains(held);
    }

    @Test
    void otherServicesAreIndependent() {
        lock.acquire("orders", "d-AAA", TTL);

        assertThat(lock.acquire("payments", "d-BBB", TTL).deploymentId()).isEqualTo("d-BBB");
    }

    @Test
    void theSameDeploymentMayAcquireAgainWhichExtendsAndKeepsAcquiredAt() {
        LockLease first = lock.acquire("orders", "d-AAA", TTL);
        clock.advance(Duration.ofMinutes(20));

        LockLease again = lock.acquire("orders", "d-AAA", TTL);

        assertThat(again.acquiredAt()).isEqualTo(first.acquiredAt());
        assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL)).isAfter(first.expiresAt());
    }

    @Test
    void anExpiredLeaseIsTakenOverButNotAMomentBefore() {
        LockLease dead = lock.acquire("orders", "d-DEAD", TTL);

        clock.advance(TTL.minusMillis(1));
        assertThatThrownBy(() -> lock.acquire("orders", "d-NEW", TTL))
                .isInstanceOf(DeploymentInProgressException.class);

        clock.advance(Duration.ofMillis(1));
        assertThat(lock.holder("orders")).as("an expired lease holds nothing").isEmpty();
        LockLease taken = lock.acquire("orders", "d-NEW", TTL);

        assertThat(taken.deploymentId()).isEqualTo("d-NEW");
        assertThat(taken.acquiredAt()).isEqualTo(dead.expiresAt());
    }

    @Test
    void releaseByTheHolderFreesTheLock() {
        lock.acquire("orders", "d-AAA", TTL);

        lock.release("orders", "d-AAA");

        assertThat(lock.holder("orders")).isEmpty();
        assertThat(lock.acquire("orders", "d-BBB", TTL).deploymentId()).isEqualTo("d-BBB");
    }

    @Test
    void releaseByAnotherDeploymentOrOfAFreeLockDoesNothing() {
        LockLease held = lock.acquire("orders", "d-AAA", TTL);

        lock.release("orders", "d-BBB");
        lock.release("payments", "d-AAA");

        assertThat(lock.holder("orders")).contains(held);
    }

    @Test
    void releasingTwiceIsHarmless() {
        lock.acquire("orders", "d-AAA", TTL);
        lock.release("orders", "d-AAA");
        lock.acquire("orders", "d-BBB", TTL);

        lock.release("orders", "d-AAA");

        assertThat(lock.holder("orders")).map(LockLease::deploymentId).contains("d-BBB");
    }

    @Test
    void aDeadDeploymentsLateReleaseDoesNotFreeTheTakeover() {
        lock.acquire("orders", "d-DEAD", TTL);
        clock.advance(TTL);
        lock.acquire("orders", "d-NEW", TTL);

        lock.release("orders", "d-DEAD");

        assertThat(lock.holder("orders")).map(LockLease::deploymentId).contains("d-NEW");
    }

    @Test
    void exactlyOneOfManyConcurrentDeploymentsWins() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String id = "d-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return lock.acquire("orders", id, TTL).deploymentId();
                    } catch (DeploymentInProgressException e) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> result : results) {
                String winner = result.get(10, TimeUnit.SECONDS);
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
    void rejectsANonPositiveTtlAndBlankIds() {
        assertThatThrownBy(() -> lock.acquire("orders", "d-AAA", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> lock.acquire(" ", "d-AAA", TTL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
        assertThatThrownBy(() -> lock.acquire("orders", null, TTL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deploymentId");
    }
}
