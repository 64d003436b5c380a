package dev.cutover.runtime.demo;

import dev.cutover.core.error.DemoException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;

import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.deploy.jdbc.LedgerSchema;
import dev.cutover.core.deploy.jdbc.PostgresDeploymentLedger;
import dev.cutover.core.deploy.jdbc.PostgresDeploymentLock;
import dev.cutover.core.health.InMemoryTargetGroupMetrics;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.runtime.adapters.ConsoleNotifier;
import dev.cutover.runtime.adapters.EmbeddedDatabases;
import dev.cutover.runtime.adapters.EngineWorkflowExecutions;
import dev.cutover.runtime.adapters.LocalAlarms;
import dev.cutover.runtime.adapters.LocalCodeDeploy;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.adapters.LocalSecrets;
import dev.cutover.runtime.adapters.LocalSpecRepository;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.states.StateMachine;
import dev.cutover.runtime.adapters.LocalTargetHealth;
import dev.cutover.runtime.load.LoadConfig;
import dev.cutover.runtime.load.LoadGenerator;
import dev.cutover.runtime.load.LoadReport;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.MetricsSnapshot;
import dev.cutover.runtime.router.RequestRecord;
import dev.cutover.runtime.router.RouterConfig;
import dev.cutover.runtime.router.RouterListener;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.sample.AppVersion;
import dev.cutover.runtime.sample.JdbcOrderStore;
import dev.cutover.runtime.sample.SampleApp;
import dev.cutover.runtime.sample.Variant;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Routing;
import dev.cutover.states.TaskHandler;
import dev.cutover.core.port.model.Weights;

/**
 * {@code cutover demo}: a whole blue/green deployment of the sample service on this machine, with real traffic.
 * The same hook handlers, workflow task handlers, alarm handler and {@code statemachine/deployment.asl.json} as on
 * AWS run over local adapters ({@link LocalWiring}): the {@link LocalRouter} as the load balancer, {@link LocalAlarms} as CloudWatch,
 * {@link LocalCodeDeploy} as CodeDeploy, {@link EngineWorkflowExecutions} as Step Functions, an embedded PostgreSQL
 * for the stores, the ledger and the lock.
 *
 * <p>{@link #run} returns how the deployment ended whatever the system decided (promoted or rolled back); it throws
 * {@link DemoException}, naming the component, only when the runtime itself fails.
 */
public final class Demo {

    /** Where the handlers read the spec from (the local stand-in for the SSM parameter). */
    public static final String SPEC_PARAMETER = LocalWiring.SPEC_PARAMETER;
    static final String SPEC_TEMPLATE = "dev/cutover/runtime/demo/orders.cutover.yaml";
    static final String MIGRATIONS = "classpath:dev/cutover/runtime/sample/db";
    static final String BAD_MIGRATIONS = MIGRATIONS + ",classpath:dev/cutover/runtime/demo/bad-migration";
    static final int LATENCY_THRESHOLD_MS = 250;
    static final int SEED_ORDERS = 40;
    static final Duration ALARM_WINDOW = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoOptions options;
    private final Clock clock = Clock.systemUTC();
    private final Optional<PrintStream> out;
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    // closed first, so no request is in flight when the apps and the router stop
    private final List<AutoCloseable> traffic = new CopyOnWriteArrayList<>();

    // what happened, as it happened
    private volatile Instant started;
    private volatile String phase = "starting";
    private volatile int stagesTotal;
    private volatile int stageAt;
    private final AtomicReference<Instant> firstFault = new AtomicReference<>();
    private final AtomicReference<Instant> decision = new AtomicReference<>();
    private final AtomicReference<String> trigger = new AtomicReference<>();
    private final AtomicReference<Instant> restored = new AtomicReference<>();
    private final Map<Integer, ObjectNode> stages = new ConcurrentHashMap<>();
    private final List<String> alarms = new CopyOnWriteArrayList<>();
    private volatile SampleApp green;
    private volatile HikariDataSource greenPool;

    public Demo(DemoOptions options) {
        this.options = options;
        this.out = options.progress();
    }

