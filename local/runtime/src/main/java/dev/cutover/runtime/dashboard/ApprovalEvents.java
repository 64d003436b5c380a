package dev.cutover.runtime.dashboard;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The feed's {@code approval} events from the workflow's Task states: RequestApproval returning means the stage
 * waits (AwaitApproval waits for the task token, not for the function); the next ShiftTraffic or Rollback, or the
 * deployment's end, means it was answered. The page shows Approve and Deny while a stage waits.
 */
public final class ApprovalEvents {

    private final DeploymentFeed feed;
    private ObjectNode waiting;

    public ApprovalEvents(DeploymentFeed feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    /** Call as each Task state starts, with its input. */
    public synchronized void taskStarted(String task, JsonNode input) {
        if (task.equals("ShiftTraffic") || task.equals("Rollback")) {
            answered();
        }
    }

    /** Call as each Task state ends well, with its input. */
    public synchronized void taskDone(String task, JsonNode input) {
        if (!task.equals("RequestApproval")) {
            return;
        }
        JsonNode stage = input.path("stage");
        waiting = DeploymentFeed.object()
                .put(
                        "deploymentId",
                        input.path("deployment").path("deploymentId").asText())
                .put("stageIndex", stage.path("index").asInt())
                .put("percent", stage.path("percent").asInt())
                .put("status", "waiting");
        feed.publish("approval", waiting);
    }

    /** The stage that waited goes on, rolls back or was aborted: the page hides Approve and Deny. */
    public synchronized void answered() {
        if (waiting != null) {
            feed.publish("approval", waiting.put("status", "answered"));
            waiting = null;
        }
    }
}
