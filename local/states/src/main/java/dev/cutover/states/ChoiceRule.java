package dev.cutover.states;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled Choice rule: a comparison on a {@code Variable}, or And/Or/Not over nested rules.
 *
 * <p>A comparison whose value has the wrong type for its operator is simply false (StringEquals on a number),
 * as in Step Functions; a {@code Variable} (or a {@code ...Path} operand) that names nothing raises
 * States.Runtime, except for IsPresent.
 */
abstract sealed class ChoiceRule permits ChoiceRule.Comparison, ChoiceRule.And, ChoiceRule.Or, ChoiceRule.Not {

    enum Kind {
        STRING,
        NUMERIC,
        BOOLEAN,
        TIMESTAMP,
        MATCHES,
        IS_NULL,
        IS_PRESENT,
        IS_NUMERIC,
        IS_STRING,
        IS_BOOLEAN,
        IS_TIMESTAMP
    }

    enum Relation {
        EQ,
        LT,
        GT,
        LE,
        GE
    }

    private record Operator(Kind kind, Relation relation, boolean path) {}

    private static final Map<String, Operator> OPERATORS = operators();

    private static final Set<String> RULE_FIELDS = Set.of("Variable", "And", "Or", "Not", "Next", "Assign", "Comment");

    abstract boolean test(JsonNode input, EvalEnv env) throws StatesFailure;

    abstract boolean usesContext();

    static boolean isOperator(String field) {
        return OPERATORS.containsKey(field);
    }

