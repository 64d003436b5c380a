package dev.cutover.states;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSONata state's field value (Arguments, Output, Assign, Items, ItemSelector, Error, ...): any JSON, in which
 * every string that is a {@code "{% ... %}"} expression, at any depth, is replaced by the expression's value.
 * A value without expressions is returned as it is, without copying.
 *
 * <p>AWS: "Transforming data with JSONata in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 */
abstract class JsonataTemplate {

    /** Compiles {@code node}; problems go to {@code messages} as "field: message". */
    static JsonataTemplate compile(JsonNode node, String field, List<String> messages) {
        if (JsonataExpr.isExpression(node)) {
            try {
                return new Expression(JsonataExpr.parse(node.textValue()), field);
            } catch (IllegalArgumentException e) {
                messages.add(field + ": " + e.getMessage());
                return new Constant(node);
            }
        }
        if (node.isObject()) {
            Map<String, JsonataTemplate> fields = new LinkedHashMap<>();
            boolean dynamic = false;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonataTemplate t = compile(e.getValue(), field + "." + e.getKey(), messages);
                fields.put(e.getKey(), t);
                dynamic |= !(t instanceof Constant);
            }
            return dynamic ? new ObjectTemplate(fields) : new Constant(node);
        }
        if (node.isArray()) {
            List<JsonataTemplate> elements = new ArrayList<>();
            boolean dynamic = false;
            for (int i = 0; i < node.size(); i++) {
                JsonataTemplate t = compile(node.get(i), field + "[" + i + "]", messages);
                elements.add(t);
                dynamic |= !(t instanceof Constant);
            }
            return dynamic ? new ArrayTemplate(elements) : new Constant(node);
        }
        return new Constant(node);
    }

    abstract JsonNode apply(JsonataScope scope) throws StatesFailure;

    private static final class Constant extends JsonataTemplate {
        private final JsonNode value;

        Constant(JsonNode value) {
            this.value = value;
        }

        @Override
        JsonNode apply(JsonataScope scope) {
            return value;
        }
    }

    private static final class Expression extends JsonataTemplate {
        private final JsonataExpr expression;
        private final String field;

        Expression(JsonataExpr expression, String field) {
            this.expression = expression;
            this.field = field;
        }

        @Override
        JsonNode apply(JsonataScope scope) throws StatesFailure {
            return expression.evaluate(scope, field);
        }
    }

    private static final class ObjectTemplate extends JsonataTemplate {
        private final Map<String, JsonataTemplate> fields;

        ObjectTemplate(Map<String, JsonataTemplate> fields) {
            this.fields = fields;
        }

        @Override
        JsonNode apply(JsonataScope scope) throws StatesFailure {
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonataTemplate> e : fields.entrySet()) {
                out.set(e.getKey(), e.getValue().apply(scope));
            }
            return out;
        }
    }

    private static final class ArrayTemplate extends JsonataTemplate {
        private final List<JsonataTemplate> elements;

        ArrayTemplate(List<JsonataTemplate> elements) {
            this.elements = elements;
        }

        @Override
        JsonNode apply(JsonataScope scope) throws StatesFailure {
            ArrayNode out = Json.NODES.arrayNode();
            for (JsonataTemplate t : elements) {
                out.add(t.apply(scope));
            }
            return out;
        }
    }
}
