package dev.cutover.runtime.demo;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.memory.InMemoryDeploymentLedger;
import dev.cutover.memory.InMemoryDeploymentLock;
import dev.cutover.memory.InMemoryServiceRevisions;
import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.runtime.adapters.ConsoleNotifier;
import dev.cutover.runtime.adapters.EngineWorkflowExecutions;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.adapters.LocalSecrets;
import dev.cutover.runtime.adapters.LocalSpecRepository;
import dev.cutover.runtime.adapters.LocalTargetHealth;
import dev.cutover.runtime.wiring.LocalWiring;

/**
 * {@code cutover invoke}: one handler run in-process over local adapters, like {@code sam local invoke} without
 * Docker. The spec is read from a file (or is the demo's spec); the status a hook reports to "CodeDeploy", a
 * StopDeployment and notifications are recorded and returned with the handler's result. Traffic goes to an
 * in-memory router at 100% blue, the ledger and lock are in memory, alarms have no data, an ECS event's revision is green, there are no target
 * groups to ask and no secrets: checks needing those fail, naming what is missing, as they would on a misconfigured stack.
 */
public final class LocalInvoker {

    /** What the invocation did. */
    public record Invocation(
            String function,
            Optional<Map<String, Object>> result,
            Optional<String> error,
            List<Map<String, Object>> reported) {

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("function", function);
            result.ifPresent(r -> map.put("result", r));
            error.ifPresent(e -> map.put("error", e));
            map.put("reported", reported);
            return map;
        }
    }

    /**
     * The functions that call the service's listeners (smoke tests). {@code cutover invoke} runs them only with a
     * spec the user names: it starts no service, so without one it would test whatever listens on a local port.
     */
    public static final Set<String> CALLS_THE_SERVICE = Set.of("AfterAllowTestTraffic", "AfterAllowTraffic");

    /**
     * The listeners of the default spec: hosts under {@code .invalid}, which never resolve (RFC 6761), so a
     * function run without {@code --spec} that reaches them fails rather than testing something else.
     */
    static final URI DEFAULT_PRODUCTION_URL = URI.create("http://production-listener.invalid");

    static final URI DEFAULT_TEST_URL = URI.create("http://test-listener.invalid:8443");

    private LocalInvoker() {}

    /** An ECS lifecycle event's {@code executionDetails.targetServiceRevisionArn}, if the event is one. */
    private static Optional<String> ecsTargetRevision(Map<String, Object> event) {
        return event.get("executionDetails") instanceof Map<?, ?> details
                        && details.get("targetServiceRevisionArn") instanceof String revision
                ? Optional.of(revision)
                : Optional.empty();
    }

    /**
     * @param function a {@link LocalFunctions#NAMES logical name}
     * @param event    the event or payload, as Lambda hands it over
     * @param specFile the spec; empty for the demo's
     * @param log      where notifications are printed
     * @throws IllegalArgumentException naming the functions when {@code function} is unknown
     * @throws dev.cutover.core.error.SpecException when the spec file is invalid
     */
    public static Invocation invoke(
            String function, Map<String, Object> event, Optional<Path> specFile, PrintStream log)
            throws java.io.IOException {
        Objects.requireNonNull(event, "event");
        Clock clock = Clock.systemUTC();
        LocalSpecRepository specs = new LocalSpecRepository();
        if (specFile.isPresent()) {
            // read at each load under the file's own name, so errors name the file
            specs.putFile(LocalWiring.SPEC_PARAMETER, specFile.get());
        } else {
            specs.put(
                    LocalWiring.SPEC_PARAMETER,
                    DemoSpec.render(
                            DEFAULT_PRODUCTION_URL,
                            DEFAULT_TEST_URL,
                            DemoOptions.DEFAULT_RPS,
                            DemoOptions.DEFAULT_BAKES,
                            false,
                            false));
        }
        List<String> pair =
                specs.load(LocalWiring.SPEC_PARAMETER).spec().routing().targetGroupArns();
        // No ECS here either: the revision an ECS lifecycle event deploys is green, the second of the spec's pair
        // (the first serves production, as the in-memory route starts), as DescribeServiceRevisions would say.
        InMemoryServiceRevisions revisions = new InMemoryServiceRevisions();
        ecsTargetRevision(event).ifPresent(revision -> revisions.associate(revision, List.of(pair.get(1))));

        List<Map<String, Object>> reported = new ArrayList<>();
        Map<String, HookStatus> recorded = new ConcurrentHashMap<>();
        HookStatusReporter reporter = (HookExecution execution, HookStatus status) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("call", "PutLifecycleEventHookExecutionStatus");
            r.put("deploymentId", execution.deploymentId());
            r.put("lifecycleEventHookExecutionId", execution.lifecycleEventHookExecutionId());
            r.put("status", status.wireValue());
            synchronized (reported) {
                reported.add(r);
            }
            recorded.putIfAbsent(execution.deploymentId(), status);
            return HookStatusReporter.Outcome.REPORTED;
        };
        DeploymentControl control = new DeploymentControl() {
            @Override
            public void stopDeployment(String deploymentId, boolean autoRollback) {
                synchronized (reported) {
                    reported.add(Map.of(
                            "call",
                            "StopDeployment",
                            "deploymentId",
                            deploymentId,
                            "autoRollbackEnabled",
                            autoRollback));
                }
            }

            /** No CodeDeploy here: the first of the spec's pair serves production, as the in-memory route starts. */
            @Override
            public TargetGroupRoles targetGroupRoles(String deploymentId, List<String> targetGroupArns) {
                synchronized (reported) {
                    reported.add(Map.of("call", "GetDeploymentTarget", "deploymentId", deploymentId));
                }
                return new TargetGroupRoles(targetGroupArns.get(0), targetGroupArns.get(1));
            }

            /**
             * An invocation runs one hook, so what CodeDeploy would have recorded for it is the status this
             * invocation reported for the deployment, if any.
             */
            @Override
            public Optional<HookStatus> recordedHookStatus(String deploymentId, String lifecycleEventName) {
                return Optional.ofNullable(recorded.get(deploymentId));
            }
        };
        AlarmStateReader alarms = names -> {
            Map<String, AlarmStateReader.AlarmState> states = new LinkedHashMap<>();
            names.forEach(n -> states.put(n, AlarmStateReader.AlarmState.INSUFFICIENT_DATA));
            return states;
        };
        LocalFunctions functions = LocalWiring.wire(
                        clock,
                        Ports.builder()
                                .specs(specs)
                                .statusReporter(reporter)
                                .deploymentControl(control)
                                .serviceRevisions(revisions)
                                .router(new InMemoryTrafficRouter())
                                .lock(new InMemoryDeploymentLock(clock))
                                .ledger(new InMemoryDeploymentLedger(clock))
                                .notifier(new ConsoleNotifier(n -> log.println("notification: " + n.subject())))
                                .alarms(alarms)
                                .targetHealth(new LocalTargetHealth())
                                .metrics(new InMemoryTargetGroupMetrics())
                                .secrets(new LocalSecrets()),
                        EngineWorkflowExecutions.deploymentWorkflow(),
                        LocalWiring.AS_IS)
                .functions();
        var handler = functions.get(function);
        try {
            Map<String, Object> result = handler.handleRequest(event, null);
            return new Invocation(function, Optional.ofNullable(result), Optional.empty(), List.copyOf(reported));
        } catch (RuntimeException e) {
            return new Invocation(
                    function,
                    Optional.empty(),
                    Optional.of(e.getClass().getName() + ": " + e.getMessage()),
                    List.copyOf(reported));
        }
    }
}
