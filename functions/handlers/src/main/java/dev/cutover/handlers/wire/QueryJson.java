package dev.cutover.handlers.wire;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.deploy.LedgerRules;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.workflow.DeploymentQuery;

/**
 * The Query function's wire format (docs/workflow.md, "The Query function"):
 * <ul>
 * <li>{@code {"action": "status", "deploymentId": "X"}} or {@code {"action": "status", "service": "S"}} (the
 * service's deployment in flight, else its newest) → {@code {"deployment": RECORD}} or {@code {"deployment": null}};
 * <li>{@code {"action": "history", "service": "S", "limit": N}} ({@code limit} 1..1000, default
 * {@value #DEFAULT_LIMIT}) → {@code {"deployments": [RECORD, ...]}}, newest first.
 * </ul>
 * RECORD is {@link RecordJson}. A request of another shape is refused with an {@link InvalidWorkflowInputException}
 * naming each field at fault.
 */
public final class QueryJson {

    /** How many deployments a history request without {@code limit} returns. */
    public static final int DEFAULT_LIMIT = 20;

    private static final Map<String, String> ACTIONS = Map.of("status", "status", "history", "history");

    private QueryJson() {}

    public static Map<String, Object> handle(DeploymentQuery query, Map<String, ?> request) {
        Problems problems = PayloadDialect.problems();
        JsonNode root = JsonMaps.tree(request);
        FieldReader r = PayloadDialect.reader(root, "", problems, "{action, deploymentId | service, limit?}");
        String action = r == null ? null : r.choice("action", null, ACTIONS);
        ObjectNode answer = JsonMaps.JSON.createObjectNode();
        if ("status".equals(action)) {
            r.onlyKnown(List.of("action", "deploymentId", "service"));
            String id = PayloadFields.text(r, "deploymentId", false, "a deployment id");
            String service = PayloadFields.text(r, "service", false, "a service name");
            if (problems.isEmpty() && (id == null) == (service == null)) {
                r.problem(
                        id == null ? "deploymentId" : "service",
                        id == null
                                ? "missing: a status request names a deploymentId or a service"
                                : "a status request names a deploymentId or a service, not both");
            }
            PayloadDialect.throwIfAny(problems, "Query request");
            answer.set(
                    "deployment",
                    (id != null ? query.deployment(id) : query.latest(service))
                            .<JsonNode>map(RecordJson::toJson)
                            .orElse(JsonMaps.JSON.nullNode()));
        } else if ("history".equals(action)) {
            r.onlyKnown(List.of("action", "service", "limit"));
            String service = PayloadFields.text(r, "service", true, "a service name");
            Long limit = r.expecting("a whole number 1.." + LedgerRules.MAX_HISTORY)
                    .integer("limit", (long) DEFAULT_LIMIT, 1, LedgerRules.MAX_HISTORY);
            PayloadDialect.throwIfAny(problems, "Query request");
            ArrayNode list = answer.putArray("deployments");
            for (DeploymentRecord record : query.history(service, limit.intValue())) {
                list.add(RecordJson.toJson(record));
            }
        } else {
            PayloadDialect.throwIfAny(problems, "Query request");
            throw new IllegalStateException("unreachable: action " + action);
        }
        return JsonMaps.toMap(answer);
    }
}
