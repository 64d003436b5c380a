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
    private final Timeline timeline;
    private final DemoConsole console;
    private final Starter starter;
    /** Per router slot (BLUE, GREEN): the app running there and its pool; a slot keeps its own database. */
    private final SampleApp[] apps = new SampleApp[2];

    private final HikariDataSource[] pools = new HikariDataSource[2];
    private volatile Scenario scenario;
    /** The slot the running (or next) deployment installs its new version in. */
    private volatile Version newSlot = Version.GREEN;

    /** The release the running (or next) deployment installs: v2 first, then v3, v4, ... */
    private volatile AppVersion release = AppVersion.V2;

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

    /** The database behind a slot: each slot keeps its own, so the live version's data is never touched. */
    static String database(Version slot) {
        return slot == Version.BLUE ? "orders_blue" : "orders_green";
    }

    /** The app already running in {@code slot} (the first blue), closed with the rest. */
    synchronized void adopt(Version slot, SampleApp app, HikariDataSource pool) {
        apps[slot.ordinal()] = app;
        pools[slot.ordinal()] = pool;
    }

    /** The next deployment installs {@code release}, behaving as {@code next}, in {@code slot}. */
    void prepare(Version slot, Scenario next, AppVersion release) {
        this.newSlot = slot;
        this.scenario = next;
        this.release = release;
    }

    /** The slot the current deployment's new version runs in. */
    Version newSlot() {
        return newSlot;
    }

    /** Makes the running new version misbehave from now on; nothing when it is not running. */
    void degradeGreen(Variant variant) {
        SampleApp g = apps[newSlot.ordinal()];
        if (g != null) {
            g.behave(variant);
            console.event("green degrades: it now behaves as " + variant);
        }
    }

    /** The running new version's process dies: its port refuses connections. Nothing when it is not running. */
    void crashGreen() {
        SampleApp g = apps[newSlot.ordinal()];
        if (g != null) {
            g.stop();
            console.event("green crashes: its port refuses connections from now on");
        }
    }

    /** The base URL of the app running in {@code slot}, for its target group's health. */
    Optional<URI> uriIn(Version slot) {
        return Optional.ofNullable(apps[slot.ordinal()]).map(SampleApp::uri);
    }

    /** Green's base URL while it runs. */
    Optional<URI> greenUri() {
        return uriIn(newSlot);
    }

    @Override
    public void install() {
        Version slot = newSlot;
        // the version this slot served before is at 0% (retired by the last promotion, or rolled back): replace it
        retire(slot);
        HikariDataSource pool = starter.start("green's connection pool", () -> db.pool(database(slot), 16));
        Scenario s = scenario;
        AppVersion r = release;
        SampleApp app;
        synchronized (this) {
            pools[slot.ordinal()] = pool;
            app = starter.start("the green app", () -> SampleApp.start(r, s.variant(), 0, new JdbcOrderStore(pool, r)));
            apps[slot.ordinal()] = app;
        }
        router.setUpstream(slot, app.uri());
        router.setTestSlot(slot);
    }

    @Override
    public void allowTestTraffic() {
        // the router's test listener forwards to the new version's slot, set at Install
    }

    @Override
    public void allowTraffic() {
        router.setWeights(newSlot == Version.GREEN ? Weights.ALL_GREEN : Weights.ALL_BLUE);
    }

    /**
     * How long a rolled-back green keeps serving after the switch before it drains and stops: with DNS switching,
     * clients whose resolver cached a green answer keep sending to it for up to the TTL, and a green stopped at once
     * would refuse them. Zero (the default) for the load balancer, whose switch reaches every request at once.
     */
    void keepServingAfterRollback(Duration linger) {
        this.linger = linger;
    }

    private volatile Duration linger = Duration.ZERO;

    @Override
    public void rollBack(String reason) {
        Version slot = newSlot;
        timeline.rollbackByHook();
        router.drain(slot);
        timeline.trafficRestored();
        Demo.sleep(linger);
        try {
            router.awaitIdle(slot, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SampleApp g = apps[slot.ordinal()];
        if (g != null) {
            try {
                g.stop();
                console.event("green stopped after draining; production traffic is on blue");
            } catch (IllegalStateException e) {
                // a hung green still holds requests when its stop timeout ends: it is stopped all the same, and the
                // rollback is done; failing here would end the whole run
                console.warning(e.getMessage() + "; green is stopped, production traffic is on blue");
            }
        }
    }

    private void retire(Version slot) {
        SampleApp old;
        HikariDataSource oldPool;
        synchronized (this) {
            old = apps[slot.ordinal()];
            oldPool = pools[slot.ordinal()];
            apps[slot.ordinal()] = null;
            pools[slot.ordinal()] = null;
        }
        for (AutoCloseable resource : new AutoCloseable[] {old, oldPool}) {
            if (resource != null) {
                Demo.closeQuietly(resource, console);
            }
        }
    }

    /** Stops every app, then its pool; safe to call twice. A failure is a warning: the rest still closes. */
    @Override
    public void close() {
        retire(Version.GREEN);
        retire(Version.BLUE);
    }
}
