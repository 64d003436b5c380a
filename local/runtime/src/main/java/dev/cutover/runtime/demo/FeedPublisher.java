package dev.cutover.runtime.demo;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.runtime.adapters.LocalAlarms;
import dev.cutover.runtime.adapters.LocalCodeDeploy;
import dev.cutover.runtime.dashboard.ApprovalEvents;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.LedgerQueries;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.states.TaskHandler;

/**
 * The demo's side of the {@link DeploymentFeed}: what the {@link Timeline} follows (the workflow's Task states,
 * CodeDeploy's lifecycle, the alarms), published as the feed's events, and one sample a second of the router's
 * weights and per-version metrics. Without a feed it does nothing and starts no thread.
 */
final class FeedPublisher implements AutoCloseable {

    private static final Duration SAMPLE = Duration.ofSeconds(1);

    private final DeploymentFeed feed;
    private final ApprovalEvents approvals;
    private final Timeline timeline;
    private final LocalRouter router;
    private final java.time.Clock clock;
    private final Thread sampler;
    private volatile boolean running = true;
    /** Whether the running deployment's rollback was decided (published once, when it is). */
    private final java.util.concurrent.atomic.AtomicBoolean decided = new java.util.concurrent.atomic.AtomicBoolean();

    FeedPublisher(DeploymentFeed feed, Timeline timeline, LocalRouter router, java.time.Clock clock) {
        this.feed = feed;
        this.approvals = feed == null ? null : new ApprovalEvents(feed);
        this.clock = clock;
        this.timeline = timeline;
        this.router = router;
        this.sampler = new Thread(this::sampleLoop, "demo-dashboard-sampler");
        sampler.setDaemon(true);
    }

    private void publish(String kind, ObjectNode data) {
        if (feed != null) {
            feed.publish(kind, data);
        }
    }

    /** The stages and gates the deployments follow. */
    void plan(CutoverSpec spec) {
        publish("plan", DeploymentFeed.planOf(spec));
    }

    void deploymentStarted(String deploymentId, String version, String scenario) {
        decided.set(false);
        publish(
                "deployment",
                DeploymentFeed.object()
                        .put("deploymentId", deploymentId)
                        .put("version", version)
                        .put("scenario", scenario));
    }

    /**
     * The moment the rollback is decided, as it happens: the first alarm in ALARM, a failed health verdict or a
     * failed hook, whichever comes first (the {@code rollback} event at the deployment's end has the timings).
     */
    private void decide(java.time.Instant at, String trigger, String reason) {
        if (decided.compareAndSet(false, true)) {
            publish(
                    "decision",
                    DeploymentFeed.object()
                            .put("at", at.toString())
                            .put("trigger", trigger)
                            .put("reason", reason));
        }
    }

    /** The deployment's end: the summary's words for it, and the rollback's when it rolled back. */
    void deploymentEnded(DemoSummary.Deployment d, Optional<DemoSummary.Rollback> rollback) {
        if (approvals != null) {
            approvals.answered();
        }
        rollback.ifPresent(r -> publish(
                "rollback",
                DeploymentFeed.object()
                        .put("reason", r.reason())
                        .put("trigger", r.trigger())
                        .put("detectedAfterMs", r.detectedAfterMs())
                        .put("trafficRestoredAfterMs", r.trafficRestoredAfterMs())));
        ObjectNode outcome = DeploymentFeed.object()
                .put("deploymentId", d.deploymentId())
                .put("version", d.version())
                .put("outcome", d.outcome())
                .put("failedRequests", d.failedRequests());
        outcome.putObject("finalWeights")
                .put("blue", d.finalWeights().blue())
                .put("green", d.finalWeights().green());
        outcome.put("rollbackReason", d.rollbackReason().orElse(null));
        publish("outcome", outcome);
    }

    /** The ledger's deployments of the service, newest first, for the page's history. */
    void history(String service, LedgerQueries ledger) {
        if (feed != null) {
            publish("history", LedgerQueries.historyEvent(service, ledger.history(service)));
        }
    }

