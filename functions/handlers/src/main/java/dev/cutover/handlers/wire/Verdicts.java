package dev.cutover.handlers.wire;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.GateResult;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.workflow.task.JudgeHealth;

/** A health verdict as JudgeHealth returns it into {@code $.verdict}, numbers included. */
public final class Verdicts {

    private Verdicts() {}

    /**
     * A judgement for {@code $.verdict}: its verdict, the bake extensions the stage had, and
     * {@code extendBakeSeconds} when it asks for another (the ExtendBake state waits that long).
     */
    public static Map<String, Object> toMap(JudgeHealth.Judgement judgement) {
        ObjectNode node = node(judgement.verdict());
        node.put("extensions", judgement.extensions());
        judgement.extendBy().ifPresent(d -> node.put("extendBakeSeconds", d.toSeconds()));
        return JsonMaps.toMap(node);
    }

    public static Map<String, Object> toMap(HealthVerdict verdict) {
        return JsonMaps.toMap(node(verdict));
    }

    private static ObjectNode node(HealthVerdict verdict) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("status", verdict.status().name());
        node.put("summary", verdict.summary());
        ArrayNode gates = node.putArray("gates");
        for (GateResult g : verdict.gates()) {
            ObjectNode gate = gates.addObject();
            gate.put("metric", g.metric().name());
            g.percentile().ifPresent(p -> gate.put("percentile", p));
            g.greenValue().ifPresentOrElse(v -> gate.put("green", v), () -> gate.putNull("green"));
            g.blueValue().ifPresentOrElse(v -> gate.put("blue", v), () -> gate.putNull("blue"));
            gate.put("greenRequests", g.greenRequests());
            gate.put("blueRequests", g.blueRequests());
            gate.put("threshold", g.threshold());
            g.maxIncrease().ifPresent(m -> gate.put("maxIncreaseOverBlue", m));
            gate.put("status", g.status().name());
            gate.put("reason", g.reason());
        }
        verdict.alarmsInAlarm().forEach(node.putArray("alarmsInAlarm")::add);
        verdict.alarmsMissing().forEach(node.putArray("alarmsMissing")::add);
        return node;
    }
}
