package dev.cutover.runtime.serve;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.dashboard.ApprovalEvents;
import dev.cutover.runtime.dashboard.Approvals;
import dev.cutover.runtime.dashboard.DashboardControls;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.LedgerQueries;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.Version;
import dev.cutover.runtime.wiring.LocalWiring;
import dev.cutover.states.Engine;
import dev.cutover.states.TaskHandler;

/**
 * {@code cutover serve --dashboard}'s feed: the deployments the served world runs, from the same world events the
 * demo publishes (the workflow's Task states as they start and end, the router's weights and per-version traffic a
 * second while a deployment runs, the ledger's history after each), and the buttons over the same code as
 * {@code cutover approve|deny|abort}: the pending approval's task token sent to the engine, the Abort function.
 * Executions started through the API arrive here through the wiring's task observer, whoever started them.
 */
final class ServeFeed implements AutoCloseable {

    private static final Duration SAMPLE = Duration.ofSeconds(1);

    private final DeploymentFeed feed;
    private final CutoverSpec spec;
    private final LocalRouter router;
    private final Clock clock;
    private final Thread sampler;
    private volatile LocalFunctions functions;
    private volatile Engine engine;
    private volatile String running;
    /** The router slot behind the running deployment's green target group. */
    private volatile Version greenSlot = Version.GREEN;

    private final ApprovalEvents approvals;
    private volatile boolean open = true;

