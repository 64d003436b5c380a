package dev.cutover.states;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A compiled payload template (Parameters, ItemSelector, ResultSelector): fields whose names end in
 * {@code .$} take their value from a path or an intrinsic function, at any depth; everything else is copied
 * as written. Subtrees without dynamic fields are kept as they are and shared, never rebuilt.
 */
final class PayloadTemplate {

    private final Node root;
    private final boolean usesContext;

    private PayloadTemplate(Node root) {
        this.root = root;
        this.usesContext = root.usesContext();
    }

    /**
     * Compiles a template.
     *
     * @param errors receives one message per bad dynamic field, each starting with the field's path
     */
    static PayloadTemplate compile(JsonNode template, String fieldName, List<String> errors) {
        return new PayloadTemplate(compileNode(template, fieldName, errors));
    }

    boolean usesContext() {
        return usesContext;
    }

    JsonNode apply(JsonNode input, EvalEnv env) throws StatesFailure {
        return root.apply(input, env);
    }

    private static Node compileNode(JsonNode template, String where, List<String> errors) {
        if (template.isObject()) {
            List<Entry> entries = new ArrayList<>();
            boolean dynamic = false;
            for (Map.Entry<String, JsonNode> field : template.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                String fieldPath = where + "." + key;
                if (key.endsWith(".$") && key.length() > 2) {
                    dynamic = true;
                    String outKey = key.substring(0, key.length() - 2);
                    if (!value.isTextual()) {
                        errors.add(fieldPath + ": a field ending in '.$' must hold a path or an intrinsic function,"
                                + " as a string, not " + Json.typeName(value));
                        continue;
                    }
                    String expression = value.textValue();
                    try {
                        if (Intrinsic.looksLikeCall(expression)) {
                            entries.add(new Entry(outKey, new IntrinsicValue(Intrinsic.parse(expression), key)));
                        } else {
                            entries.add(new Entry(outKey, new PathValue(JsonPathExpr.parse(expression), key)));
                        }
                    } catch (IllegalArgumentException e) {
                        errors.add(fieldPath + ": " + e.getMessage());
                    }
                } else {
                    Node child = compileNode(value, fieldPath, errors);
                    dynamic |= !(child instanceof Static);
                    entries.add(new Entry(key, child));
                }
            }
            return dynamic ? new ObjectTemplate(List.copyOf(entries)) : new Static(template);
        }
        if (template.isArray()) {
            List<Node> items = new ArrayList<>();
            boolean dynamic = false;
            int i = 0;
            for (JsonNode item : template) {
                Node child = compileNode(item, where + "[" + i++ + "]", errors);
                dynamic |= !(child instanceof Static);
                items.add(child);
            }
            return dynamic ? new ArrayTemplate(List.copyOf(items)) : new Static(template);
        }
        return new Static(template);
    }

    private sealed interface Node permits Static, ObjectTemplate, ArrayTemplate, PathValue, IntrinsicValue {
        JsonNode apply(JsonNode input, EvalEnv env) throws StatesFailure;

        boolean usesContext();
    }

    private record Entry(String key, Node value) {}

    private record Static(JsonNode value) implements Node {
        @Override
        public JsonNode apply(JsonNode input, EvalEnv env) {
            return value;
        }

        @Override
        public boolean usesContext() {
            return false;
        }
    }

    private record ObjectTemplate(List<Entry> entries) implements Node {
        @Override
        public JsonNode apply(JsonNode input, EvalEnv env) throws StatesFailure {
            ObjectNode out = Json.object();
            for (Entry entry : entries) {
                out.set(entry.key(), entry.value().apply(input, env));
            }
            return out;
        }

        @Override
        public boolean usesContext() {
            return entries.stream().anyMatch(e -> e.value().usesContext());
        }
    }

    private record ArrayTemplate(List<Node> items) implements Node {
        @Override
        public JsonNode apply(JsonNode input, EvalEnv env) throws StatesFailure {
            ArrayNode out = Json.NODES.arrayNode(items.size());
            for (Node item : items) {
                out.add(item.apply(input, env));
            }
            return out;
        }

        @Override
        public boolean usesContext() {
            return items.stream().anyMatch(Node::usesContext);
        }
    }

    private record PathValue(JsonPathExpr path, String field) implements Node {
        @Override
        public JsonNode apply(JsonNode input, EvalEnv env) throws StatesFailure {
            JsonNode value = env.read(path, input);
            if (value == null) {
                JsonNode source = env.sourceOf(path, input);
                throw StatesFailure.runtime("The JSONPath '" + path + "' specified for the field '" + field
                        + "' could not be found in the input '" + Json.write(source) + "'");
            }
            return value;
        }

        @Override
        public boolean usesContext() {
            return path.contextPath;
        }
    }

    private record IntrinsicValue(Intrinsic intrinsic, String field) implements Node {
        @Override
        public JsonNode apply(JsonNode input, EvalEnv env) throws StatesFailure {
            return intrinsic.evaluate(input, env, field);
        }

        @Override
        public boolean usesContext() {
            return intrinsic.usesContext();
        }
    }
}
