package dev.cutover.cli;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.runtime.dashboard.Approvals;
import dev.cutover.runtime.dashboard.DashboardControls;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.LedgerQueries;

/**
 * {@code cutover deploy --dashboard}'s feed, on the operator's side: what {@code --wait} polls (the Query function's
 * record of the deployment, the execution's latest state from its history) turned into the dashboard's events.
 * There is no router here to sample: the weights are the ledger's, per stage; the per-version traffic comes from
 * CloudWatch ({@link CloudWatchSamples}), at most once a metric period while the deployment runs. The buttons call the same AWS APIs as {@code cutover abort|approve|deny}.
 */
final class OperatorFeed {

    private final DeploymentFeed feed;
    private final OperatorApi api;
    private final String deploymentId;
    private final String executionArn;
    /** The service, from --service or the spec, else (following a deployment by id) from its record. */
    private String service;

    private final String who;
    private final Map<Integer, ObjectNode> stages = new HashMap<>();
    private int entriesSeen;
    private String stateSeen;
    private Integer approvalSeen;
    private boolean started;
    private boolean ended;
    private CloudWatchSamples traffic;
    /** The ledger's latest weights, for the CloudWatch samples. */
    private ObjectNode weights = DeploymentFeed.object().put("blue", 100).put("green", 0);

    OperatorFeed(
            DeploymentFeed feed,
            OperatorApi api,
            String deploymentId,
            String executionArn,
            String service,
            CutoverSpec spec,
            String who) {
        this.feed = feed;
        this.api = api;
        this.deploymentId = deploymentId;
        this.executionArn = executionArn;
        this.service = service;
        this.who = who;
        if (spec != null) {
            feed.publish("plan", DeploymentFeed.planOf(spec));
        }
    }

    /** Reads the per-version traffic from CloudWatch while the deployment runs. */
    OperatorFeed withTraffic(CloudWatchSamples traffic) {
        this.traffic = traffic;
        return this;
    }

    /** What the dashboard serves. */
    DeploymentFeed events() {
        return feed;
    }

    /** One poll: the record (if the ledger has it yet) and the execution's state. */
    synchronized void poll(Optional<JsonNode> record) {
        if (service == null) {
            service = record.map(r -> r.path("service").asText(null)).orElse(null);
        }
        if (!started) {
            started = true;
            feed.publish(
                    "deployment",
                    DeploymentFeed.object()
                            .put("deploymentId", deploymentId)
                            .put(
                                    "version",
                                    record.map(r -> r.path("specVersion").asText(""))
                                            .orElse(""))
                            .put("scenario", "deploy"));
            history();
        }
        state();
        record.ifPresent(this::entries);
        record.ifPresent(this::approval);
        if (traffic != null && !ended) {
            traffic.sample(feed, record, weights);
        }
    }

    private void state() {
        String current;
        try {
            current = latestState();
        } catch (SdkException e) {
            return; // the history is not readable (permissions): the graph stays as it is
        }
        if (current != null && !current.equals(stateSeen)) {
            if (stateSeen != null) {
                feed.publish(
                        "state", DeploymentFeed.object().put("state", stateSeen).put("status", "done"));
            }
            stateSeen = current;
            feed.publish("state", DeploymentFeed.object().put("state", current).put("status", "running"));
        }
    }

    /** The name of the state the execution entered last (GetExecutionHistory, newest first). */
    private String latestState() {
        for (HistoryEvent event : api.recentHistory(executionArn, 20)) {
            if (event.stateEnteredEventDetails() != null) {
                return event.stateEnteredEventDetails().name();
            }
        }
        return null;
    }

