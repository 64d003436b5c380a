package dev.cutover.handlers.wire;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.workflow.DeploymentAbort;

/**
 * The Abort function's wire format (docs/workflow.md, "The Abort function"): in
 * {@code {"deploymentId", "reason"?, "requestedBy"?}}, out {@code {"deploymentId", "service", "outcome": "ABORTED" |
 * "ALREADY_FINISHED", "status": <ledger status>, "weights": {"blue", "green"}, "executionStopped", "message"}}.
 */
public final class AbortJson {

    static final String NO_REASON = "no reason given";
    static final String UNKNOWN_REQUESTER = "an unnamed operator";

    private AbortJson() {}

    /**
     * @throws InvalidWorkflowInputException naming each field at fault
     * @throws dev.cutover.core.error.DeploymentNotFoundException when the ledger has no such deployment
     */
    public static Map<String, Object> handle(DeploymentAbort abort, Map<String, ?> request, Duration budget) {
        Problems problems = PayloadDialect.problems();
        FieldReader r =
                PayloadDialect.reader(JsonMaps.tree(request), "", problems, "{deploymentId, reason?, requestedBy?}");
        String id = null;
        String reason = null;
        String requestedBy = null;
        if (r != null) {
            r.onlyKnown(List.of("deploymentId", "reason", "requestedBy"));
            id = PayloadFields.text(r, "deploymentId", true, "the deployment id to abort");
            reason = r.expecting("why, in words").text("reason", false);
            requestedBy = PayloadFields.text(r, "requestedBy", false, "who asks, e.g. a user name");
        }
        PayloadDialect.throwIfAny(problems, "Abort request");
        return toMap(abort.abort(
                id,
                reason == null || reason.isBlank() ? NO_REASON : reason.strip(),
                requestedBy == null ? UNKNOWN_REQUESTER : requestedBy,
                budget));
    }

    public static Map<String, Object> toMap(DeploymentAbort.Result result) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("deploymentId", result.deploymentId());
        node.put("service", result.service());
        node.put("outcome", result.outcome().name());
        node.put("status", result.status().name());
        ObjectNode weights = node.putObject("weights");
        weights.put("blue", result.weights().blue());
        weights.put("green", result.weights().green());
        node.put("executionStopped", result.executionStopped());
        node.put("message", result.message());
        return JsonMaps.toMap(node);
    }
}
