package dev.cutover.tests.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.memory.InMemoryDeploymentLedger;
import dev.cutover.memory.InMemoryDeploymentLock;
import dev.cutover.memory.InMemoryNotifier;
import dev.cutover.memory.InMemoryServiceRevisions;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.runtime.adapters.EngineWorkflowExecutions;
import dev.cutover.runtime.adapters.LocalSecrets;
import dev.cutover.runtime.adapters.LocalSpecRepository;
import dev.cutover.runtime.adapters.LocalTargetHealth;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.TaskHandler;
import dev.cutover.testing.MutableClock;
import dev.cutover.testing.WorkflowFixture;
import dev.cutover.tests.support.JsonFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One service's deployment world for the fault matrix: the local runtime's one wiring ({@link LocalWiring}) with the
 * real hook and workflow handlers and {@code statemachine/deployment.asl.json} on the local engine (virtual time, so
 * retry back-off takes no wall time), over the in-memory lock, ledger, router and notifier. CodeDeploy is a recorder
 * of every status report; alarms are a map the test sets; every Task state passes through {@link #faults}, where a
 * test makes one fail or wait.
 *
 * <p>The stores outlive a {@link #restart}: a new wiring (new engine, new functions) over the same lock, ledger,
 * router and CodeDeploy, as a runtime killed and started again finds its PostgreSQL, its load balancer and CodeDeploy.
 */
final class FaultWorld {

    static final String SERVICE = "orders";
    static final String ALARM = "orders-5xx-rate";
    static final String DEPLOYMENT = "d-FAULTS001";
    static final String HOOK_EXECUTION = "eyJmYXVsdHMiOiJtYXRyaXgifQ==";

    /**
     * {@link WorkflowFixture#specJson}'s service and routing with stages 10, 50, 100 without bake (the tests pause
     * stages with gates, not time), health judged by {@link #ALARM} alone, and no smoke tests.
     */
    static final String SPEC = spec();

    private static String spec() {
        ObjectNode spec = (ObjectNode) JsonFiles.parse(WorkflowFixture.specJson(null), "WorkflowFixture.specJson");
        spec.path("shifting").path("stages").forEach(stage -> ((ObjectNode) stage).put("bakeSeconds", 0));
        ObjectNode health = spec.putObject("health");
        health.putArray("alarms").add(ALARM);
        spec.remove("smokeTests");
        return JsonFiles.write(spec);
    }

    /** A status report CodeDeploy received. */
    record Report(String deploymentId, String hookExecutionId, HookStatus status) {}

    /** The ports' time: it stands still unless a test moves it (the engine keeps its own, virtual, time). */
    final MutableClock clock = new MutableClock();

    final DeletableSpecs specs = new DeletableSpecs();
    final InMemoryDeploymentLock lock = new InMemoryDeploymentLock(clock);
    final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);
    final InMemoryNotifier notifier = new InMemoryNotifier();
    final Map<String, AlarmState> alarms = new ConcurrentHashMap<>(Map.of(ALARM, AlarmState.OK));
    final TaskFaults faults = new TaskFaults();
    final RecordingCodeDeploy codeDeploy = new RecordingCodeDeploy();
    /** The secrets the database checks read (none unless a test puts one). */
    final LocalSecrets secrets = new LocalSecrets();

    final InMemoryTrafficRouter router;
    private LocalWiring wiring;
    /** The wirings before each {@link #restart}, the latest first. */
    private final List<LocalWiring> earlier = new java.util.concurrent.CopyOnWriteArrayList<>();

    FaultWorld() {
        this(InMemoryTrafficRouter.Faults.NONE);
    }

    /** A world whose load balancer misbehaves as {@code routerFaults} says. */
    FaultWorld(InMemoryTrafficRouter.Faults routerFaults) {
        specs.store.put(LocalWiring.SPEC_PARAMETER, SPEC);
        router = new InMemoryTrafficRouter(Weights.ALL_BLUE, routerFaults);
        wiring = wire();
    }

    private LocalWiring wire() {
        return LocalWiring.wireInVirtualTime(
                clock,
                Ports.builder()
                        .specs(specs)
                        .statusReporter(codeDeploy)
                        .deploymentControl(codeDeploy)
                        .serviceRevisions(new InMemoryServiceRevisions())
                        .router(router)
                        .lock(lock)
                        .ledger(ledger)
                        .notifier(notifier)
                        .alarms(names -> {
                            Map<String, AlarmState> states = new java.util.LinkedHashMap<>();
                            names.forEach(n -> states.put(n, alarms.getOrDefault(n, AlarmState.INSUFFICIENT_DATA)));
                            return states;
                        })
                        .targetHealth(new LocalTargetHealth())
                        .metrics(new InMemoryTargetGroupMetrics())
                        .secrets(secrets),
                EngineWorkflowExecutions.deploymentWorkflow(),
                faults);
    }

    /**
     * The runtime starts again over the same stores: new engine, new functions. The old engine is left as it is (a
     * task held at a gate there runs on when the gate opens, as a runtime thought dead that wakes up).
     */
    void restart() {
        earlier.add(0, wiring);
        wiring = wire();
    }

    /** CodeDeploy's lifecycle hook event for {@link #DEPLOYMENT} (the same shape for every hook). */
    static Map<String, Object> beforeAllowTraffic() {
        return hookEvent(DEPLOYMENT, HOOK_EXECUTION);
    }

    static Map<String, Object> hookEvent(String deploymentId, String hookExecutionId) {
        return Map.of("DeploymentId", deploymentId, "LifecycleEventHookExecutionId", hookExecutionId);
    }

    /** A new version of the spec parameter: {@link #SPEC} changed by {@code edit}. */
    void editSpec(java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode spec = (ObjectNode) JsonFiles.parse(SPEC, "FaultWorld.SPEC");
        edit.accept(spec);
        specs.store.put(LocalWiring.SPEC_PARAMETER, JsonFiles.write(spec));
    }

    /**
     * Delivers {@link #beforeAllowTraffic} and returns once the workflow's invocation {@code n} of {@code task} waits
     * at its gate.
     */
    Gate deliverAndHoldAt(String task, int n) throws InterruptedException {
        Gate gate = faults.gate(task, n);
        invoke("BeforeAllowTraffic", beforeAllowTraffic());
        gate.awaitReached();
        return gate;
    }

    /** Invokes one of the functions ({@link dev.cutover.runtime.adapters.LocalFunctions#NAMES}) as Lambda would. */
    Map<String, Object> invoke(String function, Map<String, Object> event) {
        return wiring.functions().get(function).handleRequest(event, null);
    }

    /** CloudWatch's state-change event (events/alarm-state-change-alarm.json) for {@code alarm} going to ALARM. */
    static Map<String, Object> alarmEvent(String alarm) {
        ObjectNode event = (ObjectNode) JsonFiles.read("events/alarm-state-change-alarm.json");
        ((ObjectNode) event.path("detail")).put("alarmName", alarm);
        event.putArray("resources").add("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + alarm);
        return JsonFiles.MAPPER.convertValue(event, new TypeReference<Map<String, Object>>() {});
    }

    static String executionArn(String deploymentId) {
        return WorkflowExecutions.executionArnFor(
                EngineWorkflowExecutions.STATE_MACHINE_ARN, WorkflowExecutions.executionNameFor(deploymentId));
    }

    /** Waits for the workflow execution of {@code deploymentId} to end (on the latest runtime that started it). */
    ExecutionResult awaitWorkflow(String deploymentId) throws InterruptedException, TimeoutException {
        List<LocalWiring> runtimes = new ArrayList<>(earlier);
        runtimes.add(0, wiring);
        for (LocalWiring runtime : runtimes) {
            Optional<dev.cutover.states.Execution> execution =
                    runtime.executions().find(executionArn(deploymentId));
            if (execution.isPresent()) {
                return execution.get().await(Duration.ofSeconds(30));
            }
        }
        throw new AssertionError("no workflow execution for " + deploymentId);
    }

    boolean workflowRunning(String deploymentId) {
        return wiring.executions().isRunning(executionArn(deploymentId));
    }

    Routing routing() {
        return specs.store.load(LocalWiring.SPEC_PARAMETER).spec().routing();
    }

    Weights traffic() {
        return router.read(routing());
    }

    DeploymentRecord record(String deploymentId) {
        return ledger.find(deploymentId).orElseThrow(() -> new AssertionError("no ledger entry for " + deploymentId));
    }

    Optional<LockLease> liveLease() {
        return lock.holder(SERVICE).filter(l -> !l.isExpiredAt(clock.instant()));
    }

    /**
     * The matrix's end state: traffic where the ledger says (all-blue for a rollback, all-green for a promotion),
     * exactly one status report for the hook, with the status that matches, a reason naming {@code cause}, and
     * nothing left running (no live lease, no running execution).
     */
    void assertEnded(String deploymentId, DeploymentRecord.Status status, String cause) {
        DeploymentRecord record = record(deploymentId);
        assertThat(record.status()).as("ledger of %s: %s", deploymentId, record).isEqualTo(status);
        assertThat(traffic())
                .as("traffic with the ledger at %s", status)
                .isEqualTo(status == DeploymentRecord.Status.PROMOTED ? Weights.ALL_GREEN : Weights.ALL_BLUE);
        assertThat(codeDeploy.reports(deploymentId))
                .as("CodeDeploy's status reports for %s", deploymentId)
                .singleElement()
                .extracting(Report::status)
                .isEqualTo(status == DeploymentRecord.Status.PROMOTED ? HookStatus.SUCCEEDED : HookStatus.FAILED);
        if (status != DeploymentRecord.Status.PROMOTED) {
            assertThat(record.outcomeReason())
                    .as("the ledger's reason")
                    .hasValueSatisfying(r -> assertThat(r).containsIgnoringCase(cause));
        }
        assertThat(liveLease()).as("the service's lock").isEmpty();
        assertThat(workflowRunning(deploymentId))
                .as("the workflow execution runs")
                .isFalse();
    }

    /**
     * The spec parameter store ({@link LocalSpecRepository}), whose parameter can be deleted as {@code aws ssm
     * delete-parameter} deletes it: every version at once, read back as SSM's ParameterNotFound
     * (SsmSpecRepository's words).
     */
    static final class DeletableSpecs implements SpecRepository {

        final LocalSpecRepository store = new LocalSpecRepository();
        private final AtomicBoolean deleted = new AtomicBoolean();

        void delete() {
            deleted.set(true);
        }

        @Override
        public VersionedSpec load(String reference) {
            if (deleted.get()) {
                String name = reference.contains(":") ? reference.substring(0, reference.lastIndexOf(':')) : reference;
                throw new SpecException("ssm:" + name, "(document)", "parameter not found");
            }
            return store.load(reference);
        }
    }

    /** CodeDeploy as the functions see it: records every status report; the roles are blue then green. */
    static final class RecordingCodeDeploy implements HookStatusReporter, DeploymentControl {

        private final List<Report> reports = new ArrayList<>();
        private final List<String> stops = new ArrayList<>();
        /** What a report does before it is recorded: throw to fail it (a throttled or failing CodeDeploy). */
        volatile Function<Integer, RuntimeException> reportFault = attempt -> null;

        private int attempts;

        @Override
        public Outcome report(HookExecution execution, HookStatus status) {
            RuntimeException fault;
            synchronized (this) {
                fault = reportFault.apply(++attempts);
                if (fault == null) {
                    // CodeDeploy takes one status per hook execution; a second is "already completed"
                    boolean answered = reports.stream()
                            .anyMatch(r -> r.hookExecutionId().equals(execution.lifecycleEventHookExecutionId()));
                    if (answered) {
                        return Outcome.ALREADY_COMPLETED;
                    }
                    reports.add(
                            new Report(execution.deploymentId(), execution.lifecycleEventHookExecutionId(), status));
                    return Outcome.REPORTED;
                }
            }
            throw fault;
        }

        synchronized List<Report> reports() {
            return List.copyOf(reports);
        }

        synchronized List<Report> reports(String deploymentId) {
            return reports.stream()
                    .filter(r -> r.deploymentId().equals(deploymentId))
                    .toList();
        }

        synchronized int attempts() {
            return attempts;
        }

        synchronized List<String> stops() {
            return List.copyOf(stops);
        }

        @Override
        public TargetGroupRoles targetGroupRoles(String deploymentId, List<String> targetGroupArns) {
            return new TargetGroupRoles(targetGroupArns.get(0), targetGroupArns.get(1));
        }

        @Override
        public synchronized void stopDeployment(String deploymentId, boolean autoRollback) {
            stops.add(deploymentId);
        }

        @Override
        public synchronized Optional<HookStatus> recordedHookStatus(String deploymentId, String lifecycleEventName) {
            return reports.stream()
                    .filter(r -> r.deploymentId().equals(deploymentId))
                    .map(Report::status)
                    .findFirst();
        }
    }

    /**
     * Every Task state of the workflow passes through here: a test can make the next invocations of one task fail
     * with an error of its choice (as Lambda's service errors reach Step Functions), or hold one at a gate.
     */
    static final class TaskFaults implements LocalWiring.TaskObserver {

        /** Per task: what each invocation (counted from 1) throws before the function runs; null lets it run. */
        private final Map<String, Function<Integer, RuntimeException>> before = new ConcurrentHashMap<>();

        private final Map<String, Integer> invocations = new ConcurrentHashMap<>();
        private final Map<String, Gate> gates = new ConcurrentHashMap<>();

        void failBefore(String task, Function<Integer, RuntimeException> fault) {
            before.put(task, fault);
        }

        /** The invocation {@code n} of {@code task} (counted from 1) stops at the returned gate until it opens. */
        Gate gate(String task, int n) {
            Gate gate = new Gate(n);
            gates.put(task, gate);
            return gate;
        }

        int invocations(String task) {
            return invocations.getOrDefault(task, 0);
        }

        @Override
        public TaskHandler apply(String task, TaskHandler handler) {
            return (JsonNode input, dev.cutover.states.TaskContext context) -> {
                int n = invocations.merge(task, 1, Integer::sum);
                Gate gate = gates.get(task);
                if (gate != null && gate.invocation == n) {
                    gate.hold();
                }
                RuntimeException fault = before.getOrDefault(task, i -> null).apply(n);
                if (fault != null) {
                    throw fault;
                }
                return handler.invoke(input, context);
            };
        }
    }

    /** Where a task invocation waits: {@link #awaitReached} once it is there, {@link #open} to let it go on. */
    static final class Gate {

        final int invocation;
        private final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);

        Gate(int invocation) {
            this.invocation = invocation;
        }

        void hold() throws InterruptedException {
            reached.countDown();
            open.await();
        }

        void awaitReached() throws InterruptedException {
            assertThat(reached.await(20, TimeUnit.SECONDS))
                    .as("the task reached its gate")
                    .isTrue();
        }

        void open() {
            open.countDown();
        }
    }
}
