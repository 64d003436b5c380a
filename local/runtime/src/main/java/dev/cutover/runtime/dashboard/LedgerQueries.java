package dev.cutover.runtime.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ledger as the dashboard reads it: through the Query function's contract (docs/workflow.md, "Query"), which
 * {@code cutover status} and {@code cutover history} speak too, so the page shows the records those commands show.
 * Over a local world the function is called in-process; the operator side's {@code deploy --dashboard} asks the
 * deployed function.
 */
public final class LedgerQueries {

    /** How many of the service's deployments the page lists. */
    public static final int HISTORY_LIMIT = 20;

    private final Function<Map<String, Object>, JsonNode> query;

    /** @param query calls the Query function with a request and answers its response as JSON */
    public LedgerQueries(Function<Map<String, Object>, JsonNode> query) {
        this.query = Objects.requireNonNull(query, "query");
    }

    /** Over the Query function's handler, in-process (a local world's {@code LocalFunctions.get("Query")}). */
    public static LedgerQueries overHandler(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        Objects.requireNonNull(handler, "handler");
        return new LedgerQueries(request -> DeploymentFeed.JSON.valueToTree(handler.handleRequest(request, null)));
    }

    /** The deployment's record, if the ledger has one. */
    public Optional<JsonNode> deployment(String deploymentId) {
        return present(query.apply(Map.of("action", "status", "deploymentId", deploymentId))
                .path("deployment"));
    }

    /** The service's deployment in progress, else its last one. */
    public Optional<JsonNode> current(String service) {
        return present(
                query.apply(Map.of("action", "status", "service", service)).path("deployment"));
    }

    /** The service's deployments, newest first. */
    public List<JsonNode> history(String service) {
        List<JsonNode> records = new ArrayList<>();
        query.apply(Map.of("action", "history", "service", service, "limit", HISTORY_LIMIT))
                .path("deployments")
                .forEach(records::add);
        return records;
    }

    /**
     * The feed's {@code history} event: the service's deployments newest first, as the ledger has them, without
     * a pending approval's task token (the page is read-only; answering goes through the token-guarded buttons).
     */
    public static ObjectNode historyEvent(String service, List<JsonNode> records) {
        ObjectNode event = DeploymentFeed.object().put("service", service);
        var array = event.putArray("deployments");
        for (JsonNode record : records) {
            ObjectNode copy = record.deepCopy();
            if (copy.path("pendingApproval").isObject()) {
                ((ObjectNode) copy.path("pendingApproval")).remove("taskToken");
            }
            array.add(copy);
        }
        return event;
    }

    private static Optional<JsonNode> present(JsonNode node) {
        return node.isObject() ? Optional.of(node) : Optional.empty();
    }
}
