package dev.cutover.states;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath, on the execution's clock. */
final class WaitState extends CompiledState {

    Long seconds;
    JsonPathExpr secondsPath;
    Instant timestamp;
    JsonPathExpr timestampPath;

    WaitState(String name) {
        super(name, "Wait", true);
    }

    @Override
    Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
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
        run.scope.sleepUntil(until);
        return new Transition(next, applyOutputPath(effective, run));
    }
}
