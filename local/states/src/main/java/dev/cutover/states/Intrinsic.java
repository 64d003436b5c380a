package dev.cutover.states;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An intrinsic function call ({@code States.Format('{} items', States.ArrayLength($.items))}), parsed once
 * when the definition is compiled and evaluated against each input.
 *
 * <p>Arguments are string literals in single quotes (with the escapes {@code \'}, {@code \{}, {@code \}} and
 * {@code \\}), numbers, {@code true}, {@code false}, {@code null}, paths ({@code $.x}, {@code $$.x}) and
 * nested calls. A failure while evaluating raises {@code States.IntrinsicFailure}; a path argument that
 * names nothing raises {@code States.Runtime}, as a missing path anywhere else does.
 */
final class Intrinsic {

    private static final int MAX_ARRAY_RANGE = 1000;
    private static final int MAX_ENCODED_LENGTH = 10_000;
    private static final Map<String, String> HASH_ALGORITHMS =
            Map.of("MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    /** Each function's allowed argument count: {min, max} (max -1 = unbounded). */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, -1}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, -1}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    private final String text;
    private final Call call;

    private Intrinsic(String text, Call call) {
        this.text = text;
        this.call = call;
    }

    /** True when a payload-template value should be read as an intrinsic function rather than a path. */
    static boolean looksLikeCall(String value) {
        return value.startsWith("States.");
    }

    /**
     * Parses an intrinsic function call.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    static Intrinsic parse(String text) {
        Parser parser = new Parser(text);
        Call call = parser.call();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the closing parenthesis");
        }
        return new Intrinsic(text, call);
    }

    boolean usesContext() {
        return call.usesContext();
    }

    /**
     * Evaluates the call.
     *
     * @param field the payload field being computed, for messages ({@code "greeting.$"})
     */
    JsonNode evaluate(JsonNode input, EvalEnv env, String field) throws StatesFailure {
        return call.eval(input, env, field);
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- the parsed form ----

    private sealed interface Arg permits Literal, StringLiteral, PathArg, Call {
        JsonNode eval(JsonNode input, EvalEnv env, String field) throws StatesFailure;

        default boolean usesContext() {
            return false;
        }
    }

    private record Literal(JsonNode value) implements Arg {
        @Override
        public JsonNode eval(JsonNode input, EvalEnv env, String field) {
            return value;
        }
    }

    /** A quoted string; {@code parts} are its pieces around unescaped {@code {}} (for States.Format). */
    private record StringLiteral(JsonNode value, List<String> parts) implements Arg {
        @Override
        public JsonNode eval(JsonNode input, EvalEnv env, String field) {
            return value;
        }
    }

    private record PathArg(JsonPathExpr path) implements Arg {
        @Override
        public JsonNode eval(JsonNode input, EvalEnv env, String field) throws StatesFailure {
            JsonNode value = env.read(path, input);
            if (value == null) {
                throw StatesFailure.runtime("The JsonPath argument for the field '" + field + "' could not find the"
                        + " path '" + path + "' in the input '" + Json.write(env.sourceOf(path, input))
                        + "'");
            }
            return value;
        }

        @Override
        public boolean usesContext() {
            return path.contextPath;
        }
    }

    private record Call(String name, List<Arg> args) implements Arg {
        @Override
        public boolean usesContext() {
            return args.stream().anyMatch(Arg::usesContext);
        }

        @Override
        public JsonNode eval(JsonNode input, EvalEnv env, String field) throws StatesFailure {
            if (name.equals("States.Format")) {
                return format(input, env, field);
            }
            JsonNode[] v = new JsonNode[args.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = args.get(i).eval(input, env, field);
            }
            return switch (name) {
                case "States.StringToJson" -> stringToJson(v[0]);
                case "States.JsonToString" -> Json.NODES.textNode(Json.write(v[0]));
                case "States.Array" -> {
                    ArrayNode array = Json.NODES.arrayNode(v.length);
                    for (JsonNode item : v) {
                        array.add(item);
                    }
                    yield array;
                }
                case "States.ArrayPartition" -> arrayPartition(v[0], v[1]);
                case "States.ArrayContains" -> {
                    ArrayNode array = array(v[0], 1);
                    boolean found = false;
                    for (JsonNode item : array) {
                        if (item.equals(v[1])) {
                            found = true;
                            break;
                        }
                    }
                    yield Json.NODES.booleanNode(found);
                }
                case "States.ArrayRange" -> arrayRange(v[0], v[1], v[2]);
                case "States.ArrayGetItem" -> {
                    ArrayNode array = array(v[0], 1);
                    long index = integer(v[1], 2);
                    if (index < 0 || index >= array.size()) {
                        throw fail("index " + index + " is out of bounds for an array of " + array.size() + " items");
                    }
                    yield array.get((int) index);
                }
                case "States.ArrayLength" ->
                    Json.NODES.numberNode(array(v[0], 1).size());
                case "States.ArrayUnique" -> {
                    ArrayNode out = Json.NODES.arrayNode();
                    Set<JsonNode> seen = new HashSet<>();
                    for (JsonNode item : array(v[0], 1)) {
                        if (seen.add(item)) {
                            out.add(item);
                        }
                    }
                    yield out;
                }
                case "States.Base64Encode" -> {
                    String s = string(v[0], 1);
                    if (s.length() > MAX_ENCODED_LENGTH) {
                        throw fail("the input is " + s.length() + " characters; at most " + MAX_ENCODED_LENGTH
                                + " are allowed");
                    }
                    yield Json.NODES.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
                }
                case "States.Base64Decode" -> {
                    String s = string(v[0], 1);
                    if (s.length() > MAX_ENCODED_LENGTH) {
                        throw fail("the input is " + s.length() + " characters; at most " + MAX_ENCODED_LENGTH
                                + " are allowed");
                    }
                    try {
                        yield Json.NODES.textNode(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw fail("the input is not valid Base64: " + e.getMessage());
                    }
                }
                case "States.Hash" -> hash(v[0], v[1]);
                case "States.JsonMerge" -> jsonMerge(v[0], v[1], v[2]);
                case "States.MathRandom" -> mathRandom(v, env);
                case "States.MathAdd" -> {
                    long sum = rounded(v[0], 1) + rounded(v[1], 2);
                    yield Json.number(sum);
                }
                case "States.StringSplit" -> stringSplit(v[0], v[1]);
                case "States.UUID" -> {
                    byte[] bytes = new byte[16];
                    env.random().nextBytes(bytes);
                    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
                    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
                    long msb = 0;
                    long lsb = 0;
                    for (int i = 0; i < 8; i++) {
                        msb = (msb << 8) | (bytes[i] & 0xff);
                        lsb = (lsb << 8) | (bytes[8 + i] & 0xff);
                    }
                    yield Json.NODES.textNode(new UUID(msb, lsb).toString());
                }
                default -> throw new IllegalStateException("unknown intrinsic " + name);
            };
        }

        private JsonNode format(JsonNode input, EvalEnv env, String field) throws StatesFailure {
            Arg templateArg = args.get(0);
            List<String> parts;
            if (templateArg instanceof StringLiteral literal) {
                parts = literal.parts();
            } else {
                JsonNode template = templateArg.eval(input, env, field);
                if (!template.isTextual()) {
                    throw fail("the template (argument 1) must be a string, not " + Json.typeName(template));
                }
                parts = splitPlaceholders(template.textValue());
            }
            int placeholders = parts.size() - 1;
            if (placeholders != args.size() - 1) {
                throw fail("the template has " + placeholders + " placeholder(s) {} but " + (args.size() - 1)
                        + " value(s) follow it");
            }
            StringBuilder out = new StringBuilder(parts.get(0));
            for (int i = 1; i < args.size(); i++) {
                JsonNode value = args.get(i).eval(input, env, field);
                if (value.isTextual()) {
                    out.append(value.textValue());
                } else if (value.isNumber() || value.isBoolean() || value.isNull()) {
                    out.append(Json.write(value));
                } else {
                    throw fail("argument " + (i + 1) + " is " + Json.typeName(value)
                            + "; only strings, numbers, booleans and null can be formatted");
                }
                out.append(parts.get(i));
            }
            return Json.NODES.textNode(out.toString());
        }

        private JsonNode stringToJson(JsonNode value) throws StatesFailure {
            String s = string(value, 1);
            try {
                return Json.parse(s);
            } catch (JsonProcessingException e) {
                throw fail("the string is not valid JSON: " + e.getOriginalMessage());
            }
        }

        private JsonNode arrayPartition(JsonNode arrayValue, JsonNode sizeValue) throws StatesFailure {
            ArrayNode array = array(arrayValue, 1);
            long size = integer(sizeValue, 2);
            if (size <= 0) {
                throw fail("the chunk size must be a positive integer, not " + size);
            }
            ArrayNode out = Json.NODES.arrayNode();
            ArrayNode chunk = null;
            for (JsonNode item : array) {
                if (chunk == null || chunk.size() == size) {
                    chunk = out.addArray();
                }
                chunk.add(item);
            }
            return out;
        }

        private JsonNode arrayRange(JsonNode startValue, JsonNode endValue, JsonNode stepValue) throws StatesFailure {
            long start = integer(startValue, 1);
            long end = integer(endValue, 2);
            long step = integer(stepValue, 3);
            if (step == 0) {
                throw fail("the step (argument 3) must not be 0");
            }
            long count = (end - start) / step + 1;
            if (count < 0 || (end - start) != 0 && Long.signum(end - start) != Long.signum(step)) {
                count = 0;
            }
            if (count > MAX_ARRAY_RANGE) {
                throw fail("the range would have " + count + " items; at most " + MAX_ARRAY_RANGE + " are allowed");
            }
            ArrayNode out = Json.NODES.arrayNode((int) count);
            for (long i = 0, value = start; i < count; i++, value += step) {
                out.add(Json.number(value));
            }
            return out;
        }

        private JsonNode hash(JsonNode data, JsonNode algorithmValue) throws StatesFailure {
            String algorithm = string(algorithmValue, 2);
            String jca = HASH_ALGORITHMS.get(algorithm);
            if (jca == null) {
                throw fail("the algorithm '" + algorithm + "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
            }
            String s = data.isTextual() ? data.textValue() : Json.write(data);
            if (s.length() > MAX_ENCODED_LENGTH) {
                throw fail(
                        "the input is " + s.length() + " characters; at most " + MAX_ENCODED_LENGTH + " are allowed");
            }
            try {
                byte[] digest = MessageDigest.getInstance(jca).digest(s.getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder(digest.length * 2);
                for (byte b : digest) {
                    hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
                return Json.NODES.textNode(hex.toString());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM lacks " + jca, e);
            }
        }

        private JsonNode jsonMerge(JsonNode left, JsonNode right, JsonNode deep) throws StatesFailure {
            if (!left.isObject()) {
                throw fail("argument 1 must be a JSON object, not " + Json.typeName(left));
            }
            if (!right.isObject()) {
                throw fail("argument 2 must be a JSON object, not " + Json.typeName(right));
            }
            if (!deep.isBoolean()) {
                throw fail("argument 3 (deep merge) must be a boolean, not " + Json.typeName(deep));
            }
            if (deep.booleanValue()) {
                throw fail("only a shallow merge is supported: argument 3 must be false");
            }
            ObjectNode out = Json.object();
            out.setAll((ObjectNode) left);
            out.setAll((ObjectNode) right);
            return out;
        }

        private JsonNode mathRandom(JsonNode[] v, EvalEnv env) throws StatesFailure {
            long start = rounded(v[0], 1);
            long end = rounded(v[1], 2);
            if (end <= start) {
                throw fail("the end (" + end + ") must be greater than the start (" + start + ")");
            }
            java.util.Random random = v.length == 3 ? new java.util.Random(rounded(v[2], 3)) : env.random();
            long span = end - start;
            long offset =
                    span <= Integer.MAX_VALUE ? random.nextInt((int) span) : Math.floorMod(random.nextLong(), span);
            return Json.number(start + offset);
        }

        private JsonNode stringSplit(JsonNode value, JsonNode delimiters) throws StatesFailure {
            String s = string(value, 1);
            String d = string(delimiters, 2);
            ArrayNode out = Json.NODES.arrayNode();
            int tokenStart = 0;
            for (int i = 0; i <= s.length(); i++) {
                if (i == s.length() || d.indexOf(s.charAt(i)) >= 0) {
                    if (i > tokenStart) {
                        out.add(s.substring(tokenStart, i));
                    }
                    tokenStart = i + 1;
                }
            }
            return out;
        }

        private ArrayNode array(JsonNode value, int position) throws StatesFailure {
            if (!value.isArray()) {
                throw fail("argument " + position + " must be an array, not " + Json.typeName(value));
            }
            return (ArrayNode) value;
        }

        private String string(JsonNode value, int position) throws StatesFailure {
            if (!value.isTextual()) {
                throw fail("argument " + position + " must be a string, not " + Json.typeName(value));
            }
            return value.textValue();
        }

        private long integer(JsonNode value, int position) throws StatesFailure {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            if (value.isNumber()
                    && value.doubleValue() == Math.rint(value.doubleValue())
                    && Math.abs(value.doubleValue()) < 9.0e15) {
                return (long) value.doubleValue();
            }
            throw fail("argument " + position + " must be an integer, not "
                    + (value.isNumber() ? value.asText() : Json.typeName(value)));
        }

        /** A number rounded to the nearest integer, as States.MathAdd and States.MathRandom accept. */
        private long rounded(JsonNode value, int position) throws StatesFailure {
            if (!value.isNumber()) {
                throw fail("argument " + position + " must be a number, not " + Json.typeName(value));
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            return Math.round(value.doubleValue());
        }

        private StatesFailure fail(String message) {
            return StatesFailure.intrinsic("Invalid arguments in " + name + ": " + message);
        }
    }

    private static List<String> splitPlaceholders(String template) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = template.indexOf("{}", from)) >= 0) {
            parts.add(template.substring(from, at));
            from = at + 2;
        }
        parts.add(template.substring(from));
        return parts;
    }

    // ---- parsing ----

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Call call() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String name = text.substring(start, pos);
            int[] arity = ARITY.get(name);
            if (arity == null) {
                throw errorAt(
                        start,
                        "'" + name + "' is not an intrinsic function (known: "
                                + String.join(
                                        ", ", ARITY.keySet().stream().sorted().toList()) + ")");
            }
            skipSpace();
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipSpace();
            if (peek() == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(arg());
                    skipSpace();
                    char c = peek();
                    if (c == ',') {
                        pos++;
                    } else if (c == ')') {
                        pos++;
                        break;
                    } else {
                        throw error("expected ',' or ')' after an argument of " + name);
                    }
                }
            }
            if (args.size() < arity[0] || arity[1] >= 0 && args.size() > arity[1]) {
                String expected = arity[1] < 0
                        ? "at least " + arity[0]
                        : arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
                throw errorAt(start, name + " takes " + expected + " argument(s), not " + args.size());
            }
            if (name.equals("States.JsonMerge")
                    && args.get(2) instanceof Literal literal
                    && literal.value().isBoolean()
                    && literal.value().booleanValue()) {
                throw errorAt(
                        start, "States.JsonMerge supports only a shallow merge: its third argument must be false");
            }
            return new Call(name, List.copyOf(args));
        }

        private Arg arg() {
            skipSpace();
            char c = peek();
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (c == '-' || Character.isDigit(c)) {
                return number();
            }
            if (text.startsWith("States.", pos)) {
                return call();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return new Literal(
                            word.equals("null") ? Json.NODES.nullNode() : Json.NODES.booleanNode(word.equals("true")));
                }
            }
            throw error("expected a string in single quotes, a number, true, false, null, a path or a call");
        }

        private Arg string() {
            int start = pos;
            pos++;
            StringBuilder value = new StringBuilder();
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw errorAt(start, "the string is not closed with '");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    break;
                }
                if (c == '\\') {
                    if (pos >= text.length() || "'{}\\".indexOf(text.charAt(pos)) < 0) {
                        throw errorAt(pos - 1, "an open escape: only \\', \\{, \\} and \\\\ are allowed in a string");
                    }
                    char escaped = text.charAt(pos++);
                    value.append(escaped);
                    part.append(escaped);
                } else if (c == '{' && pos < text.length() && text.charAt(pos) == '}') {
                    pos++;
                    value.append("{}");
                    parts.add(part.toString());
                    part.setLength(0);
                } else {
                    value.append(c);
                    part.append(c);
                }
            }
            parts.add(part.toString());
            return new StringLiteral(Json.NODES.textNode(value.toString()), List.copyOf(parts));
        }

        private Arg path() {
            int start = pos;
            int depth = 0;
            char quote = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            String path = text.substring(start, pos).trim();
            try {
                return new PathArg(JsonPathExpr.parse(path));
            } catch (IllegalArgumentException e) {
                throw errorAt(start, e.getMessage());
            }
        }

        private Arg number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String number = text.substring(start, pos);
            try {
                JsonNode node = Json.parse(number);
                if (!node.isNumber()) {
                    throw errorAt(start, "'" + number + "' is not a number");
                }
                return new Literal(node);
            } catch (JsonProcessingException e) {
                throw errorAt(start, "'" + number + "' is not a number");
            }
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        IllegalArgumentException error(String message) {
            return errorAt(pos, message);
        }

        IllegalArgumentException errorAt(int at, String message) {
            return new IllegalArgumentException(
                    "invalid intrinsic function call '" + text + "' at character " + (at + 1) + ": " + message);
        }
    }
}
