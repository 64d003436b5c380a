package dev.cutover.handlers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.DataSync;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Migrations;
import dev.cutover.core.spec.Notifications;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.spec.Shifting;
import dev.cutover.core.spec.SmokeTests;

/** A spec with every kind of check, built directly (parsing is another module's business). */
final class Specs {

    static final String GREEN_TG =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/73e2d6bc24d8a067";
    static final URI TEST_URL = URI.create("http://test.orders.example:8080");
    static final URI PRODUCTION_URL = URI.create("http://orders.example");
    static final String MIGRATIONS_SECRET = "orders/db";
    static final String BLUE_SECRET = "orders/blue-db";
    static final String GREEN_SECRET = "orders/green-db";

    private Specs() {}

    /** {@link #full()} as a spec is stored: the pair of target groups, roles left to each deployment. */
    static CutoverSpec pairOnly() {
        return full().withRouting(full().routing().withoutRoles());
    }

    static CutoverSpec full() {
        Routing routing = Routing.resolved(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2",
                Optional.empty(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/6d0ecf831eec9f09",
                GREEN_TG,
                PRODUCTION_URL,
                TEST_URL,
                2,
                Duration.ofMinutes(5));
        SmokeTests smoke = new SmokeTests(
                List.of(),
                List.of(new SmokeTests.SmokeTest(
                        "health",
                        "GET",
                        "/health",
                        Map.of(),
                        Optional.empty(),
                        200,
                        List.of(),
                        List.of(),
                        Duration.ofSeconds(2),
                        2,
                        Duration.ofMillis(500))));
        return new CutoverSpec(
                1,
                "orders",
                routing,
                new Shifting(
                        Shifting.Mode.ALL_AT_ONCE,
                        List.of(new Shifting.Stage(100, Duration.ZERO)),
                        Shifting.DEFAULT_HOOK_WINDOW,
                        Shifting.DEFAULT_SAFETY_MARGIN),
                new HealthGates(List.of("orders-5xx", "orders-p99-latency"), List.of()),
                smoke,
                Optional.of(new Migrations("classpath:db/migration", MIGRATIONS_SECRET, "public")),
                Optional.of(new DataSync(
                        BLUE_SECRET,
                        GREEN_SECRET,
                        List.of(new DataSync.TableCheck(
                                "orders", "id", List.of("total"), 0, Optional.empty(), Duration.ZERO)))),
                Notifications.none(),
                RollbackPolicy.immediate());
    }
}
