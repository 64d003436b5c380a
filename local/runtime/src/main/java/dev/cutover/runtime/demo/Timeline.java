package dev.cutover.runtime.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.runtime.adapters.LocalAlarms;
import dev.cutover.runtime.adapters.LocalCodeDeploy;
import dev.cutover.runtime.router.RequestRecord;
import dev.cutover.runtime.router.RouterListener;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.states.TaskHandler;

/**
 * What happened during the demo's deployment, as it happened: the phase, the stages shifted and judged, the first
 * faulty green request, when and why rollback was decided and when traffic was back on blue. It observes the
 * workflow's Task states (their inputs and outputs read as {@link TaskRecords}), the router, the alarms and
 * CodeDeploy's lifecycle, tells the {@link DemoConsole} about each event, and hands the summary its stages and
 * rollback timings.
 */
final class Timeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final DemoConsole console;

    private volatile String phase = "starting";
    private volatile int stagesTotal;
    private volatile int stageAt;
    /** The router slot the running deployment's new version is in (after a promotion the slots swap roles). */
    private volatile Version newSlot = Version.GREEN;

    private final AtomicReference<Instant> firstFault = new AtomicReference<>();
    private final AtomicReference<Instant> decision = new AtomicReference<>();
    private final AtomicReference<String> trigger = new AtomicReference<>();
    private final AtomicReference<Instant> restored = new AtomicReference<>();
    /** The last write of 100% blue: the alarm handler may make it before the alarm's observers hear of it. */
    private final AtomicReference<Instant> lastBlueWrite = new AtomicReference<>();
    /** When each failing production request on the new version reached the router (few: the fault's cost). */
    private final java.util.Queue<Instant> failedStarts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Production requests that reached the router after traffic was back on blue and still went to the new slot. */
    private final java.util.concurrent.atomic.AtomicLong greenAfterRestored =
            new java.util.concurrent.atomic.AtomicLong();

    /** When the last of those reached the router. */
    private final AtomicReference<Instant> lastGreenAfterRestored = new AtomicReference<>();

    private final Map<Integer, ObjectNode> stages = new ConcurrentHashMap<>();
    private final List<String> alarms = new CopyOnWriteArrayList<>();

    Timeline(Clock clock, DemoConsole console) {
        this.clock = clock;
        this.console = console;
    }

    void stagesTotal(int total) {
        stagesTotal = total;
    }

    /**
     * A new deployment starts, its new version in {@code slot}: what the last one recorded (stages, fault,
     * decision, restore) is forgotten, so each deployment's summary is its own.
     */
    void startDeployment(Version slot) {
        newSlot = slot;
        stageAt = 0;
        stages.clear();
        firstFault.set(null);
        decision.set(null);
        trigger.set(null);
        restored.set(null);
        lastBlueWrite.set(null);
        failedStarts.clear();
        greenAfterRestored.set(0);
        lastGreenAfterRestored.set(null);
    }

    String phase() {
        return phase;
    }

    /** The router slot the running deployment's new version (green) is in; the other slot is blue. */
    Version newSlot() {
        return newSlot;
    }

    void phase(String now) {
        phase = now;
    }

    /** The progress line's stage: {@code -} before the first shift, then {@code at/total}. */
    String stage() {
        return stageAt == 0 ? "-" : stageAt + "/" + stagesTotal;
    }

    // ---- observers ---------------------------------------------------------------------------------------------

    /** A request the router served: the first slow or failing production request on the new version is the fault. */
    void onRequest(RequestRecord r) {
        if (r.version() != newSlot || r.listener() != RouterListener.PRODUCTION) {
            return;
        }
        if (r.serverError() || r.latency().toMillis() > DemoSpec.LATENCY_THRESHOLD_MS) {
            firstFault.compareAndSet(null, r.at());
        }
        Instant reached = r.at().minus(r.latency());
        if (r.serverError()) {
            failedStarts.add(reached);
        }
        Instant back = restored.get();
        if (back != null && reached.isAfter(back)) {
            greenAfterRestored.incrementAndGet();
            lastGreenAfterRestored.accumulateAndGet(
                    reached, (last, now) -> last == null || now.isAfter(last) ? now : last);
        }
    }

    /** The router, noting when a rollback's shift put all traffic back on blue. */
    TrafficRouter observe(TrafficRouter router) {
        return new TrafficRouter() {
            @Override
            public Weights read(Routing routing) {
                return router.read(routing);
            }

            @Override
            public void apply(Routing routing, Weights weights) {
                router.apply(routing, weights);
                if (weights.green() == 0) {
                    Instant now = clock.instant();
                    lastBlueWrite.set(now);
                    if (decision.get() != null) {
                        restored.compareAndSet(null, now);
                    }
                }
            }
        };
    }

    /** Wraps each Task state's handler to follow its input and output. */
    LocalWiring.TaskObserver taskObserver() {
        return (task, handler) -> observe(task, handler);
    }

    private TaskHandler observe(String task, TaskHandler handler) {
        return (input, ctx) -> {
            try {
                JsonNode output = handler.invoke(input, ctx);
                onTask(task, input, output, null);
                return output;
            } catch (Exception e) {
                onTask(task, input, null, e);
                throw e;
            }
        };
    }

    private void onTask(String task, JsonNode input, JsonNode output, Exception error) {
        TaskRecords.Stage stage = TaskRecords.stageOf(input);
        switch (task) {
            case "ShiftTraffic" -> onShift(stage, output, error);
            case "JudgeHealth" -> onJudged(stage, output, error);
            case "Rollback" -> {
                phase = "rollback";
                if (output != null) {
                    String reason = TaskRecords.read(output, TaskRecords.RolledBack.class)
                            .map(TaskRecords.RolledBack::reason)
                            .orElse(null);
                    console.event("workflow rolled back: " + TaskRecords.text(reason));
                }
            }
            case "Finalize" -> {
                if (output != null) {
                    String status = TaskRecords.read(output, TaskRecords.Finalized.class)
                            .map(TaskRecords.Finalized::status)
                            .orElse(null);
                    console.event("workflow finalized: " + TaskRecords.text(status) + ", hook reported Succeeded");
                }
            }
            default -> {}
        }
    }

    private void onShift(TaskRecords.Stage stage, JsonNode output, Exception error) {
        int index = stage.position();
        if (output == null) {
            console.event("stage " + (index + 1) + ": shift failed: " + error.getMessage());
            return;
        }
        Instant now = clock.instant();
        TaskRecords.Shift shift =
                TaskRecords.read(output, TaskRecords.Shift.class).orElse(new TaskRecords.Shift(0, 0, null));
        stageAt = index + 1;
        ObjectNode entry = JSON.createObjectNode();
        entry.put("index", index);
        entry.put("percent", stage.percent());
        entry.put("bakeSeconds", stage.bakeSeconds());
        entry.putObject("weights").put("blue", shift.blue()).put("green", shift.green());
        entry.put("shiftedAt", shift.shiftedAt() == null ? now.toString() : shift.shiftedAt());
        stages.put(index, entry);
        console.event(String.format(
                Locale.ROOT,
                "stage %d/%d: shifted to blue %d / green %d, baking %d s",
                index + 1,
                stagesTotal,
                shift.blue(),
                shift.green(),
                stage.bakeSeconds()));
    }

    private void onJudged(TaskRecords.Stage stage, JsonNode output, Exception error) {
        int index = stage.position();
        Instant now = clock.instant();
        ObjectNode entry =
                stages.computeIfAbsent(index, i -> JSON.createObjectNode().put("index", i));
        entry.put("judgedAt", now.toString());
        parseInstant(entry.path("shiftedAt").asText(null))
                .ifPresent(shifted ->
                        entry.put("durationMs", Duration.between(shifted, now).toMillis()));
        if (error instanceof dev.cutover.core.error.MetricsNotPublishedYetException) {
            // not a verdict: the state machine retries JudgeHealth until the window's metrics are published
            entry.put("metricsWaits", entry.path("metricsWaits").asInt() + 1);
            console.event("stage " + (index + 1) + " waits for published metrics: " + error.getMessage());
            return;
        }
        if (output != null) {
            entry.set("verdict", output);
            TaskRecords.Verdict verdict =
                    TaskRecords.read(output, TaskRecords.Verdict.class).orElse(new TaskRecords.Verdict(null, null));
            console.event("stage " + (index + 1) + " verdict " + TaskRecords.text(verdict.status()) + ": "
                    + TaskRecords.text(verdict.summary()));
        } else {
            ObjectNode verdict = entry.putObject("verdict");
            verdict.put("status", "FAILED");
            verdict.put("error", error.getMessage());
            if (decision.compareAndSet(null, now)) {
                trigger.set("health-gate");
            }
            console.event("stage " + (index + 1) + " verdict: " + error.getMessage());
        }
    }

    /** An alarm state change: the first ALARM decides the rollback. */
    void onAlarmTransition(LocalAlarms.Transition t) {
        if (t.to() == AlarmState.ALARM) {
            if (decision.compareAndSet(null, t.at())) {
                trigger.set("alarm");
                restoredSince(t.at());
            }
            alarms.add(t.alarmName() + " -> ALARM: " + t.reason());
            console.event("ALARM " + t.alarmName() + ": " + t.reason());
        }
    }

    /** CodeDeploy's progress: lifecycle steps set the phase, hooks report how they ended. */
    void onLifecycle(LocalCodeDeploy.Event e) {
        if (e.hook().isEmpty()) {
            if (LifecycleHook.BEFORE_INSTALL.codeDeployName().equals(e.step())
                    || e.step().startsWith("After")
                    || e.step().startsWith("Before")) {
                phase = e.step();
                console.event(e.step() + " ...");
            } else {
                console.event("CodeDeploy " + e.step() + " done");
            }
            return;
        }
        LocalCodeDeploy.HookRecord h = e.hook().get();
        console.event(
                String.format(Locale.ROOT, "%s %s (%d ms): %s", h.name(), h.status(), h.durationMs(), h.reason()));
    }

    /** A write of 100% blue made at or after the decision, before the decision was recorded here, restored it. */
    private void restoredSince(Instant decided) {
        Instant written = lastBlueWrite.get();
        if (written != null && !written.isBefore(decided)) {
            restored.compareAndSet(null, written);
        }
    }

    /** A hook failed and CodeDeploy rolls back: decided now, unless something decided earlier. */
    void rollbackByHook() {
        decision.compareAndSet(null, clock.instant());
        trigger.compareAndSet(null, "hook");
    }

    /** Production traffic is back on blue. */
    void trafficRestored() {
        restored.compareAndSet(null, clock.instant());
    }

    // ---- for the summary ---------------------------------------------------------------------------------------

    /** One entry per stage reached, in order. */
    List<JsonNode> stages() {
        return stages.keySet().stream()
                .sorted()
                .map(i -> (JsonNode) stages.get(i))
                .toList();
    }

    List<String> alarms() {
        return alarms;
    }

    /** Why and how fast the deployment was rolled back. */
    DemoSummary.Rollback rollbackOf(LocalCodeDeploy.Result result, Optional<DeploymentRecord> record) {
        String reason = record.filter(r -> r.status() == DeploymentRecord.Status.ROLLED_BACK
                        || r.status() == DeploymentRecord.Status.FAILED
                        || r.status() == DeploymentRecord.Status.ABORTED)
                .flatMap(DeploymentRecord::outcomeReason)
                .orElseGet(() -> result.failedHook().orElse("?") + " failed: "
                        + result.reason().orElse(""));
        Instant decided =
                decision.get() != null ? decision.get() : result.failedAt().orElse(clock.instant());
        Instant fault = firstFault.get() != null && !firstFault.get().isAfter(decided)
                ? firstFault.get()
                : result.hooks().isEmpty()
                        ? decided
                        : result.hooks().get(result.hooks().size() - 1).startedAt();
        Instant back = restored.get() != null ? restored.get() : decided;
        return new DemoSummary.Rollback(
                reason,
                trigger.get() == null ? "hook" : trigger.get(),
                Math.max(0, Duration.between(fault, decided).toMillis()),
                Math.max(0, Duration.between(decided, back).toMillis()),
                failedStarts.stream().filter(at -> !at.isAfter(back)).count(),
                greenAfterRestored.get(),
                lastGreenAfterRestored.get() == null
                        ? 0
                        : Math.max(
                                0,
                                Duration.between(back, lastGreenAfterRestored.get())
                                        .toMillis()));
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
