package dev.cutover.core.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;

/**
 * Puts production traffic back on blue, and keeps trying until it is there.
 *
 * <p>{@link RollbackPolicy.Mode#IMMEDIATE} makes one shift to 100% blue. {@link RollbackPolicy.Mode#GRADUAL}
 * first walks the policy's steps (green percents), waiting {@code stepWait} between them; a step at or above the
 * green share traffic is at is skipped, so a rollback never sends more traffic to green. When the current split
 * cannot be read, the steps are skipped too, since none can be known to be safe.
 *
 * <p>Whatever goes wrong on the way (a step that fails or does not take, an interrupted wait), the rollback goes
 * straight on to 100% blue. That last shift is tried up to {@code finalAttempts} times with a doubling backoff;
 * only when all of them fail does it give up, with a {@link TrafficShiftException} saying where traffic was last
 * read. A rollback of a route already at 100% blue reads that back and returns without changing anything.
 */
public final class Rollback {

    /** Tries of the final shift to 100% blue before giving up. */
    public static final int DEFAULT_FINAL_ATTEMPTS = 4;
    /** Wait before the second try of the final shift; doubled before each later one. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    private final TrafficRouter router;
    private final TrafficShifter shifter;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int finalAttempts;
    private final Duration retryBackoff;

    public Rollback(TrafficRouter router, Sleeper sleeper, Clock clock) {
        this(router, sleeper, clock, DEFAULT_FINAL_ATTEMPTS, DEFAULT_RETRY_BACKOFF);
    }

    /**
     * @param finalAttempts tries of the final shift to 100% blue, at least 1
     * @param retryBackoff  wait before the second try, doubled before each later one
     */
    public Rollback(TrafficRouter router, Sleeper sleeper, Clock clock, int finalAttempts, Duration retryBackoff) {
        this.router = Objects.requireNonNull(router, "router");
        this.shifter = new TrafficShifter(router);
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (finalAttempts < 1) {
            throw new IllegalArgumentException("finalAttempts must be at least 1, was " + finalAttempts);
        }
        this.finalAttempts = finalAttempts;
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative, was " + retryBackoff);
        }
    }

    /**
     * Moves the routing's production route to 100% blue.
     *
     * @param policy immediate or gradual; null is taken as immediate
     * @param reason why, for the result and the logs; null or blank becomes "no reason given"
     * @return the final weights (100% blue, read back) and the path taken
     * @throws TrafficShiftException when 100% blue could not be reached and verified after every try
     */
    public RollbackResult rollBack(Routing routing, RollbackPolicy policy, String reason) {
        Objects.requireNonNull(routing, "routing");
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        RollbackPolicy how = policy == null ? RollbackPolicy.immediate() : policy;
        Run run = new Run(routing, clock.instant());
        LOG.warn("rolling back {} to {} ({}): {}", run.where, Weights.ALL_BLUE, how.mode(), why);

        run.read();
        if (run.lastRead.filter(Weights.ALL_BLUE::equals).isPresent()) {
            LOG.info("{} is already at {}; nothing to roll back", run.where, Weights.ALL_BLUE);
            return run.result(why);
        }
        if (how.mode() == RollbackPolicy.Mode.GRADUAL) {
            walkSteps(run, how);
        }
        return shiftToBlue(run, why);
    }

    /**
     * The fastest way off green: one write of 100% blue, not read first, not read back, not retried. A rollback
     * makes it before any bookkeeping and then proves the route with {@link #rollBack}, which retries; so a failure
     * here is logged and left to that.
     *
     * @return whether the router took the write
     */
    public boolean applyBlueOnce(Routing routing) {
        Objects.requireNonNull(routing, "routing");
        try {
            router.apply(routing, Weights.ALL_BLUE);
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "first write of {} to {} failed, retried after the decision: {}",
                    Routes.describe(routing),
                    Weights.ALL_BLUE,
                    e.toString());
            return false;
        }
    }

    /** The gradual part; returns when the steps are done or one fails, leaving 100% blue to the caller. */
    private void walkSteps(Run run, RollbackPolicy policy) {
        if (run.lastRead.isEmpty()) {
            LOG.warn(
                    "the split on {} is unknown, so no gradual step is known to be safe: going straight to {}",
                    run.where,
                    Weights.ALL_BLUE);
            return;
        }
        boolean moved = false;
        for (int step : policy.steps()) {
            if (step <= 0) {
                break; // 0 is the final shift, which shiftToBlue makes and retries
            }
            int green = run.lastRead.orElseThrow().green();
            if (step >= green) {
                LOG.info("skipping rollback step to green {}%: traffic is at green {}%", step, green);
                continue;
            }
            if (moved && !pause(policy.stepWait())) {
                return;
            }
            try {
                run.saw(shifter.shift(run.routing, Weights.ofGreenPercent(step)));
                moved = true;
            } catch (TrafficShiftException e) {
                e.lastRead().ifPresent(run::saw);
                LOG.warn(
                        "rollback step to green {}% failed, going straight to {}: {}",
                        step, Weights.ALL_BLUE, e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warn(
                        "rollback step to green {}% failed, going straight to {}: {}",
                        step, Weights.ALL_BLUE, e.toString());
                return;
            }
        }
        if (moved) {
            pause(policy.stepWait());
        }
    }

    private RollbackResult shiftToBlue(Run run, String why) {
        RuntimeException lastError = null;
        for (int attempt = 1; attempt <= finalAttempts; attempt++) {
            if (attempt > 1) {
                pause(retryBackoff.multipliedBy(1L << Math.min(attempt - 2, 20)));
            }
            try {
                run.saw(shifter.shift(run.routing, Weights.ALL_BLUE));
                LOG.info("rolled back {} to {} in {}: {}", run.where, Weights.ALL_BLUE, run.took(), why);
                return run.result(why);
            } catch (TrafficShiftException e) {
                e.lastRead().ifPresent(run::saw);
                lastError = e;
            } catch (RuntimeException e) {
                lastError = e;
            }
            LOG.warn(
                    "shift of {} to {} failed (attempt {} of {}): {}",
                    run.where,
                    Weights.ALL_BLUE,
                    attempt,
                    finalAttempts,
                    lastError.toString());
        }
        run.read();
        String where = run.lastRead
                .map(w -> "traffic was last read at " + w + " (" + run.lastReadAt + ")")
                .orElse("traffic could not be read at all");
        throw new TrafficShiftException(
                "rollback of " + run.where + " to " + Weights.ALL_BLUE + " failed after "
                        + finalAttempts + " attempts; " + where + "; last error: " + lastError.getMessage()
                        + "; rollback reason: " + why,
                Weights.ALL_BLUE,
                run.lastRead.orElse(null),
                lastError);
    }

    /** Waits; false when interrupted (the flag is kept, and the caller moves on towards blue without waiting). */
    private boolean pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return true;
        }
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting {} during a rollback; carrying on to {}", duration, Weights.ALL_BLUE);
            return false;
        }
    }

    /** One rollback's state: the route, what was read back, when. */
    private final class Run {

        final Routing routing;
        final String where;
        final Instant started;
        final List<Weights> path = new ArrayList<>();
        Optional<Weights> lastRead = Optional.empty();
        Instant lastReadAt;

        Run(Routing routing, Instant started) {
            this.routing = routing;
            this.where = Routes.describe(routing);
            this.started = started;
        }

        /** Reads the route; a failure is logged and leaves what was known before. */
        void read() {
            try {
                saw(router.read(routing));
            } catch (RuntimeException e) {
                LOG.warn("cannot read the split on {}: {}", where, e.toString());
            }
        }

        void saw(Weights weights) {
            lastRead = Optional.of(weights);
            lastReadAt = clock.instant();
            if (path.isEmpty() || !path.get(path.size() - 1).equals(weights)) {
                path.add(weights);
            }
        }

        Duration took() {
            return Duration.between(started, clock.instant());
        }

        RollbackResult result(String why) {
            return new RollbackResult(lastRead.orElseThrow(), path, took(), why);
        }
    }
}