    ServeFeed(DeploymentFeed feed, CutoverSpec spec, LocalRouter router, Clock clock) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.approvals = new ApprovalEvents(feed);
        this.spec = spec;
        this.router = router;
        this.clock = clock;
        this.sampler = new Thread(this::sampleLoop, "serve-dashboard-sampler");
        sampler.setDaemon(true);
        feed.publish("plan", DeploymentFeed.planOf(spec));
    }

    /** Once the world is wired: the Query and Abort functions, and the engine whose task tokens Approve answers. */
    void bind(LocalFunctions functions, Engine engine) {
        this.functions = functions;
        this.engine = engine;
        publishHistory();
        sampler.start();
    }

    private LedgerQueries ledger() {
        return LedgerQueries.overHandler(functions.get("Query"));
    }

    private void publishHistory() {
        try {
            feed.publish("history", LedgerQueries.historyEvent(spec.service(), ledger().history(spec.service())));
        } catch (RuntimeException e) {
            // the ledger is unreadable now: the page keeps the history it had
        }
    }

    /** What the dashboard's buttons do on this world. */
    DashboardControls controls() {
        Approvals approvals =
                new Approvals(() -> ledger().current(spec.service()), Approvals.TaskCallbacks.of(engine), clock);
        return DashboardControls.of(this::abortRunning, approvals::approve, approvals::deny);
    }

    /** The Abort function on the deployment running now, as {@code cutover abort} calls it. */
    private String abortRunning() {
        JsonNode current = ledger().current(spec.service())
                .filter(r -> r.path("status").asText().equals("IN_PROGRESS"))
                .orElseThrow(() -> new IllegalStateException("no deployment is running"));
        String id = current.path("deploymentId").asText();
        Map<String, Object> answer = functions
                .get("Abort")
                .handleRequest(
                        Map.of("deploymentId", id, "reason", "aborted from the dashboard", "requestedBy", "dashboard"),
                        null);
        // no Task state reports an abort: the ledger has the outcome
        ledger().deployment(id).ifPresent(this::ended);
        return "aborting deployment " + id + ": " + answer.getOrDefault("message", answer);
    }

    /** Wraps each Task state's handler so its start and end reach the feed. */
    LocalWiring.TaskObserver observe() {
        return (task, handler) -> (TaskHandler) (input, ctx) -> {
            started(task, input);
            try {
                JsonNode output = handler.invoke(input, ctx);
                done(task, input, output);
                return output;
            } catch (Exception e) {
                ObjectNode failed = state(task, input, "failed").put("error", String.valueOf(e.getMessage()));
                feed.publish("state", failed);
                throw e;
            }
        };
    }

    private void started(String task, JsonNode input) {
        if (task.equals("ValidateAndLock")) {
            JsonNode request = input.path("input");
            running = request.path("deploymentId")
                    .asText(input.path("execution").path("name").asText());
            feed.publish(
                    "deployment",
                    DeploymentFeed.object()
                            .put("deploymentId", running)
                            .put("version", "v2")
                            .put("scenario", "served"));
        }
        approvals.taskStarted(task, input);
        feed.publish("state", state(task, input, "running"));
    }

    private void done(String task, JsonNode input, JsonNode output) {
        feed.publish("state", state(task, input, "done"));
        approvals.taskDone(task, input);
        switch (task) {
            case "ValidateAndLock" -> {
                // the plan as this deployment runs it (an inline spec may differ from the world's)
                String green = output.path("targetGroups").path("green").asText("");
                try {
                    greenSlot = green.isEmpty() ? Version.GREEN : router.slotOf(green);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    greenSlot = Version.GREEN;
                }
                ObjectNode plan = DeploymentFeed.planOf(spec);
                plan.set("stages", output.path("stages").deepCopy());
                feed.publish("plan", plan);
            }
            case "ShiftTraffic" -> {
                ObjectNode stage = stage(input);
                stage.putObject("weights")
                        .put("blue", output.path("blue").asInt())
                        .put("green", output.path("green").asInt());
                stage.put(
                        "shiftedAt",
                        output.path("shiftedAt").asText(clock.instant().toString()));
                feed.publish("stage", stage);
            }
            case "JudgeHealth" -> {
                ObjectNode stage = stage(input);
                JsonNode weights = input.path("weights");
                stage.putObject("weights")
                        .put("blue", weights.path("blue").asInt())
                        .put("green", weights.path("green").asInt());
                if (weights.hasNonNull("shiftedAt")) {
                    stage.put("shiftedAt", weights.path("shiftedAt").asText());
                }
                stage.put("judgedAt", clock.instant().toString());
                stage.set("verdict", output.deepCopy());
                feed.publish("stage", stage);
            }
            case "Finalize", "Rollback" -> {
                String id = running;
                if (id != null) {
                    ledger().deployment(id).ifPresent(this::ended);
                }
            }
            default -> {}
        }
    }

    /** The deployment's end as the ledger has it: its outcome, the weights now, then the history with it. */
    private void ended(JsonNode record) {
        if (running == null || !record.path("deploymentId").asText().equals(running)) {
            return;
        }
        running = null;
        approvals.answered();
        String status = record.path("status").asText();
        if (!status.equals("PROMOTED")) {
            feed.publish(
                    "rollback",
                    DeploymentFeed.object()
                            .put("reason", record.path("outcomeReason").asText(""))
                            .put("trigger", status.equals("ABORTED") ? "abort" : "workflow"));
        }
        ObjectNode outcome = DeploymentFeed.object()
                .put("deploymentId", record.path("deploymentId").asText())
                .put("outcome", status.equals("ROLLED_BACK") || status.equals("ABORTED") ? "ROLLED_BACK" : status)
                .put("status", status);
        Weights now = byRole();
        outcome.putObject("finalWeights").put("blue", now.blue()).put("green", now.green());
        outcome.put("rollbackReason", record.path("outcomeReason").asText(null));
        feed.publish("outcome", outcome);
        publishHistory();
    }

    private static ObjectNode state(String task, JsonNode input, String status) {
        ObjectNode state = DeploymentFeed.object().put("state", task).put("status", status);
        if (input.path("stage").has("index")) {
            state.put("stage", input.path("stage").path("index").asInt());
        }
        return state;
    }

    private static ObjectNode stage(JsonNode input) {
        JsonNode stage = input.path("stage");
        return DeploymentFeed.object()
                .put("index", stage.path("index").asInt())
                .put("percent", stage.path("percent").asInt())
                .put("bakeSeconds", stage.path("bakeSeconds").asInt());
    }

    private void sampleLoop() {
        while (open) {
            try {
                Thread.sleep(SAMPLE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (running != null) {
                feed.publish(
                        "metrics",
                        DeploymentFeed.metricsOf(
                                "running",
                                byRole(),
                                router.snapshot(greenSlot.other(), SAMPLE),
                                router.snapshot(greenSlot, SAMPLE),
                                SAMPLE));
            }
        }
    }

    /**
     * The router's weights by the running deployment's roles: after a promotion the group that was green serves
     * production, and the next deployment's green is the other slot.
     */
    private Weights byRole() {
        Weights slots = router.weights();
        return greenSlot == Version.GREEN ? slots : new Weights(slots.green(), slots.blue());
    }

    Optional<String> running() {
        return Optional.ofNullable(running);
    }

    @Override
    public void close() {
        open = false;
        sampler.interrupt();
    }
}
