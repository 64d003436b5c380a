package dev.cutover.runtime.serve;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.zaxxer.hikari.HikariDataSource;

import dev.cutover.core.error.DemoException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.memory.InMemoryServiceRevisions;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.postgres.LedgerSchema;
import dev.cutover.postgres.PostgresDeploymentLedger;
import dev.cutover.postgres.PostgresDeploymentLock;
import dev.cutover.runtime.adapters.ConsoleNotifier;
import dev.cutover.runtime.adapters.EmbeddedDatabases;
import dev.cutover.runtime.adapters.EngineWorkflowExecutions;
import dev.cutover.runtime.adapters.LocalAlarms;
import dev.cutover.runtime.adapters.LocalCodeDeploy;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.adapters.LocalSecrets;
import dev.cutover.runtime.adapters.LocalSpecRepository;
import dev.cutover.runtime.adapters.LocalTargetHealth;
import dev.cutover.runtime.adapters.TargetGroupFeed;
import dev.cutover.runtime.api.ApiServer;
import dev.cutover.runtime.api.CallbackTasks;
import dev.cutover.runtime.api.LambdaApi;
import dev.cutover.runtime.api.StepFunctionsApi;
import dev.cutover.runtime.dashboard.DashboardControls;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.demo.DemoDatabases;
import dev.cutover.runtime.demo.DemoSpec;
import dev.cutover.runtime.load.LoadConfig;
import dev.cutover.runtime.load.LoadGenerator;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.RouterConfig;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.sample.AppVersion;
import dev.cutover.runtime.sample.JdbcOrderStore;
import dev.cutover.runtime.sample.SampleApp;
import dev.cutover.runtime.sample.Variant;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.states.Engine;
import dev.cutover.states.StateMachine;

/**
 * {@code cutover serve}'s world: the demo's sample service with green (v2) already installed behind the test
 * listener and blue (v1) taking production, traffic on the production listener, embedded PostgreSQL, local alarms
 * and the deployment workflow on the local engine, all behind AWS's own APIs on 127.0.0.1 ({@link ApiServer}): Step
 * Functions, where {@value EngineWorkflowExecutions#STATE_MACHINE_NAME} is registered, and Lambda's Invoke for
 * every function of {@link LocalFunctions#NAMES}. An execution of the workflow started through the API runs a
 * standalone deployment of the spec at {@link LocalWiring#SPEC_PARAMETER} (the demo's, rendered for this world), on
 * the same executions the alarm path stops.
 *
 * <p>{@link #close()} stops everything, newest first (traffic, then the apps and the router, then PostgreSQL).
 */
public final class ServeWorld implements AutoCloseable {

