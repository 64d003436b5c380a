package dev.cutover.memory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.memory.InMemoryTrafficRouter.ApplyOutcome;
import dev.cutover.memory.InMemoryTrafficRouter.Faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryTrafficRouterTest {

    private static final String LISTENER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2";
    private static final String RULE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/orders/"
            + "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";

    private static Routing listenerRouting() {
        return routing(Optional.empty());
    }

    private static Routing ruleRouting() {
        return routing(Optional.of(RULE));
    }

    private static Routing routing(Optional<String> rule) {
        return Routing.resolved(
                LISTENER,
                rule,
                LISTENER.replace("f2f7dc8efc522ab2", "0467ef3c8400ae65"),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/73e2d6bc24d8a067",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/2453ed029918f21f",
                URI.create("https://orders.example.com"),
                URI.create("https://orders.example.com:8443"),
                1,
                Duration.ofMinutes(5));
    }

    @Test
    void anUnseenRouteStartsAtTheInitialWeights() {
        assertThat(new InMemoryTrafficRouter().read(listenerRouting())).isEqualTo(Weights.ALL_BLUE);
        assertThat(new InMemoryTrafficRouter(Weights.ofGreenPercent(20)).read(listenerRouting()))
                .isEqualTo(new Weights(80, 20));
    }

    @Test
    void aRuleIsARouteOfItsOwnApartFromItsListenersDefault() {
        InMemoryTrafficRouter router = new InMemoryTrafficRouter();

        router.apply(ruleRouting(), Weights.ofGreenPercent(40));

        assertThat(router.read(ruleRouting())).isEqualTo(new Weights(60, 40));
        assertThat(router.read(listenerRouting())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void recordsRequestsAndTheSplitsTheRouteWasAt() {
        Routing routing = listenerRouting();
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ALL_BLUE, new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return requested.green() == 50
                        ? ApplyOutcome.failsLeaving(Weights.ofGreenPercent(30), new DependencyException("half way"))
                        : ApplyOutcome.takes(requested);
            }
        });

        router.apply(routing, Weights.ofGreenPercent(10));
        router.apply(routing, Weights.ofGreenPercent(10));
        assertThatThrownBy(() -> router.apply(routing, Weights.ofGreenPercent(50)))
                .hasMessage("half way");

        assertThat(router.requested(routing))
                .containsExactly(new Weights(90, 10), new Weights(90, 10), new Weights(50, 50));
        assertThat(router.history(routing)).containsExactly(Weights.ALL_BLUE, new Weights(90, 10), new Weights(70, 30));
        assertThat(router.read(routing)).isEqualTo(new Weights(70, 30));
    }

    @Test
    void aFailedApplyLeavesTheRouteAlone() {
        Routing routing = listenerRouting();
        InMemoryTrafficRouter router = new InMemoryTrafficRouter(Weights.ofGreenPercent(10), new Faults() {
            @Override
            public ApplyOutcome onApply(Routing r, Weights current, Weights requested) {
                return ApplyOutcome.fails(new DependencyException("refused"));
            }
        });

        assertThatThrownBy(() -> router.apply(routing, Weights.ALL_GREEN)).hasMessage("refused");

        assertThat(router.read(routing)).isEqualTo(new Weights(90, 10));
    }

    @Test
    void concurrentAppliesAndReadsNeverSeeATornOrLostUpdate() throws Exception {
        Routing routing = listenerRouting();
        InMemoryTrafficRouter router = new InMemoryTrafficRouter();
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        router.apply(routing, Weights.ofGreenPercent((offset * 13 + i) % 101));
                        Weights read = router.read(routing);
                        assertThat(read.blue() + read.green()).isEqualTo(100);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Weights> requested = router.requested(routing);
        assertThat(requested).hasSize(threads * perThread);
        assertThat(router.read(routing)).as("the last apply wins").isEqualTo(requested.get(requested.size() - 1));
    }
}