    /** Wraps the Task states' observer: each state's start and end, each stage as the timeline records it. */
    LocalWiring.TaskObserver observe(LocalWiring.TaskObserver inner) {
        if (feed == null) {
            return inner;
        }
        return (task, handler) -> {
            TaskHandler observed = inner.apply(task, handler);
            return (input, ctx) -> {
                approvals.taskStarted(task, input);
                publish("state", DeploymentFeed.object().put("state", task).put("status", "running"));
                try {
                    JsonNode output = observed.invoke(input, ctx);
                    onTaskEnd(task, input, output, "done", null);
                    approvals.taskDone(task, input);
                    return output;
                } catch (Exception e) {
                    onTaskEnd(task, input, null, "failed", e);
                    throw e;
                }
            };
        };
    }

    private void onTaskEnd(String task, JsonNode input, JsonNode output, String status, Exception error) {
        ObjectNode state = DeploymentFeed.object().put("state", task).put("status", status);
        if (error != null) {
            state.put("error", String.valueOf(error.getMessage()));
            if (task.equals("JudgeHealth")
                    && !(error instanceof dev.cutover.core.error.MetricsNotPublishedYetException)) {
                decide(clock.instant(), "health-gate", String.valueOf(error.getMessage()));
            }
        }
        if (task.equals("ShiftTraffic") || task.equals("JudgeHealth")) {
            Integer index = TaskRecords.stageOf(input).index();
            state.put("stage", index == null ? -1 : index);
            if (index != null) {
                timeline.stages().stream()
                        .filter(s -> s.path("index").asInt(-1) == index)
                        .findFirst()
                        .ifPresent(s -> publish("stage", (ObjectNode) s.deepCopy()));
            }
        }
        if (task.equals("Rollback") && output != null) {
            TaskRecords.read(output, TaskRecords.RolledBack.class)
                    .map(TaskRecords.RolledBack::reason)
                    .ifPresent(reason -> state.put("reason", reason));
        }
        publish("state", state);
    }

    void onLifecycle(LocalCodeDeploy.Event e) {
        ObjectNode hook = DeploymentFeed.object().put("step", e.step());
        e.hook()
                .ifPresent(h -> hook.put("name", h.name())
                        .put("status", h.status())
                        .put("durationMs", h.durationMs())
                        .put("reason", h.reason())
                        .put("startedAt", h.startedAt().toString())
                        .put("endedAt", h.endedAt().toString()));
        publish("hook", hook);
        e.hook().filter(h -> h.status().equals("Failed")).ifPresent(h -> decide(h.endedAt(), "hook", h.reason()));
    }

    void onAlarm(LocalAlarms.Transition t) {
        if (t.to() == dev.cutover.core.port.AlarmStateReader.AlarmState.ALARM) {
            publish(
                    "alarm",
                    DeploymentFeed.object()
                            .put("alarm", t.alarmName())
                            .put("reason", t.reason())
                            .put("at", t.at().toString()));
            decide(t.at(), "alarm", "alarm " + t.alarmName() + " in ALARM: " + t.reason());
        }
    }

    void start() {
        if (feed != null) {
            sampler.start();
        }
    }

    private void sampleLoop() {
        while (running) {
            Demo.sleep(SAMPLE);
            if (!running) {
                return;
            }
            publish("metrics", sample());
        }
    }

    /** The weights and the last second's traffic, by role (after a promotion the slots swap roles). */
    private ObjectNode sample() {
        Version greenSlot = timeline.newSlot();
        dev.cutover.core.port.model.Weights slots = router.weights();
        return DeploymentFeed.metricsOf(
                timeline.phase(),
                greenSlot == Version.GREEN
                        ? slots
                        : new dev.cutover.core.port.model.Weights(slots.green(), slots.blue()),
                router.snapshot(greenSlot.other(), SAMPLE),
                router.snapshot(greenSlot, SAMPLE),
                SAMPLE);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
