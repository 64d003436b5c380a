package dev.cutover.runtime.demo;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;

import dev.cutover.core.error.DemoException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.traffic.RoutingTypeRouter;
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
import dev.cutover.runtime.dashboard.Approvals;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.LedgerQueries;
import dev.cutover.runtime.load.Destinations;
import dev.cutover.runtime.load.LoadConfig;
import dev.cutover.runtime.load.LoadGenerator;
import dev.cutover.runtime.load.LoadReport;
import dev.cutover.runtime.router.LocalDnsRecords;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.RouterConfig;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.sample.AppVersion;
import dev.cutover.runtime.sample.JdbcOrderStore;
import dev.cutover.runtime.sample.SampleApp;
import dev.cutover.runtime.sample.Variant;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.states.StateMachine;

/**
 * {@code cutover demo}: a whole blue/green deployment of the sample service on this machine, with real traffic.
 * The same hook handlers, workflow task handlers, alarm handler and {@code statemachine/deployment.asl.json} as on
 * AWS run over local adapters ({@link LocalWiring}): the {@link LocalRouter} as the load balancer,
 * {@link LocalAlarms} as CloudWatch, {@link LocalCodeDeploy} as CodeDeploy, the local states engine as Step
 * Functions, an embedded PostgreSQL for the stores, the ledger and the lock.
 *
 * <p>This class orchestrates: it starts the world, wires the ports, lets CodeDeploy run with the
 * {@link ScenarioActions}, and summarises what the {@link Timeline} saw ({@link DemoSummary}); the
 * {@link ProgressPrinter} prints a line a second meanwhile. {@link #run} returns how the deployment ended whatever
 * the system decided (promoted or rolled back); it throws {@link DemoException}, naming the component, only when
 * the runtime itself fails.
 */
public final class Demo {

    static final int SEED_ORDERS = DemoDatabases.SEED_ORDERS;
    static final Duration ALARM_WINDOW = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** How long the summary waits for the ledger to record a rollback CodeDeploy has already been told about. */
    private static final Duration LEDGER_WAIT = Duration.ofSeconds(5);

    private final DemoOptions options;
    private final Clock clock = Clock.systemUTC();
    private final DemoConsole console;
    private final Timeline timeline;
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    // closed first, so no request is in flight when the apps and the router stop
    private final List<AutoCloseable> traffic = new CopyOnWriteArrayList<>();
    private volatile ScenarioActions actions;

    /**
     * CloudWatch's ALB timing ({@link MetricTiming#CLOUDWATCH_ALB}: 60 s periods published 120 s after they end)
     * scaled down {@value #AWS_TIMING_SCALE} times, so a demo stays short: 3 s periods published 6 s after they
     * end. {@code cutover demo --aws-timing} runs the judge's metrics with it.
     */
    public static final int AWS_TIMING_SCALE = 20;

    public static final MetricTiming AWS_TIMING = MetricTiming.CLOUDWATCH_ALB.scaledDown(AWS_TIMING_SCALE);

    /** How long a hung green takes over an order request: longer than any run, so the router's timeout answers. */
    static final Duration HANG = Duration.ofMinutes(10);

    private final MetricTiming metricTiming;
    private volatile int degradeGreenAtPercent;
    private volatile GreenFault greenFault = GreenFault.FAULTY_5XX;
    /** Where the dashboard and the report follow the run; null for nowhere. */
    private volatile DeploymentFeed dashboardFeed;
    /** The running deployment, for {@link #abort}. */
    private volatile LocalCodeDeploy codeDeploy;

    private volatile String runningDeployment;
    private volatile dev.cutover.core.port.WorkflowExecutions executions;
    private volatile boolean aborted;
    /** The running world's functions, once built (the dashboard's Abort calls the Abort function). */
    private volatile LocalFunctions functions;
    /** The engine whose task tokens the dashboard's Approve and Deny answer. */
    private volatile dev.cutover.states.Engine engine;

    private volatile String service;
    /** How production traffic is switched; {@link #routeBy}. */
    private volatile DemoRouting routing = DemoRouting.ELB;

    public Demo(DemoOptions options) {
        this(options, MetricTiming.IMMEDIATE);
    }

