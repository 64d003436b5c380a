package dev.cutover.core.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cutover.core.deploy.LeaseRules.Claim;
import dev.cutover.core.port.model.LockLease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** A stored lease of {@code holder} that lapses {@code expiresIn} seconds from now; none when holder is null. */
    private static Optional<LockLease> stored(String holder, Integer expiresIn) {
        if (holder == null) {
            return Optional.empty();
        }
        Instant expiresAt = NOW.plusSeconds(expiresIn);
        return Optional.of(new LockLease("orders", holder, expiresAt.minusSeconds(600), expiresAt));
    }

    @ParameterizedTest(name = "lease of {0} expiring in {1}s, asked by {2}: {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                // holder, expires in (s), asked by, claim
                "-,     -,   d-A, TAKE",
                "d-A,   600, d-A, RENEW",
                "d-A,   1,   d-A, RENEW",
                "d-A,   600, d-B, REFUSE",
                "d-A,   1,   d-B, REFUSE",
                // a lease is valid strictly before its expiry: at it, anyone takes it afresh
                "d-A,   0,   d-B, TAKE",
                "d-A,   0,   d-A, TAKE",
                "d-A,   -30, d-B, TAKE",
                "d-A,   -30, d-A, TAKE",
            })
    void whatAnAcquireDoesToTheLeaseItFinds(String holder, Integer expiresIn, String askedBy, Claim claim) {
        assertThat(LeaseRules.claim(stored(holder, expiresIn), askedBy, NOW)).isEqualTo(claim);
    }

    @ParameterizedTest(name = "expiring in {0}s: live = {1}")
    @CsvSource({"600, true", "1, true", "0, false", "-1, false"})
    void readersSeeOnlyALiveLease(int expiresIn, boolean live) {
        Optional<LockLease> lease = stored("d-A", expiresIn);
        assertThat(LeaseRules.live(lease, NOW)).isEqualTo(live ? lease : Optional.empty());
        assertThat(LeaseRules.live(Optional.empty(), NOW)).isEmpty();
    }

    @ParameterizedTest(name = "at {0} for {1}: {2} .. {3}")
    @CsvSource({
        // now,                       ttl,      acquiredAt,             expiresAt
        "2026-03-01T10:00:00Z,        PT5M,     2026-03-01T10:00:00Z,   2026-03-01T10:05:00Z",
        "2026-03-01T10:00:00.200Z,    PT5M,     2026-03-01T10:00:00Z,   2026-03-01T10:05:01Z",
        "2026-03-01T10:00:00.999999Z, PT1S,     2026-03-01T10:00:00Z,   2026-03-01T10:00:02Z",
        "2026-03-01T10:00:00.200Z,    PT0.8S,   2026-03-01T10:00:00Z,   2026-03-01T10:00:01Z",
        "2026-03-01T10:00:00.200Z,    PT0.001S, 2026-03-01T10:00:00Z,   2026-03-01T10:00:01Z",
    })
    void storedTimesAreWholeSecondsAndALeaseIsNeverShorterThanAsked(
            Instant now, Duration ttl, Instant acquiredAt, Instant expiresAt) {
        assertThat(LeaseRules.acquiredAt(now)).isEqualTo(acquiredAt);
        assertThat(LeaseRules.expiresAt(now, ttl)).isEqualTo(expiresAt);
        assertThat(Duration.between(now, LeaseRules.expiresAt(now, ttl))).isGreaterThanOrEqualTo(ttl);
    }

    @Test
    void aRenewalMovesOnlyTheExpiry() {
        LockLease held = new LockLease("orders", "d-A", NOW.minusSeconds(600), NOW.plusSeconds(60));
        assertThat(LeaseRules.renewed(held, NOW.plusSeconds(900)))
                .isEqualTo(new LockLease("orders", "d-A", NOW.minusSeconds(600), NOW.plusSeconds(900)));
    }

    @ParameterizedTest(name = "ttl {0} is refused")
    @CsvSource(
            nullValues = "-",
            value = {"PT0S", "-PT1S", "-"})
    void aTtlMustBePositive(Duration ttl) {
        assertThatThrownBy(() -> LeaseRules.requireTtl(ttl))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lock ttl must be a positive duration, was " + ttl);
    }

    @Test
    void aPositiveTtlPasses() {
        assertThat(LeaseRules.requireTtl(Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
    }
}
