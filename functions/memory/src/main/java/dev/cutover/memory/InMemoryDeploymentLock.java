package dev.cutover.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.cutover.core.deploy.LeaseRules;
import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;

/**
 * {@link DeploymentLock} in this JVM's memory, for tests and the local runtime. Each service's lease changes
 * atomically ({@link ConcurrentMap#compute}) as {@link LeaseRules#claim} says, so any number of threads may
 * contend; time comes from the clock given, so tests can expire leases without waiting. Unlike the stored locks it
 * keeps times exactly, not in whole seconds.
 */
public final class InMemoryDeploymentLock implements DeploymentLock {

    private final Clock clock;
    private final ConcurrentMap<String, LockLease> leases = new ConcurrentHashMap<>();

    public InMemoryDeploymentLock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public LockLease acquire(String service, String deploymentId, Duration ttl) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        LeaseRules.requireTtl(ttl);
        Instant now = clock.instant();
        LockLease[] refused = new LockLease[1];
        LockLease held = leases.compute(
                service, (s, current) -> switch (LeaseRules.claim(Optional.ofNullable(current), deploymentId, now)) {
                    case TAKE -> new LockLease(service, deploymentId, now, now.plus(ttl));
                    case RENEW -> LeaseRules.renewed(current, now.plus(ttl));
                    case REFUSE -> {
                        refused[0] = current;
                        yield current;
                    }
                });
        if (refused[0] != null) {
            throw new DeploymentInProgressException(deploymentId, refused[0]);
        }
        return held;
    }

    @Override
    public boolean renew(String service, String deploymentId, Duration ttl) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        LeaseRules.requireTtl(ttl);
        Instant now = clock.instant();
        boolean[] renewed = new boolean[1];
        leases.computeIfPresent(service, (s, current) -> {
            if (!LeaseRules.mayRenew(Optional.of(current), deploymentId, now)) {
                return current;
            }
            renewed[0] = true;
            return LeaseRules.renewed(current, now.plus(ttl));
        });
        return renewed[0];
    }

    @Override
    public boolean decide(String service, String deploymentId, LockLease.Phase phase) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        boolean[] decided = new boolean[1];
        leases.computeIfPresent(
                service, (s, current) -> switch (LeaseRules.decide(Optional.of(current), deploymentId, phase)) {
                    case DECIDE -> {
                        decided[0] = true;
                        yield current.in(phase);
                    }
                    case REPEAT -> {
                        decided[0] = true;
                        yield current;
                    }
                    case LOST -> current;
                });
        return decided[0];
    }

    @Override
    public void release(String service, String deploymentId) {
        leases.computeIfPresent(service, (s, current) -> current.isHeldBy(deploymentId) ? null : current);
    }

    @Override
    public Optional<LockLease> holder(String service) {
        return LeaseRules.live(Optional.ofNullable(leases.get(service)), clock.instant());
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must be a non-blank string, was " + (value == null ? "null" : "\"" + value + "\""));
        }
    }
}