    /**
     * @param metricTiming when the judge's metrics publish a request ({@link #AWS_TIMING} for
     *                     {@code --aws-timing}; {@link MetricTiming#IMMEDIATE} counts each at once)
     */
    /**
     * Makes green start failing one order request in ten once the workflow has shifted {@code percent}% of
     * production to it: a green that degrades late, e.g. only in the last stage. Call before {@link #run}.
     */
    public Demo degradeGreenAt(int percent) {
        return failGreenAt(percent, GreenFault.FAULTY_5XX);
    }

    /** What happens to green in {@link #failGreenAt}. */
    public enum GreenFault {
        /** It fails one order request in ten. */
        FAULTY_5XX,
        /** Its process dies: its port refuses connections from then on. */
        CRASH,
        /** It stops answering order requests: each one waits until the router's upstream timeout. */
        HANG
    }

    /**
     * Makes green fail as {@code fault} says once the workflow has shifted {@code percent}% of production to it (right
     * after that ShiftTraffic returned, while the stage bakes). Call before {@link #run}.
     */
    public Demo failGreenAt(int percent, GreenFault fault) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be 1..100, got " + percent);
        }
        this.greenFault = java.util.Objects.requireNonNull(fault, "fault");
        this.degradeGreenAtPercent = percent;
        return this;
    }

    /**
     * Switches production by {@code how}: with {@link DemoRouting#DNS} the spec is a {@code routing.type: route53}
     * one with a {@link DemoSpec#DNS_TTL} TTL, the workflow's weights go to {@link LocalDnsRecords}, and each load
     * client resolves through its own {@link LocalDnsRecords.Resolver}. Call before {@link #run}.
     */
    public Demo routeBy(DemoRouting how) {
        this.routing = java.util.Objects.requireNonNull(how, "how");
        return this;
    }

    /** Publishes the run to {@code feed} as it happens (the dashboard, the HTML report). Call before {@link #run}. */
    public Demo publishTo(DeploymentFeed feed) {
        this.dashboardFeed = java.util.Objects.requireNonNull(feed, "feed");
        return this;
    }

    /**
     * Stops the running deployment as a person pressing "Stop deployment" with rollback in CodeDeploy's console
     * would (StopDeployment with autoRollbackEnabled): the open hook fails, CodeDeploy rolls back (production back
     * on blue, green stopped), and no further deployment of a {@code --deployments} run starts.
     *
     * @return what was stopped
     * @throws IllegalStateException when no deployment is running
     */
    public String abort() {
        LocalCodeDeploy running = codeDeploy;
        String id = runningDeployment;
        if (running == null || id == null) {
            throw new IllegalStateException("no deployment is running");
        }
        aborted = true;
        String execution = dev.cutover.core.port.WorkflowExecutions.executionArnFor(
                EngineWorkflowExecutions.STATE_MACHINE_ARN,
                dev.cutover.core.port.WorkflowExecutions.executionNameFor(id));
        LocalFunctions deployed = functions;
        boolean workflowRuns;
        try {
            workflowRuns = deployed != null && executions.isRunning(execution);
        } catch (RuntimeException e) {
            workflowRuns = false; // not started yet (before BeforeAllowTraffic)
        }
        if (workflowRuns) {
            // the staged shift has the deployment: the same abort as `cutover abort` (the fenced rollback to blue,
            // ledger ABORTED, lock released, CodeDeploy told Failed, then the execution stopped)
            Map<String, Object> answer = deployed.get("Abort")
                    .handleRequest(
                            Map.of(
                                    "deploymentId",
                                    id,
                                    "reason",
                                    "aborted from the dashboard",
                                    "requestedBy",
                                    "dashboard"),
                            null);
            return "aborting deployment " + id + ": " + answer.getOrDefault("message", answer);
        }
        // before the workflow: CodeDeploy's own stop with rollback is all there is
        running.stopDeployment(id, true);
        return "stopping deployment " + id + " with rollback";
    }

    /**
     * Approves the stage the running deployment waits at, as {@code cutover approve} does (the ledger's pending
     * approval's task token, SendTaskSuccess on the engine).
     *
     * @throws IllegalStateException when nothing waits for approval
     */
    public String approve() {
        return approvals().approve();
    }

    /** Denies the stage the running deployment waits at, as {@code cutover deny} does: it rolls back. */
    public String deny() {
        return approvals().deny();
    }

    private Approvals approvals() {
        LocalFunctions deployed = functions;
        dev.cutover.states.Engine running = engine;
        if (deployed == null || running == null) {
            throw new IllegalStateException("no deployment is running");
        }
        LedgerQueries ledger = LedgerQueries.overHandler(deployed.get("Query"));
        return new Approvals(() -> ledger.current(service), Approvals.TaskCallbacks.of(running), clock);
    }

    public Demo(DemoOptions options, MetricTiming metricTiming) {
        this.metricTiming = java.util.Objects.requireNonNull(metricTiming, "metricTiming");
        this.options = options;
        this.console = new DemoConsole(options.progress(), clock);
        this.timeline = new Timeline(clock, console);
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

    /** {@code observer}, and green degrades once ShiftTraffic reached {@link #degradeGreenAt}'s share. */
    private LocalWiring.TaskObserver degrading(LocalWiring.TaskObserver observer) {
        int percent = degradeGreenAtPercent;
        if (percent == 0) {
            return observer;
        }
        return (task, handler) -> {
            dev.cutover.states.TaskHandler observed = observer.apply(task, handler);
            if (!task.equals("ShiftTraffic")) {
                return observed;
            }
            return (input, ctx) -> {
                com.fasterxml.jackson.databind.JsonNode output = observed.invoke(input, ctx);
                if (TaskRecords.stageOf(input).percent() == percent) {
                    switch (greenFault) {
                        case FAULTY_5XX -> actions.degradeGreen(Variant.faulty5xx(Variant.DEFAULT_FAIL_EVERY));
                        case CRASH -> actions.crashGreen();
                        case HANG -> actions.degradeGreen(Variant.slow(HANG));
                    }
                }
                return output;
            };
        };
    }

    private DemoSummary runDeployment(Instant runStart) {
        Scenario scenario = options.scenario();
        console.event("starting embedded PostgreSQL, the blue app (v1), the router and the load generator");
        EmbeddedDatabases db = start("embedded PostgreSQL", EmbeddedDatabases::start);
        resources.add(db);
        DemoDatabases.prepare(db);

        HikariDataSource bluePool = start("blue's connection pool", () -> db.pool("orders_blue", 16));
        resources.add(bluePool);
        SampleApp blue = start(
                "the blue app",
                () -> SampleApp.start(
                        AppVersion.V1, scenario.blueVariant(), 0, new JdbcOrderStore(bluePool, AppVersion.V1)));
        resources.add(blue);
        // the router's slots stay behind the spec's two groups: BLUE serves the first, GREEN the second

        // the router feeds the judge's metrics and the timeline; the metrics need the spec's target groups
        InMemoryTargetGroupMetrics metrics =
                new InMemoryTargetGroupMetrics(Duration.ofMinutes(30), 1 << 16, metricTiming, clock);
        TargetGroupFeed feed = new TargetGroupFeed(metrics);
        LocalRouter router = start(
                "the local router",
                () -> LocalRouter.start(RouterConfig.of(blue.uri(), URI.create("http://127.0.0.1:9"))
                        .withRequestListener(r -> {
                            if (feed.record(r)) {
                                timeline.onRequest(r);
                            }
                        })));
        resources.add(router);

        LocalSpecRepository specs = new LocalSpecRepository();
        String specText = DemoSpec.render(
                router.productionUri(),
                router.testUri(),
                options.rps(),
                options.bakes(),
                scenario.badMigration(),
                true,
                options.judge());
        specs.put(
                LocalWiring.SPEC_PARAMETER,
                routing == DemoRouting.DNS ? DemoSpec.withDnsRouting(specText, DemoSpec.DNS_TTL) : specText);
        CutoverSpec spec;
        try {
            spec = specs.load(LocalWiring.SPEC_PARAMETER).spec();
        } catch (RuntimeException e) {
            throw new DemoException("the demo spec " + DemoSpec.TEMPLATE + " is invalid: " + e.getMessage(), e);
        }
        List<String> groups = spec.routing().targetGroupArns();
        router.bindTargetGroups(groups.get(0), groups.get(1));
        feed.bind(groups);
        Optional<LocalDnsRecords> dns = spec.routing().dns().map(records -> {
            // both records name the router: a pinned request is the version's own address (LocalRouter.PIN_HEADER)
            URI orders = router.productionUri().resolve("/orders");
            return new LocalDnsRecords(
                    records,
                    Map.of(records.setIdentifier(0), orders, records.setIdentifier(1), orders),
                    Weights.ALL_BLUE);
        });
        // the workflow's weights: the router's for elb, the DNS records' for route53
        TrafficRouter switching = dns.<TrafficRouter>map(d -> new RoutingTypeRouter(router, d.mirrorWritesTo(router)))
                .orElse(router);
        timeline.stagesTotal(spec.shifting().stages().size());
        FeedPublisher publisher = new FeedPublisher(dashboardFeed, timeline, router, clock);
        traffic.add(publisher);
        publisher.plan(spec);
        actions = new ScenarioActions(db, router, scenario, timeline, console, this::start);
        // a rolled-back green keeps serving its clients' cached answers for the TTL (and a little) before it stops
        dns.ifPresent(d -> actions.keepServingAfterRollback(DemoSpec.DNS_TTL.plusMillis(500)));
        actions.adopt(Version.BLUE, blue, bluePool);
        resources.remove(blue);
        resources.remove(bluePool);

        // the local router's blue slot serves the first of the spec's pair when the world starts
        LocalCodeDeploy codeDeploy = new LocalCodeDeploy(
                clock,
                e -> {
                    timeline.onLifecycle(e);
                    publisher.onLifecycle(e);
                },
                new TargetGroupRoles(groups.get(0), groups.get(1)));
        ConsoleNotifier notifier = new ConsoleNotifier(n -> console.event("notification: " + n.subject()));
        // the ledger and lock through a pool: a connection opened per call (the embedded server's plain data source)
        // cost tens of ms each, several of them on the alarm path before traffic moved
        HikariDataSource cutoverPool = start("the ledger's connection pool", () -> db.pool("cutover", 4));
        resources.add(cutoverPool);
        LedgerSchema.migrate(cutoverPool, LedgerSchema.DEFAULT_SCHEMA);
        PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(cutoverPool, clock);
        StateMachine machine = start("the state machine", EngineWorkflowExecutions::deploymentWorkflow);
        AtomicReference<LocalFunctions> functionsRef = new AtomicReference<>();
        LocalAlarms alarms = new LocalAlarms(
                spec.service(),
                spec.health().metricGates(),
                w -> router.snapshot(actions.newSlot(), w),
                w -> router.snapshot(actions.newSlot().other(), w),
                ALARM_WINDOW,
                clock,
                e -> onAlarmEvent(functionsRef.get(), e),
                t -> {
                    timeline.onAlarmTransition(t);
                    publisher.onAlarm(t);
                });
        resources.add(alarms);

        LocalSecrets secrets = new LocalSecrets();
        LocalWiring wiring = LocalWiring.wire(
                clock,
                Ports.builder()
                        .specs(specs)
                        .statusReporter(codeDeploy)
                        .deploymentControl(codeDeploy)
                        .serviceRevisions(new InMemoryServiceRevisions())
                        .router(timeline.observe(switching))
                        .lock(new PostgresDeploymentLock(cutoverPool, clock))
                        .ledger(ledger)
                        .notifier(notifier)
                        .alarms(alarms)
                        .targetHealth(new LocalTargetHealth()
                                .register(groups.get(0), () -> actions.uriIn(Version.BLUE))
                                .register(groups.get(1), () -> actions.uriIn(Version.GREEN)))
                        .metrics(metrics)
                        .secrets(secrets),
                machine,
                publisher.observe(degrading(timeline.taskObserver())));
        LocalFunctions functions = wiring.functions();
        executions = wiring.ports().executions();
        functionsRef.set(functions);
        if (ledger.history(spec.service(), 1).isEmpty()) {
            functions.primeAlarmHandler(alarms.primingEvents()); // nothing deployed yet: it changes nothing
        }
        this.functions = functions;
        this.engine = wiring.engine();
        this.service = spec.service();

        // traffic
        LoadGenerator load = start(
                "the load generator",
                () -> LoadGenerator.start(
                        LoadConfig.of(router.productionUri().resolve("/orders"), options.rps(), options.concurrency()),
                        dns.map(d -> resolvingClients(d, router, groups))
                                .orElseGet(() -> Destinations.fixed(
                                        router.productionUri().resolve("/orders")))));
        traffic.add(load::stop);
        ProgressPrinter progress = new ProgressPrinter(console, timeline, load, router);
        traffic.add(progress);
        alarms.start(Duration.ofMillis(500));
        progress.start();
        publisher.start();

        List<DemoSummary.Deployment> deployments = new ArrayList<>();
        String deploymentId = null;
        Instant started = clock.instant();
        Instant ended = started;
        LocalCodeDeploy.Result result = null;
        Optional<DeploymentRecord> record = Optional.empty();
        for (int i = 0; i < options.deployments().size() && !aborted; i++) {
            Scenario next = options.deployments().get(i);
            if (result != null && !result.succeeded()) {
                // the rolled-back version's errors are still in its slot's alarm window: let them age out (and
                // the alarm return to OK) before the next version starts behind the same group
                sleep(ALARM_WINDOW.plus(Duration.ofMillis(1500)));
            }
            AppVersion release = new AppVersion(i + 2);
            String version = release.label();
            TargetGroupRoles roles = codeDeploy.roles();
            Version newSlot = router.slotOf(roles.green());
            actions.prepare(newSlot, next, release);
            // each hook reads the databases of this deployment's blue and green
            secrets.put("orders/db/blue", db.credentials(ScenarioActions.database(newSlot.other())));
            secrets.put("orders/db/green", db.credentials(ScenarioActions.database(newSlot)));
            LoadReport before = load.snapshot();
            timeline.startDeployment(newSlot);
            deploymentId = LocalCodeDeploy.newDeploymentId();
            console.event(String.format(
                    Locale.ROOT,
                    "deployment %s of orders -> %s (%s) behind %s, %d req/s on %s",
                    deploymentId,
                    version,
                    next.label(),
                    roles.green(),
                    options.rps(),
                    router.productionUri()));
            started = clock.instant();
            console.started(started);
            publisher.deploymentStarted(deploymentId, version, next.label());
            this.codeDeploy = codeDeploy;
            runningDeployment = deploymentId;
            result = codeDeploy.deploy(
                    deploymentId, functions.hooks(), actions, spec.shifting().hookWindow());
            runningDeployment = null;
            ended = clock.instant();
            timeline.phase(result.succeeded() ? "promoted" : "rolled back");
            sleep(SETTLE);
            record = outcomeOf(ledger, deploymentId);
            Optional<DemoSummary.Rollback> rolledBack =
                    result.succeeded() ? Optional.empty() : Optional.of(timeline.rollbackOf(result, record));
            deployments.add(new DemoSummary.Deployment(
                    version,
                    next.label(),
                    result.succeeded() ? DemoSummary.PROMOTED : DemoSummary.ROLLED_BACK,
                    deploymentId,
                    switching.read(spec.routing().withRoles(roles)),
                    roles.blue(),
                    roles.green(),
                    load.snapshot().failed() - before.failed(),
                    record.flatMap(DeploymentRecord::outcomeReason),
                    since(before.byRelease(), load.snapshot().byRelease()),
                    timeline.stages(),
                    rolledBack));
            publisher.deploymentEnded(deployments.get(deployments.size() - 1), rolledBack);
            publisher.history(spec.service(), LedgerQueries.overHandler(functions.get("Query")));
        }
        LoadReport report = load.stop();
        progress.close();

        return new DemoSummary(
                // the last deployment that ran (an abort ends a --deployments run early)
                deployments.get(deployments.size() - 1).scenario(),
                result.succeeded() ? DemoSummary.PROMOTED : DemoSummary.ROLLED_BACK,
                deploymentId,
                Duration.between(started, ended).toMillis(),
                Duration.between(runStart, clock.instant()).toMillis(),
                deployments.get(deployments.size() - 1).finalWeights(),
                new DemoSummary.Requests(
                        report.completed(),
                        report.failed(),
                        report.version("blue").total(),
                        report.version("green").total(),
                        report.sendRate(),
                        report.byRelease()),
                timeline.stages(),
                result.hooks(),
                result.succeeded() ? Optional.empty() : Optional.of(timeline.rollbackOf(result, record)),
                timeline.alarms(),
                notifier.published().stream().map(n -> n.subject()).toList(),
                deployments);
    }

    /**
     * The load generator's clients under {@code --routing dns}: {@code concurrency} of them, each with its own
     * resolver honouring the TTL; request {@code n} is client {@code n % joined}'s, of the clients joined so far.
     * A client sends to the version its cached answer names (the record at a target group's index is the version
     * behind that group).
     */
    private Destinations resolvingClients(LocalDnsRecords dns, LocalRouter router, List<String> groups) {
        List<LocalDnsRecords.Resolver> clients = java.util.stream.IntStream.range(0, options.concurrency())
                .mapToObj(i -> new LocalDnsRecords.Resolver(dns, clock))
                .toList();
        // clients join one by one over the first TTL, so their answers expire spread over the TTL as independent
        // clients' do; started together, they would all expire at once and a rollback would reach them in one step
        long ttlNanos = Math.max(1, DemoSpec.DNS_TTL.toNanos());
        long startNanos = System.nanoTime();
        return request -> {
            long joined = 1 + (System.nanoTime() - startNanos) * clients.size() / ttlNanos;
            int active = (int) Math.min(clients.size(), joined);
            LocalDnsRecords.Answer answer =
                    clients.get((int) (request % active)).resolve();
            String group = groups.get(dns.records().setIdentifiers().indexOf(answer.setIdentifier()));
            return new Destinations.Destination(
                    answer.upstream(), Optional.of(router.slotOf(group).header()));
        };
    }

    /** What each count grew by from {@code before} to {@code after}, keeping only those that grew. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((key, count) -> {
            long delta = count - before.getOrDefault(key, 0L);
            if (delta > 0) {
                grown.put(key, delta);
            }
        });
        return grown;
    }

    /**
     * The deployment's record once it has an outcome. A rollback answers CodeDeploy before it writes the ledger
     * (so CodeDeploy never waits on a failing write), so the ledger may lag the deployment's end by a moment: a
     * record still in progress is read again for up to {@link #LEDGER_WAIT}. No record (the workflow never
     * started) is not waited for.
     */
    private Optional<DeploymentRecord> outcomeOf(PostgresDeploymentLedger ledger, String deploymentId) {
        Instant deadline = clock.instant().plus(LEDGER_WAIT);
        Optional<DeploymentRecord> record = ledger.find(deploymentId);
        while (record.filter(r -> !r.status().isFinal()).isPresent()
                && clock.instant().isBefore(deadline)) {
            sleep(Duration.ofMillis(100));
            record = ledger.find(deploymentId);
        }
        return record;
    }

    /** An alarm event, delivered to the AlarmTrigger function as EventBridge would. */
    private void onAlarmEvent(LocalFunctions functions, Map<String, Object> event) {
        if (functions != null) {
            console.event(functions.deliverAlarm(event));
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private <T> T start(String component, Supplier<T> starter) {
        try {
            return starter.get();
        } catch (DemoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DemoException(component + " failed to start: " + e.getMessage(), e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops everything started, newest first; safe to call twice (the shutdown hook and the normal end). */
    private synchronized void closeAll() {
        for (int i = traffic.size() - 1; i >= 0; i--) {
            closeQuietly(traffic.get(i), console);
        }
        traffic.clear();
        ScenarioActions a = actions;
        if (a != null) {
            a.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i), console);
        }
        resources.clear();
    }

    static void closeQuietly(AutoCloseable resource, DemoConsole console) {
        try {
            resource.close();
        } catch (Exception e) {
            console.warning("shutting down: " + e.getMessage());
        }
    }
}