    /**
     * Runs the demo to its end and shuts everything down.
     *
     * @throws DemoException when a component of the runtime fails (the message names it)
     */
    public DemoSummary run() {
        Instant runStart = clock.instant();
        // Ctrl-C must not leave PostgreSQL or a port behind
        Thread cleanup = new Thread(this::closeAll, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return runDeployment(runStart);
        } catch (DemoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DemoException("the local runtime failed: " + e.getMessage(), e);
        } finally {
            closeAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to undo
            }
        }
    }

    private DemoSummary runDeployment(Instant runStart) {
        Scenario scenario = options.scenario();
        event("starting embedded PostgreSQL, the blue app (v1), the router and the load generator");
        EmbeddedDatabases db = start("embedded PostgreSQL", EmbeddedDatabases::start);
        resources.add(db);
        prepareDatabases(db);

        HikariDataSource bluePool = start("blue's connection pool", () -> db.pool("orders_blue", 16));
        resources.add(bluePool);
        SampleApp blue = start("the blue app", () -> SampleApp.start(AppVersion.V1, Variant.healthy(), 0,
                new JdbcOrderStore(bluePool, AppVersion.V1)));
        resources.add(blue);

        InMemoryTargetGroupMetrics metrics = new InMemoryTargetGroupMetrics(Duration.ofMinutes(30), 1 << 16);
        AtomicReference<Routing> routingRef = new AtomicReference<>();
        LocalRouter router = start("the local router", () -> LocalRouter.start(RouterConfig
                .of(blue.uri(), URI.create("http://127.0.0.1:9"))
                .withRequestListener(r -> onRequest(r, routingRef.get(), metrics))));
        resources.add(router);

        String specText = demoSpec(router.productionUri(), router.testUri(), options.rps(), options.bakes(),
                options.scenario().badMigration());
        LocalSpecRepository specs = new LocalSpecRepository();
        specs.put(SPEC_PARAMETER, specText);
        CutoverSpec spec;
        try {
            spec = specs.load(SPEC_PARAMETER).spec();
        } catch (RuntimeException e) {
            throw new DemoException("the demo spec " + SPEC_TEMPLATE + " is invalid: " + e.getMessage(), e);
        }
        routingRef.set(spec.routing());
        stagesTotal = spec.shifting().stages().size();

        // the ports
        LocalSecrets secrets = new LocalSecrets()
                .put("orders/db/blue", db.credentials("orders_blue"))
                .put("orders/db/green", db.credentials("orders_green"));
        LocalTargetHealth targetHealth = new LocalTargetHealth()
                .register(spec.routing().blueTargetGroupArn(), () -> Optional.of(blue.uri()))
                .register(spec.routing().greenTargetGroupArn(),
                        () -> Optional.ofNullable(green).map(SampleApp::uri));
        ConsoleNotifier notifier = new ConsoleNotifier(n -> event("notification: " + n.subject()));
        LocalCodeDeploy codeDeploy = new LocalCodeDeploy(clock, this::onLifecycle);
        LedgerSchema.migrate(db.dataSource("cutover"), LedgerSchema.DEFAULT_SCHEMA);
        PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(db.dataSource("cutover"), clock);
        PostgresDeploymentLock lock = new PostgresDeploymentLock(db.dataSource("cutover"), clock);
        TrafficRouter observedRouter = observed(router);

        StateMachine machine = start("the state machine", EngineWorkflowExecutions::deploymentWorkflow);
        AtomicReference<LocalFunctions> functionsRef = new AtomicReference<>();
        LocalAlarms localAlarms = new LocalAlarms(spec.service(), spec.health().metricGates(),
                w -> router.snapshot(Version.GREEN, w), ALARM_WINDOW, clock,
                e -> onAlarmEvent(functionsRef.get(), e), this::onAlarmTransition);
        resources.add(localAlarms);

        LocalFunctions functions = LocalWiring.wire(clock, Ports.builder().specs(specs).statusReporter(codeDeploy)
                .deploymentControl(codeDeploy).router(observedRouter).lock(lock).ledger(ledger).notifier(notifier)
                .alarms(localAlarms).targetHealth(targetHealth).metrics(metrics).secrets(secrets), machine,
                this::observedTask).functions();
        functionsRef.set(functions);

        // traffic
        LoadGenerator load = start("the load generator", () -> LoadGenerator.start(
                LoadConfig.of(router.productionUri().resolve("/orders"), options.rps(), options.concurrency())));
        traffic.add(load::stop);
        Progress progress = new Progress(load, router);
        traffic.add(progress);
        localAlarms.start(Duration.ofMillis(500));

        String deploymentId = LocalCodeDeploy.newDeploymentId();
        event(String.format(Locale.ROOT, "deployment %s of orders v1 -> v2 (%s), %d req/s on %s",
                deploymentId, scenario.label(), options.rps(), router.productionUri()));
        started = clock.instant();
        progress.start();
        LocalCodeDeploy.Result result = codeDeploy.deploy(deploymentId, functions.hooks(),
                actions(db, router, scenario), spec.shifting().hookWindow());
        Instant ended = clock.instant();
        phase = result.succeeded() ? "promoted" : "rolled back";
        sleep(SETTLE);
        LoadReport report = load.stop();
        progress.close();

        Optional<DeploymentRecord> record = ledger.find(deploymentId);
        Optional<DemoSummary.Rollback> rollback = result.succeeded() ? Optional.empty()
                : Optional.of(rollbackOf(result, record));
        List<String> notifications = notifier.published().stream().map(n -> n.subject()).toList();
        return new DemoSummary(scenario.label(), result.succeeded() ? DemoSummary.PROMOTED : DemoSummary.ROLLED_BACK,
                deploymentId, Duration.between(started, ended).toMillis(),
                Duration.between(runStart, clock.instant()).toMillis(), router.weights(),
                new DemoSummary.Requests(report.completed(), report.failed(), report.version("blue").total(),
                        report.version("green").total(), report.sendRate()),
                stages.keySet().stream().sorted().map(i -> (JsonNode) stages.get(i)).toList(), result.hooks(),
                rollback, alarms, notifications);
    }

    private void prepareDatabases(EmbeddedDatabases db) {
        try {
            db.create("orders_blue");
            db.migrate("orders_blue", MIGRATIONS, "1");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= SEED_ORDERS; i++) {
                rows.add(new Object[] {"item-" + i, 1 + i % 5});
            }
            db.insert("orders_blue", "insert into orders (item, quantity) values (?, ?)", rows);
            // green's store starts as a copy of blue's (as a restored snapshot or a replica would)
            db.copy("orders_blue", "orders_green");
            db.create("cutover");
        } catch (RuntimeException e) {
            throw new DemoException("embedded PostgreSQL: preparing the demo databases failed: " + e.getMessage(), e);
        }
    }

    /**
     * The demo's spec (YAML) with its values filled in: the listeners' URLs, the stages' bakes, the metric gates'
     * minimum request count for the request rate, and the migrations (with the destructive V3 when asked).
     *
     * @throws DemoException when the template is missing from the classpath
     */
    public static String demoSpec(URI productionUrl, URI testUrl, int rps, List<Duration> bakes,
            boolean badMigration) {
        String template;
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(SPEC_TEMPLATE)) {
            if (in == null) {
                throw new DemoException("the demo spec " + SPEC_TEMPLATE + " is missing from the runtime's classpath");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DemoException("the demo spec " + SPEC_TEMPLATE + " cannot be read: " + e, e);
        }
        // about 40% of what 10% of the traffic brings during the first bake: enough to judge, never out of reach
        long minRequests = Math.max(20, Math.round(rps * 0.10 * Math.max(1, bakes.get(0).toSeconds()) * 0.4));
        return template
                .replace("${productionUrl}", productionUrl.toString())
                .replace("${testUrl}", testUrl.toString())
                .replace("${bake1}", Long.toString(bakes.get(0).toSeconds()))
                .replace("${bake2}", Long.toString(bakes.get(1).toSeconds()))
                .replace("${bake3}", Long.toString(bakes.get(2).toSeconds()))
                .replace("${minRequests}", Long.toString(minRequests))
                .replace("${latencyThresholdMs}", Integer.toString(LATENCY_THRESHOLD_MS))
                .replace("${migrationsLocation}", badMigration ? BAD_MIGRATIONS : MIGRATIONS);
    }

    private LocalCodeDeploy.Actions actions(EmbeddedDatabases db, LocalRouter router, Scenario scenario) {
        return new LocalCodeDeploy.Actions() {
            @Override
            public void install() {
                greenPool = start("green's connection pool", () -> db.pool("orders_green", 16));
                green = start("the green app", () -> SampleApp.start(AppVersion.V2, scenario.variant(), 0,
                        new JdbcOrderStore(greenPool, AppVersion.V2)));
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
                Instant now = clock.instant();
                decision.compareAndSet(null, now);
                trigger.compareAndSet(null, "hook");
                router.drain(Version.GREEN);
                restored.compareAndSet(null, clock.instant());
                try {
                    router.awaitIdle(Version.GREEN, Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                SampleApp g = green;
                if (g != null) {
                    g.stop();
                    event("green stopped after draining; production traffic is on blue");
                }
            }
        };
    }

    private DemoSummary.Rollback rollbackOf(LocalCodeDeploy.Result result, Optional<DeploymentRecord> record) {
        String reason = record.filter(r -> r.status() == DeploymentRecord.Status.ROLLED_BACK
                        || r.status() == DeploymentRecord.Status.FAILED)
                .flatMap(DeploymentRecord::outcomeReason)
                .orElseGet(() -> result.failedHook().orElse("?") + " failed: " + result.reason().orElse(""));
        Instant decided = decision.get() != null ? decision.get() : result.failedAt().orElse(clock.instant());
        Instant fault = firstFault.get() != null && !firstFault.get().isAfter(decided) ? firstFault.get()
                : result.hooks().isEmpty() ? decided : result.hooks().get(result.hooks().size() - 1).startedAt();
        Instant back = restored.get() != null ? restored.get() : decided;
        return new DemoSummary.Rollback(reason, trigger.get() == null ? "hook" : trigger.get(),
                Math.max(0, Duration.between(fault, decided).toMillis()),
                Math.max(0, Duration.between(decided, back).toMillis()));
    }

    // ---- observation -------------------------------------------------------------------------------------------

    private void onRequest(RequestRecord r, Routing routing, InMemoryTargetGroupMetrics metrics) {
        if (routing == null) {
            return;
        }
        metrics.record(r.version() == Version.GREEN ? routing.greenTargetGroupArn() : routing.blueTargetGroupArn(),
                r.at(), r.status(), r.latency().toNanos() / 1e6);
        if (r.version() == Version.GREEN && r.listener() == RouterListener.PRODUCTION
                && (r.serverError() || r.latency().toMillis() > LATENCY_THRESHOLD_MS)) {
            firstFault.compareAndSet(null, r.at());
        }
    }

    private TrafficRouter observed(LocalRouter router) {
        return new TrafficRouter() {
            @Override
            public Weights read(Routing routing) {
                return router.read(routing);
            }

            @Override
            public void apply(Routing routing, Weights weights) {
                router.apply(routing, weights);
                if (weights.green() == 0 && decision.get() != null) {
                    restored.compareAndSet(null, clock.instant());
                }
            }
        };
    }

    private TaskHandler observedTask(String task, TaskHandler handler) {
        return (input, ctx) -> {
            Instant start = clock.instant();
            try {
                JsonNode output = handler.invoke(input, ctx);
                onTask(task, input, output, null, start);
                return output;
            } catch (Exception e) {
                onTask(task, input, null, e, start);
                throw e;
            }
        };
    }

    private void onTask(String task, JsonNode input, JsonNode output, Exception error, Instant start) {
        Instant now = clock.instant();
        JsonNode stage = input.path("stage");
        int index = stage.path("index").asInt(-1);
        switch (task) {
            case "ShiftTraffic" -> {
                if (output != null) {
                    stageAt = index + 1;
                    ObjectNode entry = JSON.createObjectNode();
                    entry.put("index", index);
                    entry.put("percent", stage.path("percent").asInt());
                    entry.put("bakeSeconds", stage.path("bakeSeconds").asInt());
                    entry.putObject("weights").put("blue", output.path("blue").asInt())
                            .put("green", output.path("green").asInt());
                    entry.put("shiftedAt", output.path("shiftedAt").asText(now.toString()));
                    stages.put(index, entry);
                    event(String.format(Locale.ROOT, "stage %d/%d: shifted to blue %d / green %d, baking %d s",
                            index + 1, stagesTotal, output.path("blue").asInt(), output.path("green").asInt(),
                            stage.path("bakeSeconds").asInt()));
                } else {
                    event("stage " + (index + 1) + ": shift failed: " + error.getMessage());
                }
            }
            case "JudgeHealth" -> {
                ObjectNode entry = stages.computeIfAbsent(index, i -> JSON.createObjectNode().put("index", i));
                entry.put("judgedAt", now.toString());
                Instant shifted = parseInstant(entry.path("shiftedAt").asText(null));
                if (shifted != null) {
                    entry.put("durationMs", Duration.between(shifted, now).toMillis());
                }
                if (output != null) {
                    entry.set("verdict", output);
                    event("stage " + (index + 1) + " verdict " + output.path("status").asText() + ": "
                            + output.path("summary").asText());
                } else {
                    ObjectNode verdict = entry.putObject("verdict");
                    verdict.put("status", "FAILED");
                    verdict.put("error", error.getMessage());
                    if (decision.compareAndSet(null, now)) {
                        trigger.set("health-gate");
                    }
                    event("stage " + (index + 1) + " verdict: " + error.getMessage());
                }
            }
            case "Rollback" -> {
                phase = "rollback";
                if (output != null) {
                    event("workflow rolled back: " + output.path("reason").asText());
                }
            }
            case "Finalize" -> {
                if (output != null) {
                    event("workflow finalized: " + output.path("status").asText() + ", hook reported Succeeded");
                }
            }
            default -> { }
        }
    }

    private void onAlarmTransition(LocalAlarms.Transition t) {
        if (t.to() == AlarmState.ALARM) {
            if (decision.compareAndSet(null, t.at())) {
                trigger.set("alarm");
            }
            alarms.add(t.alarmName() + " -> ALARM: " + t.reason());
            event("ALARM " + t.alarmName() + ": " + t.reason());
        }
    }

    private void onAlarmEvent(LocalFunctions functions, Map<String, Object> event) {
        if (functions == null) {
            return;
        }
        try {
            Map<String, Object> result = functions.get("AlarmTrigger").handleRequest(event, null);
            event("alarm handler: " + result.get("action") + " (" + result.get("detail") + ")");
        } catch (RuntimeException e) {
            event("alarm handler failed: " + e.getMessage());
        }
    }

    private void onLifecycle(LocalCodeDeploy.Event e) {
        if (e.hook().isEmpty()) {
            if (LifecycleHook.BEFORE_INSTALL.codeDeployName().equals(e.step()) || e.step().startsWith("After")
                    || e.step().startsWith("Before")) {
                phase = e.step();
                event(e.step() + " ...");
            } else {
                event("CodeDeploy " + e.step() + " done");
            }
            return;
        }
        LocalCodeDeploy.HookRecord h = e.hook().get();
        event(String.format(Locale.ROOT, "%s %s (%d ms): %s", h.name(), h.status(), h.durationMs(), h.reason()));
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private <T> T start(String component, java.util.function.Supplier<T> starter) {
        try {
            return starter.get();
        } catch (DemoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DemoException(component + " failed to start: " + e.getMessage(), e);
        }
    }

    private void event(String text) {
        out.ifPresent(o -> {
            Instant s = started;
            String at = s == null ? "        " : String.format(Locale.ROOT, "%7.1fs",
                    Duration.between(s, clock.instant()).toMillis() / 1000.0);
            o.println(at + "  " + text);
        });
    }

    private static Instant parseInstant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops everything started, newest first; safe to call twice (the shutdown hook and the normal end). */
    private synchronized void closeAll() {
        for (int i = traffic.size() - 1; i >= 0; i--) {
            closeQuietly(traffic.get(i));
        }
        traffic.clear();
        SampleApp g = green;
        green = null;
        if (g != null) {
            closeQuietly(g);
        }
        HikariDataSource pool = greenPool;
        greenPool = null;
        if (pool != null) {
            closeQuietly(pool);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
        resources.clear();
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            out.ifPresent(o -> o.println("warning: shutting down: " + e.getMessage()));
        }
    }

    /** One line a second: phase, stage, weights, request rate, error rate, p99 per version. */
    private final class Progress implements AutoCloseable {
        private final LoadGenerator load;
        private final LocalRouter router;
        private final Thread thread;
        private volatile boolean running = true;

        Progress(LoadGenerator load, LocalRouter router) {
            this.load = load;
            this.router = router;
            this.thread = new Thread(this::loop, "demo-progress");
            thread.setDaemon(true);
        }

        void start() {
            if (out.isPresent()) {
                thread.start();
            }
        }

        private void loop() {
            long lastCompleted = load.snapshot().completed();
            long lastFailed = load.snapshot().failed();
            while (running) {
                sleep(Duration.ofSeconds(1));
                if (!running) {
                    return;
                }
                LoadReport now = load.snapshot();
                long done = now.completed() - lastCompleted;
                long failed = now.failed() - lastFailed;
                lastCompleted = now.completed();
                lastFailed = now.failed();
                Weights w = router.weights();
                MetricsSnapshot b = router.snapshot(Version.BLUE, Duration.ofSeconds(1));
                MetricsSnapshot g = router.snapshot(Version.GREEN, Duration.ofSeconds(1));
                String stage = stageAt == 0 ? "-" : stageAt + "/" + stagesTotal;
                event(String.format(Locale.ROOT, "  | %-21s stage %-4s blue %3d / green %3d | %5d req/s  "
                        + "errors %5.2f%% | p99 blue %s green %s", phase, stage, w.blue(), w.green(), done,
                        done == 0 ? 0.0 : 100.0 * failed / done, p99(b), p99(g)));
            }
        }

        private String p99(MetricsSnapshot s) {
            return s.requests() == 0 ? "  -   " : String.format(Locale.ROOT, "%3d ms", s.latencyPercentile(99)
                    .toMillis());
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
