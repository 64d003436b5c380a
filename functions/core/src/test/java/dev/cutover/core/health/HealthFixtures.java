package dev.cutover.core.health;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Notifications;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.spec.Shifting;
import dev.cutover.core.spec.SmokeTests;

/** Specs and gates for the health tests, built directly. */
final class HealthFixtures {

    static final String LISTENER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2";
    static final String LOAD_BALANCER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188";
    static final String BLUE =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/6d0ecf831eec9f09";
    static final String GREEN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/73e2d6bc24d8a067";

    private HealthFixtures() {}

    static CutoverSpec spec(List<String> alarms, HealthGates.MetricGate... gates) {
        return spec(new HealthGates(alarms, List.of(gates)));
    }

    /** The spec with {@code health.judge: statistical} and its default settings. */
    static CutoverSpec statisticalSpec(HealthGates.MetricGate... gates) {
        return spec(new HealthGates(
                List.of(),
                List.of(gates),
                HealthGates.DEFAULT_METRICS_WAIT,
                HealthGates.Judge.STATISTICAL,
                HealthGates.Statistical.DEFAULT));
    }

    static CutoverSpec spec(HealthGates health) {
        Routing routing = Routing.resolved(
                LISTENER,
                Optional.empty(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65",
                BLUE,
                GREEN,
                URI.create("http://orders.example"),
                URI.create("http://test.orders.example:8080"),
                1,
                Duration.ofMinutes(5));
        return new CutoverSpec(
                1,
                "orders",
                routing,
                new Shifting(
                        Shifting.Mode.STAGED,
                        List.of(new Shifting.Stage(10, Duration.ofMinutes(10)), new Shifting.Stage(100, Duration.ZERO)),
                        Shifting.DEFAULT_HOOK_WINDOW,
                        Shifting.DEFAULT_SAFETY_MARGIN),
                health,
                SmokeTests.none(),
                Optional.empty(),
                Optional.empty(),
                Notifications.none(),
                RollbackPolicy.immediate());
    }

    static HealthGates.MetricGate errorRate(double threshold, Double maxIncrease, long minRequests) {
        return new HealthGates.MetricGate(
                Metric.ERROR_RATE_5XX, Optional.empty(), threshold, Optional.ofNullable(maxIncrease), minRequests);
    }

    static HealthGates.MetricGate latency(
            double percentile, double thresholdMs, Double maxIncreaseMs, long minRequests) {
        return new HealthGates.MetricGate(
                Metric.LATENCY, Optional.of(percentile), thresholdMs, Optional.ofNullable(maxIncreaseMs), minRequests);
    }
}
