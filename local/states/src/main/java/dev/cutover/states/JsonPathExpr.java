package dev.cutover.states;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * A JSONPath compiled once at definition time.
 *
 * <p>Reference paths ({@code $.a.b}, {@code $['a b'][0]}) — by far the most common — are walked directly on
 * the Jackson tree. Anything else (wildcards, filters, slices, deep scan, functions) is handed to Jayway
 * JsonPath, the implementation Step Functions' own JSONPath behaviour follows. A path that starts with
 * {@code $$} reads the Context object instead of the input.
 */
abstract sealed class JsonPathExpr permits JsonPathExpr.Reference, JsonPathExpr.Jayway {

    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();

    final String text;
    final boolean contextPath;
    /**
     * The variable a {@code $name...} path reads ({@code $name}, {@code $name.field}, {@code $name[0]}); null for
     * a path on the input or the Context object. AWS: "Passing data between states with variables"
     * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html): JSONPath fields reference a
     * variable by its name after {@code $}.
     */
    final String variable;

    private JsonPathExpr(String text, boolean contextPath, String variable) {
        this.text = text;
        this.contextPath = contextPath;
        this.variable = variable;
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException with the reason, when the text is not a JSONPath
     */
    static JsonPathExpr parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a JSONPath: a path starts with '$'");
        }
        boolean context = text.startsWith("$$");
        String variable = variableName(text);
        String local =
                context ? text.substring(1) : variable != null ? "$" + text.substring(1 + variable.length()) : text;
        List<Object> segments = referenceSegments(local);
        if (segments != null) {
            return new Reference(text, context, variable, segments.toArray());
        }
        try {
            return new Jayway(text, context, variable, JsonPath.compile(local));
        } catch (RuntimeException e) {
            // Jayway reports some malformed paths ("$..[") by wrapping, or throwing, a JDK exception such as
            // StringIndexOutOfBoundsException: its text names a Java type, not the user's mistake
            boolean ownWords = e instanceof InvalidPathException && e.getCause() == null && e.getMessage() != null;
            throw new IllegalArgumentException("'" + text + "' is not a valid JSONPath: "
                    + (ownWords
                            ? e.getMessage()
                            : "it ends early or is malformed (check its brackets, quotes and dots)"));
        }
    }

    /**
     * The variable name of a {@code $name...} path, or null. A name starts with a letter or {@code _} (Unicode
     * ID_Start) and goes on with letters, digits and {@code _} (ID_Continue), up to the first {@code .} or
     * {@code [}.
     */
    static String variableName(String text) {
        if (text.length() < 2 || !isNameStart(text.codePointAt(1))) {
            return null;
        }
        int end = 1 + Character.charCount(text.codePointAt(1));
        while (end < text.length()) {
            int c = text.codePointAt(end);
            if (!isNamePart(c)) {
                break;
            }
            end += Character.charCount(c);
        }
        return text.substring(1, end);
    }

    static boolean isNameStart(int c) {
        return c == '_' || Character.isUnicodeIdentifierStart(c);
    }

    static boolean isNamePart(int c) {
        return c != '$' && Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
    }

    /** Parses a path that must name exactly one node (ResultPath and the like). */
    static Reference parseReference(String text) {
        JsonPathExpr path = parse(text);
        if (path instanceof Reference reference) {
            return reference;
        }
        throw new IllegalArgumentException("'" + text
                + "' is not a reference path: only $, .field, ['field'] and [index] are allowed here"
                + " (no wildcards, filters, slices or deep scan)");
    }

    /** The value at this path in the input (or the Context object for a {@code $$} path); null when absent. */
    final JsonNode read(JsonNode input, JsonNode context) {
        JsonNode root = contextPath ? context : input;
        if (root == null) {
            return null;
        }
        return readFrom(root);
    }

    abstract JsonNode readFrom(JsonNode root);

    @Override
    public String toString() {
        return text;
    }

    /** Segments of a reference path (String field names, Integer indexes), or null if it is not one. */
    private static List<Object> referenceSegments(String path) {
        List<Object> segments = new ArrayList<>();
        int i = 1;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    char f = path.charAt(i);
                    if ("*?@()'\", :".indexOf(f) >= 0) {
                        return null;
                    }
                    i++;
                }
                if (i == start) {
                    return null;
                }
                segments.add(path.substring(start, i));
            } else if (c == '[') {
                if (i + 1 >= n) {
                    return null;
                }
                char q = path.charAt(i + 1);
                if (q == '\'' || q == '"') {
                    int close = path.indexOf(q, i + 2);
                    if (close < 0 || close + 1 >= n || path.charAt(close + 1) != ']') {
                        return null;
                    }
                    String name = path.substring(i + 2, close);
                    if (name.indexOf('\\') >= 0) {
                        return null;
                    }
                    segments.add(name);
                    i = close + 2;
                } else {
                    int close = path.indexOf(']', i);
                    if (close < 0) {
                        return null;
                    }
                    String digits = path.substring(i + 1, close);
                    if (digits.isEmpty()
                            || digits.length() > 9
                            || !digits.chars().allMatch(Character::isDigit)) {
                        return null;
                    }
                    segments.add(Integer.valueOf(digits));
                    i = close + 1;
                }
            } else {
                return null;
            }
        }
        return segments;
    }

    /** A path naming at most one node, evaluated by walking the tree. */
    static final class Reference extends JsonPathExpr {
        private final Object[] segments;

        private Reference(String text, boolean contextPath, String variable, Object[] segments) {
            super(text, contextPath, variable);
            this.segments = segments;
        }

        boolean isRoot() {
            return segments.length == 0 && variable == null;
        }

        @Override
        JsonNode readFrom(JsonNode root) {
            JsonNode node = root;
            for (Object segment : segments) {
                if (segment instanceof String name) {
                    if (!node.isObject()) {
                        return null;
                    }
                    node = node.get(name);
                } else {
                    if (!node.isArray()) {
                        return null;
                    }
                    node = node.get((Integer) segment);
                }
                if (node == null) {
                    return null;
                }
            }
            return node;
        }

        /**
         * A copy of {@code root} with {@code value} placed at this path, creating missing objects on the way.
         * Only the objects along the path are copied; everything else is shared.
         *
         * @throws IllegalArgumentException when the path runs through a value that is not an object (or an
         *     array, for an index)
         */
        JsonNode write(JsonNode root, JsonNode value) {
            return writeAt(root, 0, value);
        }

        private JsonNode writeAt(JsonNode node, int i, JsonNode value) {
            if (i == segments.length) {
                return value;
            }
            Object segment = segments[i];
            if (segment instanceof String name) {
                ObjectNode copy = Json.object();
                if (node != null && !node.isNull()) {
                    if (!node.isObject()) {
                        throw new IllegalArgumentException("the value at " + prefix(i) + " is " + Json.typeName(node)
                                + ", not an object, so field '" + name + "' cannot be set");
                    }
                    copy.setAll((ObjectNode) node);
                }
                copy.set(name, writeAt(copy.get(name), i + 1, value));
                return copy;
            }
            int index = (Integer) segment;
            if (node == null || !node.isArray() || index >= node.size()) {
                throw new IllegalArgumentException("the value at " + prefix(i) + " is "
                        + (node != null && node.isArray()
                                ? "an array of " + node.size() + " items"
                                : Json.typeName(node))
                        + ", so index " + index + " cannot be set");
            }
            ArrayNode copy = Json.NODES.arrayNode(node.size());
            copy.addAll((ArrayNode) node);
            copy.set(index, writeAt(node.get(index), i + 1, value));
            return copy;
        }

        private String prefix(int count) {
            StringBuilder sb = new StringBuilder(contextPath ? "$$" : "$");
            for (int i = 0; i < count; i++) {
                Object s = segments[i];
                if (s instanceof String name) {
                    sb.append('.').append(name);
                } else {
                    sb.append('[').append(s).append(']');
                }
            }
            return sb.toString();
        }
    }

    /** Any other JSONPath, evaluated by Jayway JsonPath on the Jackson tree. */
    static final class Jayway extends JsonPathExpr {
        private final JsonPath compiled;

        private Jayway(String text, boolean contextPath, String variable, JsonPath compiled) {
            super(text, contextPath, variable);
            this.compiled = compiled;
        }

        @Override
        JsonNode readFrom(JsonNode root) {
            try {
                Object result = compiled.read(root, JAYWAY);
                if (result == null) {
                    return Json.NODES.nullNode();
                }
                return result instanceof JsonNode node ? node : Json.MAPPER.valueToTree(result);
            } catch (PathNotFoundException e) {
                return null;
            }
        }
    }
}
