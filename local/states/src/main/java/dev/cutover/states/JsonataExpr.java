package dev.cutover.states;

import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One {@code "{% ... %}"} JSONata expression of a JSONata state, parsed once when the machine is compiled and
 * evaluated by com.dashjoin:jsonata with {@code $states} and the execution's variables bound.
 *
 * <p>AWS: "Transforming data with JSONata in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): an expression is a string that
 * starts with {@code {%} and ends with {@code %}}; {@code $states.input}, {@code $states.result},
 * {@code $states.errorOutput} and {@code $states.context} are the reserved variable; a failing expression is
 * {@code States.QueryEvaluationError}.
 */
final class JsonataExpr {

    final String source;
    /** Parsed once and never evaluated itself: each evaluation runs on a copy (see {@link Evaluations}). */
    private final Jsonata compiled;

    private JsonataExpr(String source, Jsonata compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /** True for a string value that is a JSONata expression: {@code "{% ... %}"}. */
    static boolean isExpression(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return false;
        }
        String text = value.textValue();
        return text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
    }

    /** Parses {@code "{% body %}"}; the message of the exception says what is wrong. */
    static JsonataExpr parse(String text) {
        String body = text.substring(2, text.length() - 2).trim();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the JSONata expression " + text + " is empty");
        }
        if (body.startsWith("$") && (body.length() == 1 || !JsonPathExpr.isNameStart(body.codePointAt(1)))) {
            // AWS: "Transforming data with JSONata in Step Functions": an expression has no implicit input, so
            // $ and $$ cannot start it; the state's input is $states.input and the context $states.context
            throw new IllegalArgumentException("the JSONata expression " + text + " starts with "
                    + (body.startsWith("$$") ? "$$" : "$") + ", which Step Functions does not allow at the top level"
                    + " of an expression: read the input as $states.input and the context as $states.context");
        }
        try {
            return new JsonataExpr(text, Jsonata.jsonata(body));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSONata expression " + text + ": " + e.getMessage());
        }
    }

    /**
     * Evaluates the expression. The expression has no implicit input ({@code $}): states read their input from
     * {@code $states.input}.
     *
     * @param field where the expression sits, for the cause of a failure (e.g. {@code Arguments.title})
     */
    JsonNode evaluate(JsonataScope scope, String field) throws StatesFailure {
        Object result;
        try {
            Jsonata evaluation = Evaluations.of(compiled, source);
            Jsonata.Frame frame = evaluation.createFrame();
            frame.bind("states", scope.states());
            StepFunctionsFunctions.bind(frame, scope.env());
            for (Map.Entry<String, JsonNode> variable : scope.variables().entrySet()) {
                frame.bind(variable.getKey(), toJava(variable.getValue()));
            }
            result = evaluation.evaluate(null, frame);
        } catch (RuntimeException | StackOverflowError e) {
            throw failed(
                    scope,
                    field,
                    "The JSONata expression '" + source + "' specified for the field '" + field + "' threw an error: "
                            + e.getMessage());
        }
        if (result == null) {
            throw failed(
                    scope,
                    field,
                    "The JSONata expression '" + source + "' specified for the field '" + field
                            + "' returned nothing (undefined).");
        }
        JsonNode value = toJson(result);
        if (value == null) {
            throw failed(
                    scope,
                    field,
                    "The JSONata expression '" + source + "' specified for the field '" + field
                            + "' returned a value that is not JSON (a function?).");
        }
        return value;
    }

    /**
     * A States.QueryEvaluationError, recorded first as an {@code EvaluationFailed} event (error, cause, location:
     * the field, state: the state's name). AWS: Step Functions API Reference, "EvaluationFailedEventDetails"
     * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_EvaluationFailedEventDetails.html).
     */
    static StatesFailure failed(JsonataScope scope, String field, String cause) {
        return failed(scope.env() == null ? null : scope.env().stateRun(), field, cause);
    }

    /** A States.QueryEvaluationError of {@code run}'s state, recorded as an {@code EvaluationFailed} event. */
    static StatesFailure failed(StateRun run, String field, String cause) {
        StatesFailure failure = new StatesFailure(StatesFailure.QUERY_EVALUATION_ERROR, cause);
        if (run != null) {
            run.scope.emit(
                    "EvaluationFailed",
                    Run.errorFields(failure.error(), failure.cause())
                            .put("location", field)
                            .put("state", run.state.name));
        }
        return failure;
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * A fresh evaluation of a parsed expression. com.dashjoin:jsonata 0.9.8 keeps the frame of its last evaluation
     * as the parent of the next one's ({@code Jsonata._evaluate} stores it in {@code environment}), so evaluating
     * one {@code Jsonata} object again and again grows a chain of frames without end: every frame and what it
     * binds ($states, the variables) stays reachable, each lookup of a built-in function such as {@code $merge}
     * walks the whole chain, and after some thousands of evaluations the recursive lookup overflows the stack.
     * Each evaluation therefore runs on a copy that shares the parsed expression and starts from its pristine root
     * frame (the library's own copy constructor, package-private, reached by reflection); where that is not
     * allowed, the expression is parsed again, which is slower but as correct. No lock is needed either way.
     */
    private static final class Evaluations {

        private static final Constructor<Jsonata> COPY = copyConstructor();

        private Evaluations() {}

        private static Constructor<Jsonata> copyConstructor() {
            try {
                Constructor<Jsonata> copy = Jsonata.class.getDeclaredConstructor(Jsonata.class);
                copy.setAccessible(true);
                return copy;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static Jsonata of(Jsonata pristine, String source) {
            if (COPY != null) {
                try {
                    return COPY.newInstance(pristine);
                } catch (ReflectiveOperationException e) {
                    // parse it again below
                }
            }
            return Jsonata.jsonata(source.substring(2, source.length() - 2).trim());
        }
    }

    /** Jackson tree to the plain Java values the JSONata library works on (JSON null is its NULL_VALUE). */
    static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element));
                }
                return list;
            }
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.isIntegralNumber() && node.canConvertToLong()
                        ? (Object) node.longValue()
                        : node.doubleValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return Jsonata.NULL_VALUE;
        }
    }

    /** An int node when the value fits, as Jackson parses JSON, so outputs compare equal to parsed JSON. */
    private static JsonNode integral(long value) {
        return value == (int) value ? Json.NODES.numberNode((int) value) : Json.NODES.numberNode(value);
    }

    /** Back to a Jackson tree; null for a value JSON cannot hold. */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (value instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return integral(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return Json.NODES.numberNode(big);
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return integral((long) d);
            }
            return value instanceof BigDecimal bd ? Json.NODES.numberNode(bd) : Json.NODES.numberNode(d);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = Json.object();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null) {
                    continue; // undefined fields vanish, as in JSONata's own JSON output
                }
                JsonNode converted = toJson(e.getValue());
                if (converted == null) {
                    return null;
                }
                object.set(String.valueOf(e.getKey()), converted);
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = Json.NODES.arrayNode();
            for (Object element : list) {
                JsonNode converted = toJson(element);
                if (converted == null) {
                    return null;
                }
                array.add(converted);
            }
            return array;
        }
        return null;
    }
}
