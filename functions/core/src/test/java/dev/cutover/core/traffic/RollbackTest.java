package dev.cutover.core.traffic;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.traffic.TrafficFixtures.ManualClock;
import dev.cutover.core.traffic.TrafficFixtures.RecordingSleeper;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.memory.InMemoryTrafficRouter.ApplyOutcome;
import dev.cutover.memory.InMemoryTrafficRouter.Faults;

import static dev.cutover.core.traffic.TrafficFixtures.LISTENER;
import static dev.cutover.core.traffic.TrafficFixtures.listenerRouting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RollbackTest {

    private static final Duration STEP_WAIT = Duration.ofSeconds(30);
    private static final RollbackPolicy GRADUAL =
            new RollbackPolicy(RollbackPolicy.Mode.GRADUAL, List.of(50, 10, 0), STEP_WAIT);

    private final Routing routing = listenerRouting();
    private final ManualClock clock = new ManualClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    static Stream<Arguments> everyStageOfA10_50_100PlanInBothModes() {
        return Stream.of(10, 50, 100)
                .flatMap(stage ->
                        Stream.of(Arguments.of(stage, RollbackPolicy.immediate()), Arguments.of(stage, GRADUAL)));
    }

    @ParameterizedTest(name = "from green {0}% ({1})")
    @MethodSource("everyStageOfA10_50_100PlanInBothModes")
    void fromEveryStageTrafficEndsOnBlueWithoutEverMovingTowardGreen(int stage, RollbackPolicy policy) {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter();
        new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(stage));

        RollbackResult result = rollback(router).rollBack(routing, policy, "alarm orders-5xx in ALARM");

        assertThat(result.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(router.read(routing)).isEqualTo(Weights.ALL_BLUE);
        assertThat(result.reason()).isEqualTo("alarm orders-5xx in ALARM");
        assertThat(result.path()).first().isEqualTo(Weights.ofGreenPercent(stage));
        assertThat(result.path()).last().isEqualTo(Weights.ALL_BLUE);
        List<Weights> rollbackRequests =
                router.requested(routing).subList(1, router.requested(routing).size());
        assertNeverTowardGreen(stage, rollbackRequests);
        assertThat(router.history(routing))
                .allSatisfy(w -> assertThat(w.blue() + w.green()).isEqualTo(100));
    }

    @Test
    void immediateIsOneShiftToBlue() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50));

        RollbackResult result = rollback(router).rollBack(routing, RollbackPolicy.immediate(), "smoke test failed");

        assertThat(router.requested(routing)).containsExactly(Weights.ALL_BLUE);
        assertThat(result.path()).containsExactly(new Weights(50, 50), Weights.ALL_BLUE);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(result.took()).isZero();
    }

    @Test
    void gradualWalksEveryStepBelowTheCurrentShareWaitingBetweenThem() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_GREEN);

        RollbackResult result = rollback(router).rollBack(routing, GRADUAL, "p99 latency gate failed");

        assertThat(result.path())
                .containsExactly(Weights.ALL_GREEN, new Weights(50, 50), new Weights(90, 10), Weights.ALL_BLUE);
        assertThat(sleeper.waits()).containsExactly(STEP_WAIT, STEP_WAIT);
        assertThat(result.took()).isEqualTo(STEP_WAIT.multipliedBy(2));
    }

    @Test
    void gradualSkipsStepsAtOrAboveTheCurrentGreenShare() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50));
        RollbackPolicy policy = new RollbackPolicy(RollbackPolicy.Mode.GRADUAL, List.of(75, 50, 25, 0), STEP_WAIT);

        RollbackResult result = rollback(router).rollBack(routing, policy, "5xx gate failed");

        assertThat(router.requested(routing)).containsExactly(new Weights(75, 25), Weights.ALL_BLUE);
        assertThat(result.path()).containsExactly(new Weights(50, 50), new Weights(75, 25), Weights.ALL_BLUE);
        assertThat(sleeper.waits()).containsExactly(STEP_WAIT);
    }

    @Test
    void gradualBelowEveryStepGoesStraightToBlueWithoutWaiting() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(5));

        RollbackResult result = rollback(router).rollBack(routing, GRADUAL, "alarm");

        assertThat(router.requested(routing)).containsExactly(Weights.ALL_BLUE);
        assertThat(result.path()).containsExactly(new Weights(95, 5), Weights.ALL_BLUE);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void afterAPartialShiftRollsBackFromWhereTrafficWasLeft() {
        // a forward shift to 70% green fails half way, leaving 30% green on the listener
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(
                Weights.ALL_BLUE,
                scripted(requested -> ApplyOutcome.failsLeaving(
                        Weights.ofGreenPercent(30), new DependencyException("ModifyListener failed half way"))));
        catchThrowableOfType(
                DependencyException.class, () -> new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(70)));
        assertThat(router.read(routing)).isEqualTo(new Weights(70, 30));

        RollbackResult result = rollback(router)
                .rollBack(
                        routing,
                        new RollbackPolicy(RollbackPolicy.Mode.GRADUAL, List.of(50, 20, 0), STEP_WAIT),
                        "shift failed");

        assertThat(result.path()).containsExactly(new Weights(70, 30), new Weights(80, 20), Weights.ALL_BLUE);
        assertThat(router.read(routing)).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void aStepThatFailsPartWayIsFollowedStraightAwayByBlue() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(
                Weights.ALL_GREEN,
                scripted(requested -> ApplyOutcome.failsLeaving(
                        Weights.ofGreenPercent(80), new TransientDependencyException("connection reset", null))));

        RollbackResult result = rollback(router).rollBack(routing, GRADUAL, "alarm");

        assertThat(router.requested(routing)).containsExactly(new Weights(50, 50), Weights.ALL_BLUE);
        assertThat(router.history(routing)).containsExactly(Weights.ALL_GREEN, new Weights(20, 80), Weights.ALL_BLUE);
        assertThat(result.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(sleeper.waits()).as("no step wait after a failed step").isEmpty();
    }

    @Test
    void aStepThatDoesNotTakeIsFollowedStraightAwayByBlue() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(
                Weights.ALL_GREEN, scripted(requested -> ApplyOutcome.takes(Weights.ofGreenPercent(60))));

        RollbackResult result = rollback(router).rollBack(routing, GRADUAL, "alarm");

        assertThat(router.requested(routing)).containsExactly(new Weights(50, 50), Weights.ALL_BLUE);
        assertThat(result.path()).containsExactly(Weights.ALL_GREEN, new Weights(40, 60), Weights.ALL_BLUE);
    }

    @Test
    void twiceInARowTheSecondOnlyVerifies() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50));
        Rollback rollback = rollback(router);

        RollbackResult first = rollback.rollBack(routing, GRADUAL, "alarm");
        RollbackResult second = rollback.rollBack(routing, GRADUAL, "alarm again");

        assertThat(first.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(second.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(second.path()).containsExactly(Weights.ALL_BLUE);
        assertThat(router.requested(routing))
                .as("the second rollback changes nothing")
                .containsExactly(new Weights(90, 10), Weights.ALL_BLUE);
    }

    @Test
    void retriesTheFinalShiftWithGrowingBackoffUntilItTakes() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(
                Weights.ofGreenPercent(50),
                scripted(
                        requested ->
                                ApplyOutcome.fails(new TransientDependencyException("Throttling (HTTP 400)", null)),
                        requested -> ApplyOutcome.fails(new DependencyException("InternalFailure (HTTP 500)"))));

        RollbackResult result = rollback(router).rollBack(routing, RollbackPolicy.immediate(), "alarm");

        assertThat(result.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(router.requested(routing)).containsExactly(Weights.ALL_BLUE, Weights.ALL_BLUE, Weights.ALL_BLUE);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(result.took()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void givesUpAfterEveryTrySayingWhereTrafficWasLastRead() {
        DependencyException refused = new DependencyException("ELBv2 ModifyListener failed: AccessDenied (HTTP 403)");
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50), new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return ApplyOutcome.fails(refused);
            }
        });

        TrafficShiftException e = catchThrowableOfType(
                TrafficShiftException.class,
                () -> new Rollback(router, sleeper, clock, 3, Duration.ofMillis(100))
                        .rollBack(routing, RollbackPolicy.immediate(), "alarm orders-5xx"));

        assertThat(e.getMessage())
                .contains(
                        LISTENER,
                        "after 3 attempts",
                        "last read at blue 50 / green 50",
                        "AccessDenied",
                        "alarm orders-5xx");
        assertThat(e.expected()).isEqualTo(Weights.ALL_BLUE);
        assertThat(e.lastRead()).contains(new Weights(50, 50));
        assertThat(e.getCause()).isSameAs(refused);
        assertThat(router.requested(routing)).hasSize(3);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void givingUpWhenTheRouteTakesOtherWeightsReportsWhatItReadBack() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50), new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return ApplyOutcome.takes(Weights.ofGreenPercent(10));
            }
        });

        TrafficShiftException e = catchThrowableOfType(
                TrafficShiftException.class,
                () -> rollback(router).rollBack(routing, RollbackPolicy.immediate(), "alarm"));

        assertThat(e.lastRead()).contains(new Weights(90, 10));
        assertThat(e.getMessage()).contains("last read at blue 90 / green 10");
        assertThat(e.getCause()).isInstanceOf(TrafficShiftException.class);
    }

    @Test
    void givingUpWhenNothingCanBeReadSaysSo() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50), new Faults() {
            @Override
            public void beforeRead(Routing r, Weights current) {
                throw new TransientDependencyException("connect timed out", null);
            }
        });

        TrafficShiftException e = catchThrowableOfType(
                TrafficShiftException.class, () -> rollback(router).rollBack(routing, GRADUAL, "alarm"));

        assertThat(e.lastRead()).isEmpty();
        assertThat(e.getMessage()).contains("could not be read", "connect timed out");
    }

    @Test
    void gradualWithAnUnreadableStartGoesStraightToBlue() {
        int[] reads = {0};
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_GREEN, new Faults() {
            @Override
            public void beforeRead(Routing r, Weights current) {
                if (reads[0]++ == 0) {
                    throw new TransientDependencyException("Throttling (HTTP 400)", null);
                }
            }
        });

        RollbackResult result = rollback(router).rollBack(routing, GRADUAL, "alarm");

        assertThat(router.requested(routing)).as("no step is known to be safe").containsExactly(Weights.ALL_BLUE);
        assertThat(result.path()).containsExactly(Weights.ALL_BLUE);
    }

    @Test
    void anInterruptedStepWaitStillEndsOnBlue() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_GREEN);
        Sleeper interrupted = d -> {
            throw new InterruptedException("Lambda is shutting down");
        };

        RollbackResult result = new Rollback(router, interrupted, clock).rollBack(routing, GRADUAL, "alarm");

        assertThat(result.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(router.requested(routing)).containsExactly(new Weights(50, 50), Weights.ALL_BLUE);
        assertThat(Thread.currentThread().isInterrupted())
                .as("the interrupt is kept for the caller")
                .isTrue();
    }

    @Test
    void aMissingReasonOrPolicyStillRollsBack() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(50));

        RollbackResult result = rollback(router).rollBack(routing, null, " ");

        assertThat(result.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(result.reason()).isEqualTo("no reason given");
    }

    /**
     * Random faults on every call, seeded so a failure replays: reads fail, applies fail, take other weights or
     * stop part way. The rollback either ends verified on blue or says honestly where traffic was; it never asks
     * for more green than the step before.
     */
    @Test
    void underRandomFaultsEndsOnBlueOrReportsTheTruth() {
        int converged = 0;
        int gaveUp = 0;
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            InMemoryTrafficRouter router =
                    new InMemoryTrafficRouter(Weights.ofGreenPercent(random.nextInt(101)), randomFaults(random));
            int startGreen = router.history(routing).get(0).green();
            RollbackPolicy policy = random.nextBoolean() ? RollbackPolicy.immediate() : GRADUAL;
            try {
                RollbackResult result = rollback(router).rollBack(routing, policy, "seed " + seed);
                assertThat(result.finalWeights()).as("seed %d", seed).isEqualTo(Weights.ALL_BLUE);
                assertThat(router.history(routing)).as("seed %d", seed).last().isEqualTo(Weights.ALL_BLUE);
                converged++;
            } catch (TrafficShiftException e) {
                // the faults may leave the route anywhere; the report names a split the route really was at
                assertThat(e.expected()).isEqualTo(Weights.ALL_BLUE);
                e.lastRead().ifPresent(w -> assertThat(router.history(routing)).contains(w));
                assertThat(e.getMessage()).contains("seed " + seed);
                gaveUp++;
            }
            assertNeverTowardGreen(startGreen, router.requested(routing));
            assertThat(router.history(routing))
                    .allSatisfy(w -> assertThat(w.blue() + w.green()).isEqualTo(100));
        }
        assertThat(converged).as("most rollbacks converge despite the faults").isGreaterThan(200);
        assertThat(gaveUp)
                .as("the faults are strong enough to exhaust the tries sometimes")
                .isPositive();
    }

    private Rollback rollback(InMemoryTrafficRouter router) {
        return new Rollback(router, sleeper, clock);
    }

    private static void assertNeverTowardGreen(int startGreen, List<Weights> requests) {
        int previous = startGreen;
        for (Weights w : requests) {
            assertThat(w.green())
                    .as("requested %s after green %d%% during a rollback", w, previous)
                    .isLessThanOrEqualTo(previous);
            previous = w.green();
        }
    }

    /** Applies answered by the given outcomes in order, then taken as asked. */
    @SafeVarargs
    private static Faults scripted(Function<Weights, ApplyOutcome>... outcomes) {
        Deque<Function<Weights, ApplyOutcome>> queue = new ArrayDeque<>();
        for (Function<Weights, ApplyOutcome> outcome : outcomes) {
            queue.add(outcome);
        }
        return new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                Function<Weights, ApplyOutcome> next = queue.poll();
                return next == null ? ApplyOutcome.takes(requested) : next.apply(requested);
            }
        };
    }

    private static Faults randomFaults(Random random) {
        List<String> kinds = new ArrayList<>(List.of("ok", "ok", "ok", "fail", "partial", "other"));
        return new Faults() {
            @Override
            public void beforeRead(Routing r, Weights current) {
                if (random.nextInt(5) == 0) {
                    throw new TransientDependencyException("random read fault", null);
                }
            }

            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return switch (kinds.get(random.nextInt(kinds.size()))) {
                    case "fail" -> ApplyOutcome.fails(new DependencyException("random apply fault"));
                    case "partial" ->
                        ApplyOutcome.failsLeaving(
                                between(random, current, requested),
                                new TransientDependencyException("random partial apply", null));
                    case "other" -> ApplyOutcome.takes(Weights.ofGreenPercent(random.nextInt(101)));
                    default -> ApplyOutcome.takes(requested);
                };
            }
        };
    }

    private static Weights between(Random random, Weights from, Weights to) {
        int low = Math.min(from.green(), to.green());
        int high = Math.max(from.green(), to.green());
        return Weights.ofGreenPercent(low + random.nextInt(high - low + 1));
    }
}