    /** Each new ledger entry: a shift (weights, when) or a verdict; the rollback's entry (0%) is no stage. */
    private void entries(JsonNode record) {
        JsonNode entries = record.path("stages");
        for (int i = entriesSeen; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            int percent = entry.path("percent").asInt();
            if (percent == 0) {
                continue;
            }
            int index = entry.path("index").asInt();
            ObjectNode stage = stages.computeIfAbsent(
                    index, k -> DeploymentFeed.object().put("index", k).put("percent", percent));
            stage.putObject("weights")
                    .put("blue", entry.path("blueWeight").asInt())
                    .put("green", entry.path("greenWeight").asInt());
            String verdict = entry.path("verdict").asText("");
            String at = entry.path("at").asText(null);
            if (verdict.startsWith("shifted")) {
                stage.put("shiftedAt", at);
            } else if (!verdict.startsWith("approved")) {
                int colon = verdict.indexOf(':');
                stage.put("judgedAt", at);
                stage.putObject("verdict")
                        .put("status", colon > 0 ? verdict.substring(0, colon).strip() : verdict)
                        .put("summary", verdict);
            }
            feed.publish("stage", stage.deepCopy());
            weights = (ObjectNode) stage.path("weights").deepCopy();
            ObjectNode sample = DeploymentFeed.object().put("phase", "running");
            sample.set("weights", stage.path("weights").deepCopy());
            for (String role : List.of("blue", "green")) {
                sample.putObject(role).putNull("rps").putNull("errorRate").putNull("p99Ms");
            }
            feed.publish("metrics", sample);
        }
        entriesSeen = entries.size();
    }

    private void approval(JsonNode record) {
        JsonNode pending = record.path("pendingApproval");
        Integer waiting = pending.isObject() ? pending.path("stageIndex").asInt() : null;
        if (java.util.Objects.equals(waiting, approvalSeen)) {
            return;
        }
        ObjectNode event = DeploymentFeed.object().put("deploymentId", deploymentId);
        if (waiting != null) {
            event.put("stageIndex", waiting)
                    .put("percent", pending.path("percent").asInt())
                    .put("status", "waiting");
        } else {
            event.put("stageIndex", approvalSeen).put("status", "answered");
        }
        approvalSeen = waiting;
        feed.publish("approval", event);
    }

    /** The execution ended: the outcome as the ledger has it, then the service's history with it. */
    synchronized void ended(Optional<JsonNode> record, String executionStatus) {
        if (ended) {
            return;
        }
        ended = true;
        poll(record);
        if (stateSeen != null) {
            feed.publish(
                    "state", DeploymentFeed.object().put("state", stateSeen).put("status", "done"));
        }
        String status = record.map(r -> r.path("status").asText()).orElse(executionStatus);
        String reason = record.map(r -> r.path("outcomeReason").asText("")).orElse("");
        if (!status.equals("PROMOTED")) {
            feed.publish(
                    "rollback", DeploymentFeed.object().put("reason", reason).put("trigger", "workflow"));
        }
        boolean promoted = status.equals("PROMOTED");
        ObjectNode outcome = DeploymentFeed.object()
                .put("deploymentId", deploymentId)
                .put("outcome", promoted ? "PROMOTED" : "ROLLED_BACK")
                .put("status", status)
                .put("rollbackReason", promoted ? null : reason);
        outcome.putObject("finalWeights").put("blue", promoted ? 0 : 100).put("green", promoted ? 100 : 0);
        feed.publish("outcome", outcome);
        history();
    }

    private void history() {
        if (service == null) {
            return;
        }
        try {
            feed.publish(
                    "history", LedgerQueries.historyEvent(service, api.history(service, LedgerQueries.HISTORY_LIMIT)));
        } catch (RuntimeException e) {
            // the Query function refused: the page goes without the history
        }
    }

    /** The buttons: the Abort function, and SendTaskSuccess / SendTaskFailure with the pending approval's token. */
    DashboardControls controls() {
        Approvals approvals = new Approvals(
                () -> api.deployment(deploymentId),
                new Approvals.TaskCallbacks() {
                    @Override
                    public void succeed(String taskToken, JsonNode output) {
                        api.approve(taskToken, output);
                    }

                    @Override
                    public void fail(String taskToken, String error, String cause) {
                        api.deny(taskToken, cause);
                    }
                },
                Clock.systemUTC());
        return DashboardControls.of(
                () -> {
                    JsonNode answer = api.abort(deploymentId, "aborted from the dashboard", who);
                    return "aborting deployment " + deploymentId + ": "
                            + answer.path("message").asText(answer.toString());
                },
                approvals::approve,
                approvals::deny);
    }
}
