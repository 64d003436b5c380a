package dev.cutover.states;

import java.util.List;
import java.util.Map;
import java.util.Random;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSONata functions Step Functions adds: {@code $partition}, {@code $range}, {@code $hash} and {@code $uuid}
 * (documented as the JSONata forms of States.ArrayPartition, States.ArrayRange, States.Hash and States.UUID, so
 * they run through the same {@link Intrinsic} code), {@code $random([seed])} and {@code $parse(json)}; and
 * {@code $eval}, which Step Functions removes. AWS: "Transforming data with JSONata in Step Functions", section
 * "JSONata functions provided by Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 */
final class StepFunctionsFunctions {

    private static final Map<String, Intrinsic> INTRINSICS = Map.of(
            "partition", Intrinsic.parse("States.ArrayPartition($.a, $.b)"),
            "range", Intrinsic.parse("States.ArrayRange($.a, $.b, $.c)"),
            "hash", Intrinsic.parse("States.Hash($.a, $.b)"),
            "uuid", Intrinsic.parse("States.UUID()"));
    private static final List<String> ARGUMENTS = List.of("a", "b", "c");

    private StepFunctionsFunctions() {}

    static void bind(Jsonata.Frame frame, EvalEnv env) {
        for (Map.Entry<String, Intrinsic> e : INTRINSICS.entrySet()) {
            Intrinsic intrinsic = e.getValue();
            String name = e.getKey();
            frame.bind(
                    name,
                    Jsonata.function(
                            name,
                            (Jsonata.FnVarArgs<Object>) args -> {
                                ObjectNode input = Json.object();
                                for (int i = 0; i < args.size() && i < ARGUMENTS.size(); i++) {
                                    input.set(ARGUMENTS.get(i), JsonataExpr.toJson(args.get(i)));
                                }
                                try {
                                    return JsonataExpr.toJava(intrinsic.evaluate(input, env, "$" + name));
                                } catch (StatesFailure failure) {
                                    throw new IllegalArgumentException("$" + name + ": " + failure.cause());
                                }
                            },
                            null));
        }
        frame.bind(
                "random",
                Jsonata.function(
                        "random",
                        (Jsonata.FnVarArgs<Object>) args -> {
                            Random random = args.isEmpty() || args.get(0) == null
                                    ? env.random()
                                    : new Random(((Number) args.get(0)).longValue());
                            return random.nextDouble();
                        },
                        null));
        frame.bind(
                "parse",
                Jsonata.function(
                        "parse",
                        (Jsonata.FnVarArgs<Object>) args -> {
                            try {
                                return JsonataExpr.toJava(Json.parse(String.valueOf(args.get(0))));
                            } catch (JsonProcessingException e) {
                                throw new IllegalArgumentException(
                                        "$parse: the argument is not valid JSON: " + e.getOriginalMessage());
                            }
                        },
                        null));
        frame.bind(
                "eval",
                Jsonata.function(
                        "eval",
                        (Jsonata.FnVarArgs<Object>) args -> {
                            throw new IllegalArgumentException("$eval is not available in Step Functions; use $parse");
                        },
                        null));
    }
}
