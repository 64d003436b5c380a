package dev.cutover.runtime.demo;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.adapters.EmbeddedDatabases;
import dev.cutover.runtime.adapters.LocalCodeDeploy;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.sample.AppVersion;
import dev.cutover.runtime.sample.JdbcOrderStore;
import dev.cutover.runtime.sample.SampleApp;
import dev.cutover.runtime.sample.Variant;

/**
 * What CodeDeploy's lifecycle does to the demo's world: Install starts green (v2, behaving as the scenario says)
 * on its own copy of the database and points the router's green upstream at it; AllowTraffic moves production to
 * green; a rollback drains green, stops it and leaves production on blue. Green is closed with the demo.
 */
final class ScenarioActions implements LocalCodeDeploy.Actions, AutoCloseable {

    /** Starts a component, turning its failure into one that names it. */
    interface Starter {
        <T> T start(String component, Supplier<T> starter);
    }

    private final EmbeddedDatabases db;
    private final LocalRouter router;
    private final Scenario scenario;
    private final Timeline timeline;
    private final DemoConsole console;
    private final Starter starter;
    private volatile SampleApp green;
    private volatile HikariDataSource greenPool;

    ScenarioActions(
            EmbeddedDatabases db,
            LocalRouter router,
            Scenario scenario,
            Timeline timeline,
            DemoConsole console,
            Starter starter) {
        this.db = db;
        this.router = router;
        this.scenario = scenario;
        this.timeline = timeline;
        this.console = console;
        this.starter = starter;
    }

    /** Makes the running green misbehave from now on; nothing when green is not running. */
    void degradeGreen(Variant variant) {
        SampleApp g = green;
        if (g != null) {
            g.behave(variant);
            console.event("green degrades: it now behaves as " + variant);
        }
    }

    /** Green's base URL while it runs, for its target group's health. */
    Optional<URI> greenUri() {
        return Optional.ofNullable(green).map(SampleApp::uri);
    }

    @Override
    public void install() {
        greenPool = starter.start("green's connection pool", () -> db.pool("orders_green", 16));
        green = starter.start(
                "the green app",
                () -> SampleApp.start(
                        AppVersion.V2, scenario.variant(), 0, new JdbcOrderStore(greenPool, AppVersion.V2)));
        router.setUpstream(Version.GREEN, green.uri());
    }

    @Override
    public void allowTestTraffic() {
        // the router's test listener always forwards to green's upstream, set at Install
    }

    @Override
    public void allowTraffic() {
        router.setWeights(Weights.ALL_GREEN);
    }

    @Override
    public void rollBack(String reason) {
        timeline.rollbackByHook();
        router.drain(Version.GREEN);
        timeline.trafficRestored();
        try {
            router.awaitIdle(Version.GREEN, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SampleApp g = green;
        if (g != null) {
            g.stop();
            console.event("green stopped after draining; production traffic is on blue");
        }
    }

    /** Stops green, then its pool; safe to call twice. A failure is a warning: the rest still closes. */
    @Override
    public synchronized void close() {
        SampleApp g = green;
        green = null;
        HikariDataSource pool = greenPool;
        greenPool = null;
        for (AutoCloseable resource : new AutoCloseable[] {g, pool}) {
            if (resource != null) {
                Demo.closeQuietly(resource, console);
            }
        }
    }
}
