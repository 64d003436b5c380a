package dev.cutover.states;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath, on the execution's clock. */
final class WaitState extends CompiledState {

    Long seconds;
    JsonPathExpr secondsPath;
    Instant timestamp;
    JsonPathExpr timestampPath;
    /** JSONata: Seconds or Timestamp given as an expression. */
    JsonataExpr secondsExpr;

    JsonataExpr timestampExpr;

    WaitState(String name) {
        super(name, "Wait", true);
    }

    @Override
    Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
        if (jsonata != null) {
            return executeJsonata(rawInput, run);
        }
        JsonNode effective = effectiveInput(rawInput, run);
        Instant now = run.scope.clock.now();
        Instant until;
        if (seconds != null) {
            until = now.plusSeconds(seconds);
        } else if (timestamp != null) {
            until = timestamp;
        } else if (secondsPath != null) {
            JsonNode value = run.read(secondsPath, effective);
            if (value == null) {
                throw noResults(secondsPath);
            }
            if (!value.isIntegralNumber()
                            && !(value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()))
                    || value.doubleValue() < 0) {
                throw StatesFailure.runtime("The SecondsPath parameter does not reference a valid non-negative"
                        + " integer value: '" + secondsPath + "' is " + value);
            }
            until = now.plusSeconds(value.longValue());
        } else {
            JsonNode value = run.read(timestampPath, effective);
            if (value == null) {
                throw noResults(timestampPath);
            }
            Instant parsed = value.isTextual() ? Timestamps.parse(value.textValue()) : null;
            if (parsed == null) {
                throw StatesFailure.runtime("The TimestampPath parameter does not reference a valid ISO-8601"
                        + " extended offset date-time format string: '" + timestampPath + "' is " + value);
            }
            until = parsed;
        }
        java.util.Map<String, JsonNode> values = Variables.evaluate(assign, effective, run);
        run.scope.sleepUntil(until);
        JsonNode output = applyOutputPath(effective, run);
        Variables.commit(values, run);
        return new Transition(next, output);
    }

    private Transition executeJsonata(JsonNode input, StateRun run) throws StatesFailure {
        Instant until;
        if (secondsExpr != null) {
            JsonNode value = secondsExpr.evaluate(JsonataScope.of(run, run.scope, input, null, null), "Seconds");
            if (!value.isNumber() || value.doubleValue() != Math.rint(value.doubleValue()) || value.doubleValue() < 0) {
                throw JsonataExpr.failed(
                        run,
                        "Seconds",
                        "The Seconds expression '" + secondsExpr + "' must evaluate to a non-negative integer, not "
                                + value);
            }
            until = run.scope.clock.now().plusSeconds(value.longValue());
        } else if (timestampExpr != null) {
            JsonNode value = timestampExpr.evaluate(JsonataScope.of(run, run.scope, input, null, null), "Timestamp");
            until = value.isTextual() ? Timestamps.parse(value.textValue()) : null;
            if (until == null) {
                throw JsonataExpr.failed(
                        run,
                        "Timestamp",
                        "The Timestamp expression '" + timestampExpr + "' must evaluate to an RFC 3339 timestamp,"
                                + " not " + value);
            }
        } else {
            until = seconds != null ? run.scope.clock.now().plusSeconds(seconds) : timestamp;
        }
        run.scope.sleepUntil(until);
        return new Transition(next, jsonata.finish(input, null, null, run, input));
    }
}
