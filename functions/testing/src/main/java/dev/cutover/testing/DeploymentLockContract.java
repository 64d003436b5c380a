package dev.cutover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What every {@link DeploymentLock} must do, whatever stores it. An implementation's test extends this and says how
 * to make a fresh, empty lock reading time from the given clock; it may add tests of its own storage.
 *
 * <p>The clock starts on a whole second and moves in whole seconds (except where a test says otherwise), because
 * stores that keep whole seconds (DynamoDB, PostgreSQL) round a lease outwards and must still agree with one that
 * does not.
 */
public abstract class DeploymentLockContract {

    protected static final Duration TTL = Duration.ofMinutes(30);
    protected static final int RACERS = 8;

    protected final MutableClock clock = new MutableClock();
    protected DeploymentLock lock;

    /** A lock holding no leases, whose "now" is {@code clock}. Called before each test. */
    protected abstract DeploymentLock newLock(Clock clock);

    @BeforeEach
    void createLock() {
        lock = newLock(clock);
    }

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

        DeploymentInProgressException e =
                catchThrowableOfType(DeploymentInProgressException.class, () -> lock.acquire("orders", "d-BBB", TTL));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.holder()).isEqualTo(held);
        assertThat(e.requestedBy()).isEqualTo("d-BBB");
        assertThat(e.getMessage())
                .contains(
                        "orders",
                        "d-AAA",
                        "d-BBB",
                        held.acquiredAt().toString(),
                        held.expiresAt().toString());
        assertThat(lock.holder("orders")).contains(held);
    }

    @Test
    void otherServicesAreIndependent() {
        LockLease orders = lock.acquire("orders", "d-AAA", TTL);

        assertThat(lock.acquire("payments", "d-BBB", TTL).deploymentId()).isEqualTo("d-BBB");
        assertThat(lock.holder("orders")).contains(orders);
        assertThat(lock.holder("inventory")).isEmpty();
    }

    @Test
    void theSameDeploymentMayAcquireAgainWhichExtendsAndKeepsAcquiredAt() {
        LockLease first = lock.acquire("orders", "d-AAA", TTL);
        clock.advance(Duration.ofMinutes(20));

        LockLease again = lock.acquire("orders", "d-AAA", TTL);

        assertThat(again.acquiredAt()).isEqualTo(first.acquiredAt());
        assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL)).isAfter(first.expiresAt());
        assertThat(lock.holder("orders")).contains(again);
    }

    @Test
    void aDeploymentWhoseOwnLeaseLapsedStartsAFreshOne() {
        lock.acquire("orders", "d-AAA", TTL);
        clock.advance(TTL.plusMinutes(5));

        LockLease again = lock.acquire("orders", "d-AAA", TTL);

        assertThat(again)
                .isEqualTo(new LockLease(
                        "orders", "d-AAA", clock.instant(), clock.instant().plus(TTL)));
    }

    @Test
    void anExpiredLeaseIsTakenOverButNotAMomentBefore() {
        LockLease dead = lock.acquire("orders", "d-DEAD", TTL);

        clock.advance(TTL.minusMillis(1));
        assertThatThrownBy(() -> lock.acquire("orders", "d-NEW", TTL))
                .isInstanceOf(DeploymentInProgressException.class);
        assertThat(lock.holder("orders"))
                .as("valid until the instant it expires")
                .contains(dead);

        clock.advance(Duration.ofMillis(1));
        assertThat(lock.holder("orders")).as("an expired lease holds nothing").isEmpty();
        LockLease taken = lock.acquire("orders", "d-NEW", TTL);

        assertThat(taken.deploymentId()).isEqualTo("d-NEW");
        assertThat(taken.acquiredAt()).isEqualTo(dead.expiresAt());
        assertThat(lock.holder("orders")).contains(taken);
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
        assertThatThrownBy(() -> lock.acquire("orders", "d-BBB", TTL))
                .as("still locked for others")
                .isInstanceOf(DeploymentInProgressException.class);
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
    void renewExtendsOnlyTheHoldersOwnLiveLease() {
        LockLease held = lock.acquire("orders", "d-AAA", TTL);
        clock.advance(Duration.ofMinutes(10));

        assertThat(lock.renew("orders", "d-AAA", TTL)).isTrue();
        assertThat(lock.holder("orders"))
                .contains(new LockLease(
                        "orders", "d-AAA", held.acquiredAt(), clock.instant().plus(TTL)));
        assertThat(lock.renew("orders", "d-BBB", TTL))
                .as("another deployment's")
                .isFalse();
        assertThat(lock.holder("orders")).map(LockLease::deploymentId).contains("d-AAA");
    }

    @Test
    void renewNeverTakesAReleasedFreeOrExpiredLock() {
        lock.acquire("orders", "d-AAA", TTL);
        lock.release("orders", "d-AAA");

        assertThat(lock.renew("orders", "d-AAA", TTL)).as("released").isFalse();
        assertThat(lock.renew("payments", "d-AAA", TTL)).as("never taken").isFalse();
        assertThat(lock.holder("orders")).isEmpty();
        assertThat(lock.holder("payments")).isEmpty();

        lock.acquire("orders", "d-AAA", TTL);
        clock.advance(TTL);
        assertThat(lock.renew("orders", "d-AAA", TTL)).as("expired").isFalse();
        assertThat(lock.holder("orders")).isEmpty();
    }

    @Test
    void exactlyOneDecisionWinsAndADecidedLeaseIsNoLongerRenewed() {
        lock.acquire("orders", "d-AAA", TTL);

        assertThat(lock.decide("orders", "d-AAA", LockLease.Phase.ROLLING_BACK)).isTrue();
        assertThat(lock.decide("orders", "d-AAA", LockLease.Phase.ROLLING_BACK))
                .as("a retried rollback")
                .isTrue();
        assertThat(lock.decide("orders", "d-AAA", LockLease.Phase.PROMOTING))
                .as("a promotion after the rollback decided")
                .isFalse();
        assertThat(lock.holder("orders")).hasValueSatisfying(lease -> {
            assertThat(lease.phase()).isEqualTo(LockLease.Phase.ROLLING_BACK);
            assertThat(lease.isFenceOf("d-AAA")).isFalse();
        });
        assertThat(lock.renew("orders", "d-AAA", TTL)).isFalse();
        assertThat(lock.decide("orders", "d-BBB", LockLease.Phase.PROMOTING))
                .as("another deployment")
                .isFalse();

        lock.release("orders", "d-AAA");
        assertThat(lock.decide("orders", "d-AAA", LockLease.Phase.ROLLING_BACK))
                .as("released")
                .isFalse();
    }

    @Test
    void aLeaseTakenAfreshIsHeldWhateverItsPredecessorDecided() {
        lock.acquire("orders", "d-DEAD", TTL);
        lock.decide("orders", "d-DEAD", LockLease.Phase.PROMOTING);
        clock.advance(TTL);

        LockLease taken = lock.acquire("orders", "d-NEW", TTL);

        assertThat(taken.phase()).isEqualTo(LockLease.Phase.HELD);
        assertThat(lock.holder("orders")).contains(taken);
        assertThat(lock.decide("orders", "d-DEAD", LockLease.Phase.ROLLING_BACK))
                .isFalse();
    }

    @Test
    void aDeadDeploymentsLateReleaseDoesNotFreeTheTakeover() {
        lock.acquire("orders", "d-DEAD", TTL);
        clock.advance(TTL);
        LockLease taken = lock.acquire("orders", "d-NEW", TTL);

        lock.release("orders", "d-DEAD");

        assertThat(lock.holder("orders")).contains(taken);
    }

    @Test
    protected void exactlyOneOfManyConcurrentDeploymentsWinsAndTheOthersAreToldWho() throws Exception {
        lock.holder("orders"); // first use out of the race (a store may set itself up then)

        List<Object> outcomes = Race.run(RACERS, i -> () -> lock.acquire("orders", "d-" + i, TTL));

        LockLease winner = theOnlyWinner(outcomes);
        assertThat(winner.acquiredAt()).isEqualTo(clock.instant());
        assertThat(lock.holder("orders")).contains(winner);
    }

    @Test
    protected void exactlyOneOfManyConcurrentDeploymentsTakesOverAnExpiredLease() throws Exception {
        lock.acquire("orders", "d-DEAD", TTL);
        clock.advance(TTL.plusSeconds(1));

        List<Object> outcomes = Race.run(RACERS, i -> () -> lock.acquire("orders", "d-" + i, TTL));

        LockLease winner = theOnlyWinner(outcomes);
        assertThat(winner.deploymentId()).isNotEqualTo("d-DEAD");
        assertThat(winner.acquiredAt()).isEqualTo(clock.instant());
        assertThat(lock.holder("orders")).contains(winner);
    }

    @Test
    void rejectsANonPositiveTtlAndBlankIds() {
        assertThatThrownBy(() -> lock.acquire("orders", "d-AAA", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> lock.acquire("orders", "d-AAA", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> lock.acquire(" ", "d-AAA", TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service");
        assertThatThrownBy(() -> lock.acquire("orders", null, TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deploymentId");
        assertThat(lock.holder("orders")).isEmpty();
    }

    /** The one lease among racers' outcomes; every other racer was refused naming its holder. */
    private static LockLease theOnlyWinner(List<Object> outcomes) {
        assertThat(outcomes)
                .filteredOn(LockLease.class::isInstance)
                .as("winners")
                .hasSize(1);
        LockLease winner = outcomes.stream()
                .filter(LockLease.class::isInstance)
                .map(LockLease.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(outcomes)
                .filteredOn(o -> !(o instanceof LockLease))
                .as("losers")
                .hasSize(outcomes.size() - 1)
                .allSatisfy(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                DeploymentInProgressException.class,
                                e -> assertThat(e.holder()).isEqualTo(winner)));
        return winner;
    }
}
