package dev.cutover.handlers.wire;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.workflow.Promotion;
import dev.cutover.core.workflow.RollbackOutcome;

/**
 * How the tasks that end a path report, as JSON (docs/workflow.md): the checks' results, Finalize's
 * {@code $.result} and Rollback's {@code $.rollback} (whose {@code reason} the execution's Fail state shows).
 */
public final class OutcomeJson {

    private OutcomeJson() {}

    /** {@code {"checks": [{"name", "passed", "detail", "durationMs"}]}}. */
    public static Map<String, Object> toMap(List<CheckResult> results) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        ArrayNode list = node.putArray("checks");
        for (CheckResult r : results) {
            ObjectNode check = list.addObject();
            check.put("name", r.name());
            check.put("passed", r.passed());
            check.put("detail", r.detail());
            check.put("durationMs", r.duration().toMillis());
        }
        return JsonMaps.toMap(node);
    }

    /** {@code {"status": "PROMOTED", "deploymentId", "service", "stageReached", "codeDeploy", "notified"}}. */
    public static Map<String, Object> toMap(Promotion promotion) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("status", "PROMOTED");
        node.put("deploymentId", promotion.deploymentId());
        node.put("service", promotion.service());
        node.put("stageReached", promotion.stageReached());
        node.put("codeDeploy", promotion.codeDeploy());
        node.put("notified", promotion.notified());
        promotion.rollbackWindowEndsAt().ifPresent(at -> node.put("rollbackWindowEndsAt", at.toString()));
        return JsonMaps.toMap(node);
    }

    /**
     * {@code {"reason", "weights": {"blue": 100, "green": 0} | null, "status", "deploymentId"?, "service"?,
     * "codeDeploy", "alreadyFinished"}}.
     */
    public static Map<String, Object> toMap(RollbackOutcome outcome) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("reason", outcome.reason());
        if (outcome.weights().isPresent()) {
            ObjectNode w = node.putObject("weights");
            w.put("blue", outcome.weights().get().blue());
            w.put("green", outcome.weights().get().green());
        } else {
            node.putNull("weights");
        }
        node.put("status", outcome.status().name());
        outcome.deploymentId().ifPresent(id -> node.put("deploymentId", id));
        outcome.service().ifPresent(s -> node.put("service", s));
        node.put("codeDeploy", outcome.codeDeploy());
        node.put("alreadyFinished", outcome.alreadyFinished());
        return JsonMaps.toMap(node);
    }
}
