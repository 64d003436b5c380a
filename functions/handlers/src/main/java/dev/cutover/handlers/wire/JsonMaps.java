package dev.cutover.handlers.wire;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts between what the Lambda runtime hands over and takes back (plain maps, lists, strings, numbers) and the
 * JSON trees the wire code reads and builds. Reading the trees is {@link dev.cutover.core.field.FieldReader}'s job.
 */
final class JsonMaps {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonMaps() {}

    /** The payload as a tree; null becomes a missing node. */
    static JsonNode tree(Object payload) {
        return payload == null ? JSON.missingNode() : JSON.valueToTree(payload);
    }

    /** A tree as plain maps and lists, what the Lambda runtime serialises back. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode node) {
        return JSON.convertValue(node, Map.class);
    }
}
