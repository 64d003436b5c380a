package dev.cutover.core.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.LockLease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseAcquisitionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final LockLease OTHERS = new LockLease(
            "orders", "d-OTHER", Instant.parse("2026-03-01T09:58:00Z"), Instant.parse("2026-03-01T10:03:00Z"));

    /** A store whose writes and reads answer from scripts, recording the times each write was asked for. */
    private static final class ScriptedStore {
        final Deque<Boolean> writes = new ArrayDeque<>();
        final Deque<Optional<LockLease>> reads = new ArrayDeque<>();
        final List<Instant[]> asked = new ArrayList<>();

        LockLease acquire(Duration ttl) {
            return LeaseAcquisition.acquire(
                    CLOCK,
                    "orders",
                    "d-ME",
                    ttl,
                    "a test store",
                    (acquiredAt, expiresAt) -> {
                        asked.add(new Instant[] {acquiredAt, expiresAt});
                        return writes.pop()
                                ? Optional.of(new LockLease("orders", "d-ME", acquiredAt, expiresAt))
                                : Optional.empty();
                    },
                    reads::pop);
        }
    }

    @Test
    void aWriteThatTakesReturnsTheLeaseWithStoredTimes() {
        ScriptedStore store = new ScriptedStore();
        store.writes.add(true);
        LockLease lease = store.acquire(TTL);
        assertThat(lease)
                .isEqualTo(new LockLease(
                        "orders",
                        "d-ME",
                        Instant.parse("2026-03-01T10:00:00Z"),
                        Instant.parse("2026-03-01T10:05:01Z")));
        assertThat(store.asked).hasSize(1);
    }

    @Test
    void aRefusedWriteNamesTheLiveHolder() {
        ScriptedStore store = new ScriptedStore();
        store.writes.add(false);
        store.reads.add(Optional.of(OTHERS));
        assertThatThrownBy(() -> store.acquire(TTL))
                .isInstanceOfSatisfying(
                        DeploymentInProgressException.class,
                        e -> assertThat(e.getMessage()).contains("d-OTHER").contains("d-ME"));
        assertThat(store.asked).hasSize(1);
    }

    @Test
    void aLockFreedBetweenWriteAndReadIsTriedAgain() {
        ScriptedStore store = new ScriptedStore();
        store.writes.add(false);
        store.reads.add(Optional.empty());
        store.writes.add(true);
        assertThat(store.acquire(TTL).deploymentId()).isEqualTo("d-ME");
        assertThat(store.asked).hasSize(2);
    }

    @Test
    void aLockThatChangesHandsEveryRoundIsATransientFailure() {
        ScriptedStore store = new ScriptedStore();
        for (int round = 0; round < LeaseAcquisition.ROUNDS; round++) {
            store.writes.add(false);
            store.reads.add(Optional.empty());
        }
        assertThatThrownBy(() -> store.acquire(TTL))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessage("the lock of service orders in a test store changed hands 3 times while deployment d-ME"
                        + " tried to take it; try again");
        assertThat(store.asked).hasSize(3);
    }

    @Test
    void aBadTtlIsRefusedBeforeAnyWrite() {
        ScriptedStore store = new ScriptedStore();
        assertThatThrownBy(() -> store.acquire(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.asked).isEmpty();
    }
}
