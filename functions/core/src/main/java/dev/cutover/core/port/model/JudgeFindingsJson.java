package dev.cutover.core.port.model;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a stage's {@link JudgeFinding findings}: what stores without a native list type keep (a Postgres
 * JSONB column, a DynamoDB string attribute) and what the handlers' wire JSON shows. An absent value is null.
 */
public final class JudgeFindingsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JudgeFindingsJson() {}

    /** The findings as a JSON array node, in order. */
    public static ArrayNode toNode(List<JudgeFinding> findings) {
        ArrayNode array = MAPPER.createArrayNode();
        for (JudgeFinding f : findings) {
            ObjectNode node = array.addObject();
            node.put("metric", f.metric());
            node.put("test", f.test());
            putValue(node, "blueValue", f.blueValue());
            putValue(node, "greenValue", f.greenValue());
            node.put("effect", f.effect());
            node.put("confidence", f.confidence());
            node.put("neededConfidence", f.neededConfidence());
            node.put("greenSamples", f.greenSamples());
            node.put("blueSamples", f.blueSamples());
            node.put("direction", f.direction().name());
            node.put("outcome", f.outcome().name());
            node.put("text", f.text());
        }
        return array;
    }

    /** The findings as JSON text, {@code []} for none. */
    public static String toJson(List<JudgeFinding> findings) {
        return toNode(findings).toString();
    }

    /**
     * The findings in {@code json}; null or blank text is no findings.
     *
     * @throws IllegalArgumentException when the text is not the array {@link #toJson} writes
     */
    public static List<JudgeFinding> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return fromNode(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stage findings are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The findings in a JSON array node, as {@link #toNode} writes it. */
    public static List<JudgeFinding> fromNode(JsonNode array) {
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("stage findings must be a JSON array, were " + array.getNodeType());
        }
        List<JudgeFinding> findings = new ArrayList<>();
        for (JsonNode node : array) {
            findings.add(new JudgeFinding(
                    text(node, "metric"),
                    text(node, "test"),
                    value(node, "blueValue"),
                    value(node, "greenValue"),
                    node.path("effect").asDouble(),
                    node.path("confidence").asDouble(),
                    node.path("neededConfidence").asDouble(),
                    node.path("greenSamples").asLong(),
                    node.path("blueSamples").asLong(),
                    JudgeFinding.Direction.valueOf(text(node, "direction")),
                    JudgeFinding.Outcome.valueOf(text(node, "outcome")),
                    text(node, "text")));
        }
        return List.copyOf(findings);
    }

    private static void putValue(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(field, value.getAsDouble());
        } else {
            node.putNull(field);
        }
    }

    private static OptionalDouble value(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("a stage finding has no text field '" + field + "'");
        }
        return value.asText();
    }
}