    /**
     * @param port        the API's port on 127.0.0.1 (0 for any free port)
     * @param rps         requests per second on the production listener, so the health gates have traffic to judge
     * @param concurrency most requests outstanding at once
     * @param bakes       the spec's three stages' bake times
     * @param progress    told a line as the world starts, as executions start and end, and as alarms fire
     * @param routerSeam  wraps the traffic router the workflow's functions (and {@code cutover abort}) read and
     *                    write weights through; a seam for tests that must hold a write in flight, the identity
     *                    in {@code cutover serve}. The production listener itself is the router's either way.
     */
    public record Options(
            int port,
            int rps,
            int concurrency,
            List<Duration> bakes,
            Consumer<String> progress,
            UnaryOperator<TrafficRouter> routerSeam) {

        /** Options with the router as it is. */
        public Options(int port, int rps, int concurrency, List<Duration> bakes, Consumer<String> progress) {
            this(port, rps, concurrency, bakes, progress, UnaryOperator.identity());
        }

        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            }
            if (rps < 1) {
                throw new IllegalArgumentException("--rps must be at least 1, got " + rps);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
            }
            Objects.requireNonNull(bakes, "bakes");
            if (bakes.size() != 3 || bakes.stream().anyMatch(b -> b.isNegative())) {
                throw new IllegalArgumentException("--bake takes three non-negative seconds, got " + bakes);
            }
            bakes = List.copyOf(bakes);
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(routerSeam, "routerSeam");
        }
    }

    private static final Duration ALARM_WINDOW = Duration.ofSeconds(3);
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private volatile ApiServer api;
    private volatile String stateMachineArn;
    private volatile URI productionUri;
    private volatile URI testUri;
    private final DeploymentFeed dashboardFeed = new DeploymentFeed(clock);
    private volatile ServeFeed serveFeed;

    private ServeWorld() {}

    /**
     * Starts the world and its API.
     *
     * @throws DemoException naming the component that failed to start (what started is stopped again)
     */
    public static ServeWorld start(Options options) {
        ServeWorld world = new ServeWorld();
        try {
            world.build(options);
            return world;
        } catch (RuntimeException e) {
            world.close();
            if (e instanceof DemoException) {
                throw e;
            }
            throw new DemoException("the local runtime failed to start: " + e.getMessage(), e);
        }
    }

    private void build(Options options) {
        Consumer<String> progress = options.progress();
        progress.accept("starting embedded PostgreSQL, blue (v1), green (v2), the router and the load generator");
        EmbeddedDatabases db = start("embedded PostgreSQL", EmbeddedDatabases::start);
        DemoDatabases.prepare(db);
        // green is installed already (as after CodeDeploy's BeforeInstall and Install): its schema is migrated
        start("migrating green's database", () -> {
            db.migrate(DemoDatabases.GREEN, DemoDatabases.migrations(), "latest");
            return db;
        });
        HikariDataSource bluePool = start("blue's connection pool", () -> db.pool(DemoDatabases.BLUE, 16));
        HikariDataSource greenPool = start("green's connection pool", () -> db.pool(DemoDatabases.GREEN, 16));
        SampleApp blue = start(
                "the blue app",
                () -> SampleApp.start(
                        AppVersion.V1, Variant.healthy(), 0, new JdbcOrderStore(bluePool, AppVersion.V1)));
        SampleApp green = start(
                "the green app",
                () -> SampleApp.start(
                        AppVersion.V2, Variant.healthy(), 0, new JdbcOrderStore(greenPool, AppVersion.V2)));

        InMemoryTargetGroupMetrics metrics =
                new InMemoryTargetGroupMetrics(Duration.ofMinutes(30), 1 << 16, MetricTiming.IMMEDIATE, clock);
        TargetGroupFeed feed = new TargetGroupFeed(metrics);
        LocalRouter router = start(
                "the local router",
                () -> LocalRouter.start(RouterConfig.of(blue.uri(), green.uri()).withRequestListener(feed::record)));
        router.setTestSlot(Version.GREEN);
        productionUri = router.productionUri();
        testUri = router.testUri();

        LocalSpecRepository specs = new LocalSpecRepository();
        specs.put(
                LocalWiring.SPEC_PARAMETER,
                DemoSpec.render(router.productionUri(), router.testUri(), options.rps(), options.bakes(), false));
        CutoverSpec spec = start(
                "the spec " + DemoSpec.TEMPLATE,
                () -> specs.load(LocalWiring.SPEC_PARAMETER).spec());
        List<String> groups = spec.routing().targetGroupArns();
        router.bindTargetGroups(groups.get(0), groups.get(1));
        feed.bind(groups);

        ServeFeed served = new ServeFeed(feed(), spec, router, clock);
        resources.add(served);
        serveFeed = served;
        // the ledger and lock through a pool, as the demo's: a connection per call costs tens of ms on the alarm path
        HikariDataSource cutoverPool = start("the ledger's connection pool", () -> db.pool(DemoDatabases.CUTOVER, 4));
        LedgerSchema.migrate(cutoverPool, LedgerSchema.DEFAULT_SCHEMA);
        PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(cutoverPool, clock);
        StateMachine machine = start("the state machine", EngineWorkflowExecutions::deploymentWorkflow);
        AtomicReference<LocalFunctions> functionsRef = new AtomicReference<>();
        LocalAlarms alarms = new LocalAlarms(
                spec.service(),
                spec.health().metricGates(),
                w -> router.snapshot(Version.GREEN, w),
                w -> router.snapshot(Version.BLUE, w),
                ALARM_WINDOW,
                clock,
                event -> {
                    LocalFunctions functions = functionsRef.get();
                    if (functions != null) {
                        progress.accept(functions.deliverAlarm(event));
                    }
                },
                t -> progress.accept("alarm " + t.alarmName() + " " + t.from() + " -> " + t.to() + ": " + t.reason()));
        resources.add(alarms);
        LocalSecrets secrets = new LocalSecrets()
                .put("orders/db/blue", db.credentials(DemoDatabases.BLUE))
                .put("orders/db/green", db.credentials(DemoDatabases.GREEN));
        // no CodeDeploy deployment runs here: it stands by for the Ports the hooks would report to
        LocalCodeDeploy codeDeploy =
                new LocalCodeDeploy(clock, event -> {}, new TargetGroupRoles(groups.get(0), groups.get(1)));
        LocalWiring wiring = LocalWiring.wire(
                clock,
                Ports.builder()
                        .specs(specs)
                        .statusReporter(codeDeploy)
                        .deploymentControl(codeDeploy)
                        .serviceRevisions(new InMemoryServiceRevisions())
                        .router(Objects.requireNonNull(
                                options.routerSeam().apply(router), "the router seam returned no router"))
                        .lock(new PostgresDeploymentLock(cutoverPool, clock))
                        .ledger(ledger)
                        .notifier(new ConsoleNotifier(n -> progress.accept("notification: " + n.subject())))
                        .alarms(alarms)
                        .targetHealth(new LocalTargetHealth()
                                .register(groups.get(0), () -> java.util.Optional.of(blue.uri()))
                                .register(groups.get(1), () -> java.util.Optional.of(green.uri())))
                        .metrics(metrics)
                        .secrets(secrets),
                machine,
                served.observe(),
                new CallbackTasks(progress));
        LocalFunctions functions = wiring.functions();
        functionsRef.set(functions);
        if (ledger.history(spec.service(), 1).isEmpty()) {
            functions.primeAlarmHandler(alarms.primingEvents()); // nothing deployed yet: it changes nothing
        }
        served.bind(functions, wiring.engine());

        LoadGenerator load = start(
                "the load generator",
                () -> LoadGenerator.start(LoadConfig.of(
                        router.productionUri().resolve("/orders"), options.rps(), options.concurrency())));
        alarms.start(Duration.ofMillis(500));

        Engine engine = wiring.engine();
        StepFunctionsApi stepFunctions = new StepFunctionsApi(engine, REGION, ACCOUNT, clock, progress);
        EngineWorkflowExecutions executions = wiring.executions();
        stateMachineArn = stepFunctions.register(
                EngineWorkflowExecutions.STATE_MACHINE_NAME,
                machine,
                "arn:aws:iam::" + ACCOUNT + ":role/cutover-deployment-workflow",
                (name, input) -> executions
                        .find(executions.start(name, input))
                        .orElseThrow(() -> new IllegalStateException("the execution " + name + " did not start")));
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> byName = new LinkedHashMap<>();
        for (String name : LocalFunctions.NAMES) {
            byName.put(name, functions.get(name));
        }
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "cutover-lambda-event");
            thread.setDaemon(true);
            return thread;
        });
        resources.add(background::shutdownNow);
        api = start(
                "the AWS API endpoint",
                () -> ApiServer.start(options.port(), stepFunctions, new LambdaApi(byName, background, progress)));
    }

    /**
     * What {@code serve --dashboard} shows: the deployments this world runs (the workflow's states, stages and
     * verdicts, weights and traffic, approvals, outcomes) and the ledger's history of the service.
     */
    public DeploymentFeed feed() {
        return dashboardFeed;
    }

    /** The dashboard's buttons on this world: Approve / Deny the waiting stage, Abort the running deployment. */
    public DashboardControls controls() {
        ServeFeed served = serveFeed;
        return served == null ? DashboardControls.NONE : served.controls();
    }

    /** The endpoint for {@code --endpoint-url} / {@code endpointOverride}. */
    public URI endpoint() {
        return api.uri();
    }

    /** The deployment workflow's ARN. */
    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** The router's production listener, where the sample service answers. */
    public URI productionUri() {
        return productionUri;
    }

    /** The router's test listener (green). */
    public URI testUri() {
        return testUri;
    }

    /** Where the handlers read the spec: the local stand-in for the SSM parameter. */
    public String specParameter() {
        return LocalWiring.SPEC_PARAMETER;
    }

    /** An input for a standalone deployment of the spec at {@link #specParameter()}. */
    public String sampleInput() {
        return "{\"service\":\"orders\",\"specParameter\":\"" + LocalWiring.SPEC_PARAMETER + "\"}";
    }

    /** An {@code aws stepfunctions start-execution} line to run one. */
    public String exampleCommand() {
        return "aws stepfunctions start-execution --endpoint-url " + endpoint() + " --state-machine-arn "
                + stateMachineArn + " --name orders-deploy-1 --input '" + sampleInput() + "'";
    }

    private <T> T start(String component, Supplier<T> starter) {
        T started;
        try {
            started = starter.get();
        } catch (DemoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DemoException(component + " failed to start: " + e.getMessage(), e);
        }
        if (started instanceof AutoCloseable closeable && !resources.contains(closeable)) {
            resources.add(closeable);
        }
        return started;
    }

    /** Stops everything started, newest first; safe to call twice (the shutdown hook and the normal end). */
    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // shutting down: the rest still closes
            }
        }
        resources.clear();
    }
}