    /**
     * Compiles one rule.
     *
     * @param where the rule's location for messages ({@code Choices[0].And[1]})
     * @param errors receives "location: message" strings
     */
    static ChoiceRule compile(JsonNode rule, String where, boolean topLevel, List<String> errors) {
        if (!rule.isObject()) {
            errors.add(where + ": a choice rule must be an object, not " + Json.typeName(rule));
            return null;
        }
        List<String> operators = new ArrayList<>();
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (OPERATORS.containsKey(field)) {
                operators.add(field);
            } else if (!RULE_FIELDS.contains(field)) {
                errors.add(where + "." + field + ": unknown field in a choice rule"
                        + (field.equals("Condition")
                                ? " (Condition belongs to JSONata, which this engine does not run)"
                                : ""));
            }
        }
        if (!topLevel && rule.has("Next")) {
            errors.add(where + ".Next: only top-level choice rules may have Next");
        }
        if (!topLevel && rule.has("Assign")) {
            errors.add(where + ".Assign: only top-level choice rules may have Assign");
        }
        boolean hasAnd = rule.has("And");
        boolean hasOr = rule.has("Or");
        boolean hasNot = rule.has("Not");
        int combinators = (hasAnd ? 1 : 0) + (hasOr ? 1 : 0) + (hasNot ? 1 : 0);
        if (combinators + operators.size() != 1) {
            errors.add(where + ": a choice rule needs exactly one comparison operator or one of And, Or, Not; found "
                    + (combinators + operators.size() == 0
                            ? "none"
                            : String.join(", ", concat(operators, hasAnd, hasOr, hasNot))));
            return null;
        }
        if (combinators == 1) {
            if (rule.has("Variable")) {
                errors.add(where + ".Variable: And, Or and Not rules take no Variable");
            }
            if (hasNot) {
                ChoiceRule inner = compile(rule.get("Not"), where + ".Not", false, errors);
                return inner == null ? null : new Not(inner);
            }
            String name = hasAnd ? "And" : "Or";
            JsonNode list = rule.get(name);
            if (!list.isArray() || list.isEmpty()) {
                errors.add(where + "." + name + ": must be a non-empty array of choice rules");
                return null;
            }
            List<ChoiceRule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                ChoiceRule inner = compile(list.get(i), where + "." + name + "[" + i + "]", false, errors);
                if (inner != null) {
                    rules.add(inner);
                }
            }
            if (rules.size() != list.size()) {
                return null;
            }
            return hasAnd ? new And(List.copyOf(rules)) : new Or(List.copyOf(rules));
        }
        String operatorName = operators.get(0);
        Operator operator = OPERATORS.get(operatorName);
        JsonNode variableNode = rule.get("Variable");
        if (variableNode == null || !variableNode.isTextual()) {
            errors.add(where + ".Variable: a comparison needs a Variable path (a string)");
            return null;
        }
        JsonPathExpr variable;
        try {
            variable = JsonPathExpr.parse(variableNode.textValue());
        } catch (IllegalArgumentException e) {
            errors.add(where + ".Variable: " + e.getMessage());
            return null;
        }
        JsonNode operand = rule.get(operatorName);
        String operandWhere = where + "." + operatorName;
        if (operator.path()) {
            if (!operand.isTextual()) {
                errors.add(operandWhere + ": must be a path (a string), not " + Json.typeName(operand));
                return null;
            }
            try {
                return new Comparison(
                        variable, operatorName, operator, null, JsonPathExpr.parse(operand.textValue()), null, null);
            } catch (IllegalArgumentException e) {
                errors.add(operandWhere + ": " + e.getMessage());
                return null;
            }
        }
        switch (operator.kind()) {
            case STRING -> {
                if (!operand.isTextual()) {
                    errors.add(operandWhere + ": must be a string, not " + Json.typeName(operand));
                    return null;
                }
            }
            case MATCHES -> {
                if (!operand.isTextual()) {
                    errors.add(operandWhere + ": must be a string pattern, not " + Json.typeName(operand));
                    return null;
                }
                return new Comparison(
                        variable, operatorName, operator, operand, null, null, globPattern(operand.textValue()));
            }
            case NUMERIC -> {
                if (!operand.isNumber()) {
                    errors.add(operandWhere + ": must be a number, not " + Json.typeName(operand));
                    return null;
                }
            }
            case TIMESTAMP -> {
                Instant instant = operand.isTextual() ? Timestamps.parse(operand.textValue()) : null;
                if (instant == null) {
                    errors.add(operandWhere + ": must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, not "
                            + operand);
                    return null;
                }
                return new Comparison(variable, operatorName, operator, operand, null, instant, null);
            }
            default -> {
                if (!operand.isBoolean()) {
                    errors.add(operandWhere + ": must be true or false, not " + Json.typeName(operand));
                    return null;
                }
            }
        }
        return new Comparison(variable, operatorName, operator, operand, null, null, null);
    }

    private static List<String> concat(List<String> operators, boolean and, boolean or, boolean not) {
        List<String> all = new ArrayList<>(operators);
        if (and) {
            all.add("And");
        }
        if (or) {
            all.add("Or");
        }
        if (not) {
            all.add("Not");
        }
        return all;
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literals. */
    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                literal.append(glob.charAt(++i));
            } else if (c == '*') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(".*");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static Map<String, Operator> operators() {
        Map<String, Operator> map = new java.util.HashMap<>();
        String[][] relations = {
            {"Equals", "EQ"},
            {"LessThan", "LT"},
            {"GreaterThan", "GT"},
            {"LessThanEquals", "LE"},
            {"GreaterThanEquals", "GE"}
        };
        for (String[] r : relations) {
            Relation relation = Relation.valueOf(r[1]);
            for (Kind kind : new Kind[] {Kind.STRING, Kind.NUMERIC, Kind.TIMESTAMP}) {
                String prefix = switch (kind) {
                    case STRING -> "String";
                    case NUMERIC -> "Numeric";
                    default -> "Timestamp";
                };
                map.put(prefix + r[0], new Operator(kind, relation, false));
                map.put(prefix + r[0] + "Path", new Operator(kind, relation, true));
            }
        }
        map.put("BooleanEquals", new Operator(Kind.BOOLEAN, Relation.EQ, false));
        map.put("BooleanEqualsPath", new Operator(Kind.BOOLEAN, Relation.EQ, true));
        map.put("StringMatches", new Operator(Kind.MATCHES, Relation.EQ, false));
        map.put("IsNull", new Operator(Kind.IS_NULL, Relation.EQ, false));
        map.put("IsPresent", new Operator(Kind.IS_PRESENT, Relation.EQ, false));
        map.put("IsNumeric", new Operator(Kind.IS_NUMERIC, Relation.EQ, false));
        map.put("IsString", new Operator(Kind.IS_STRING, Relation.EQ, false));
        map.put("IsBoolean", new Operator(Kind.IS_BOOLEAN, Relation.EQ, false));
        map.put("IsTimestamp", new Operator(Kind.IS_TIMESTAMP, Relation.EQ, false));
        return Map.copyOf(map);
    }

    static StatesFailure invalidPath(JsonPathExpr path) {
        return StatesFailure.runtime(
                "Invalid path '" + path + "': The choice state's condition path references an invalid value.");
    }

    static final class Comparison extends ChoiceRule {
        private final JsonPathExpr variable;
        private final String operatorName;
        private final Operator operator;
        private final JsonNode literal;
        private final JsonPathExpr operandPath;
        private final Instant literalTime;
        private final Pattern pattern;

        private Comparison(
                JsonPathExpr variable,
                String operatorName,
                Operator operator,
                JsonNode literal,
                JsonPathExpr operandPath,
                Instant literalTime,
                Pattern pattern) {
            this.variable = variable;
            this.operatorName = operatorName;
            this.operator = operator;
            this.literal = literal;
            this.operandPath = operandPath;
            this.literalTime = literalTime;
            this.pattern = pattern;
        }

        @Override
        boolean usesContext() {
            return variable.contextPath || operandPath != null && operandPath.contextPath;
        }

        @Override
        boolean test(JsonNode input, EvalEnv env) throws StatesFailure {
            JsonNode value = env.read(variable, input);
            if (operator.kind() == Kind.IS_PRESENT) {
                return (value != null) == literal.booleanValue();
            }
            if (value == null) {
                throw invalidPath(variable);
            }
            JsonNode operand = literal;
            if (operandPath != null) {
                operand = env.read(operandPath, input);
                if (operand == null) {
                    throw invalidPath(operandPath);
                }
            }
            return switch (operator.kind()) {
                case IS_NULL -> value.isNull() == operand.booleanValue();
                case IS_NUMERIC -> value.isNumber() == operand.booleanValue();
                case IS_STRING -> value.isTextual() == operand.booleanValue();
                case IS_BOOLEAN -> value.isBoolean() == operand.booleanValue();
                case IS_TIMESTAMP ->
                    (value.isTextual() && Timestamps.parse(value.textValue()) != null) == operand.booleanValue();
                case MATCHES ->
                    value.isTextual() && pattern.matcher(value.textValue()).matches();
                case BOOLEAN ->
                    value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
                case STRING ->
                    value.isTextual()
                            && operand.isTextual()
                            && holds(value.textValue().compareTo(operand.textValue()));
                case NUMERIC -> value.isNumber() && operand.isNumber() && holds(compareNumbers(value, operand));
                case TIMESTAMP -> {
                    if (!value.isTextual()) {
                        yield false;
                    }
                    Instant left = Timestamps.parse(value.textValue());
                    Instant right = literalTime != null
                            ? literalTime
                            : operand.isTextual() ? Timestamps.parse(operand.textValue()) : null;
                    yield left != null && right != null && holds(left.compareTo(right));
                }
                default -> throw new IllegalStateException(operatorName);
            };
        }

        private boolean holds(int comparison) {
            return switch (operator.relation()) {
                case EQ -> comparison == 0;
                case LT -> comparison < 0;
                case GT -> comparison > 0;
                case LE -> comparison <= 0;
                case GE -> comparison >= 0;
            };
        }

        private static int compareNumbers(JsonNode a, JsonNode b) {
            if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
                return Long.compare(a.longValue(), b.longValue());
            }
            if (a.isBigDecimal() || b.isBigDecimal() || a.isBigInteger() || b.isBigInteger()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
    }

    static final class And extends ChoiceRule {
        private final List<ChoiceRule> rules;

        And(List<ChoiceRule> rules) {
            this.rules = rules;
        }

        @Override
        boolean test(JsonNode input, EvalEnv env) throws StatesFailure {
            for (ChoiceRule rule : rules) {
                if (!rule.test(input, env)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        boolean usesContext() {
            return rules.stream().anyMatch(ChoiceRule::usesContext);
        }
    }

    static final class Or extends ChoiceRule {
        private final List<ChoiceRule> rules;

        Or(List<ChoiceRule> rules) {
            this.rules = rules;
        }

        @Override
        boolean test(JsonNode input, EvalEnv env) throws StatesFailure {
            for (ChoiceRule rule : rules) {
                if (rule.test(input, env)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean usesContext() {
            return rules.stream().anyMatch(ChoiceRule::usesContext);
        }
    }

    static final class Not extends ChoiceRule {
        private final ChoiceRule rule;

        Not(ChoiceRule rule) {
            this.rule = rule;
        }

        @Override
        boolean test(JsonNode input, EvalEnv env) throws StatesFailure {
            return !rule.test(input, env);
        }

        @Override
        boolean usesContext() {
            return rule.usesContext();
        }
    }
}
