package dev.cutover.states;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a JSONata expression sees: the reserved {@code $states} variable (input, context, and result or
 * errorOutput where the field allows them) and the variables visible in the state's scope.
 *
 * <p>AWS: "Transforming data with JSONata in Step Functions", section on the {@code $states} reserved variable
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 */
record JsonataScope(Map<String, Object> states, Map<String, JsonNode> variables, EvalEnv env) {

    static JsonataScope of(EvalEnv env, Scope scope, JsonNode input, JsonNode result, JsonNode errorOutput) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", JsonataExpr.toJava(input));
        states.put("context", JsonataExpr.toJava(env.context()));
        if (result != null) {
            states.put("result", JsonataExpr.toJava(result));
        }
        if (errorOutput != null) {
            states.put("errorOutput", JsonataExpr.toJava(errorOutput));
        }
        return new JsonataScope(states, scope.variables(), env);
    }
}
