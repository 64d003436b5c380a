package dev.cutover.handlers;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.field.UnsafeText;

/**
 * The event ECS passes to a deployment lifecycle hook Lambda:
 * {@code {"executionId", "lifecycleStage", "resourceArn", "executionDetails": {"serviceArn",
 * "targetServiceRevisionArn", "testTrafficWeights", "productionTrafficWeights"}, "hookDetails": {...}}}.
 *
 * @param executionId              this hook execution
 * @param lifecycleStage           e.g. {@code POST_TEST_TRAFFIC_SHIFT}
 * @param resourceArn              the service deployment's ARN, if given
 * @param targetServiceRevisionArn the green revision, if given
 * @param productionTrafficWeights production weight per service revision ARN (empty outside traffic shifts)
 * @param state                    what an earlier IN_PROGRESS answer of this hook handed back in hookDetails
 */
record EcsHookEvent(
        String executionId,
        String lifecycleStage,
        Optional<String> resourceArn,
        Optional<String> targetServiceRevisionArn,
        Map<String, Number> productionTrafficWeights,
        Optional<PriorAttempts> state) {

    /** The key under which the handler keeps its state in {@code hookDetails}, apart from the user's keys. */
    static final String STATE_KEY = "cutover";

    /**
     * @param stage          the stage they were made at (state from another stage is ignored)
     * @param firstAttemptAt when the first attempt started
     * @param attempts       how many attempts were made
     */
    record PriorAttempts(String stage, Instant firstAttemptAt, int attempts) {}

    private static final String WHAT = "ECS lifecycle hook event";

    /** @throws InvalidHookEventException naming each field at fault */
    static EcsHookEvent parse(Map<String, ?> event) {
        if (event == null) {
            throw new InvalidHookEventException(WHAT, List.of("the event is null"), Optional.empty());
        }
        Problems problems = new Problems();
        FieldReader reader = HookEventDialect.ECS.reader(event, problems);
        String executionId = reader.text("executionId", true);
        String stage = reader.text("lifecycleStage", true);
        if (executionId != null) {
            UnsafeText.problem(executionId)
                    .ifPresent(found -> reader.problem(
                            "executionId",
                            "must not contain control, format or line separator characters (found " + found + ")"));
        }
        problems.throwIfAny(errors -> HookEventDialect.exception(WHAT, errors, Optional.empty()));

        // the rest is optional and read leniently: ECS may add to it, and a hook must still answer; but a field that
        // is there with the wrong type is a malformed event, refused naming it rather than checked as if absent
        wellTyped(reader);
        problems.throwIfAny(errors -> HookEventDialect.exception(WHAT, errors, Optional.empty()));
        Optional<String> resourceArn = optionalString(reader.raw("resourceArn"));
        JsonNode details = reader.raw("executionDetails");
        Optional<String> target =
                details == null ? Optional.empty() : optionalString(details.get("targetServiceRevisionArn"));
        Map<String, Number> weights = new LinkedHashMap<>();
        JsonNode production = details == null ? null : details.get("productionTrafficWeights");
        if (production != null && production.isObject()) {
            production.properties().forEach(weight -> {
                if (weight.getValue().isNumber()) {
                    weights.put(weight.getKey(), weight.getValue().numberValue());
                }
            });
        }
        return new EcsHookEvent(
                executionId.strip(),
                stage.strip(),
                resourceArn,
                target,
                Map.copyOf(weights),
                priorAttempts(reader.raw("hookDetails")));
    }

    /**
     * The optional fields, when present and not null, must have the types ECS documents: {@code resourceArn} and
     * {@code executionDetails.targetServiceRevisionArn} strings, {@code executionDetails} an object, and its
     * traffic weights objects of service revision ARN to a percentage 0..100 (the ECS Developer Guide, "Lifecycle
     * hooks for Amazon ECS service deployments"). {@code hookDetails} is any JSON value there, so it is not checked.
     */
    private static void wellTyped(FieldReader event) {
        stringIfPresent(event, "resourceArn", event.raw("resourceArn"));
        JsonNode details = event.raw("executionDetails");
        if (details == null || details.isNull()) {
            return;
        }
        if (!details.isObject()) {
            event.problem("executionDetails", "must be an object, found " + HookEventDialect.describe(details));
            return;
        }
        stringIfPresent(event, "executionDetails.targetServiceRevisionArn", details.get("targetServiceRevisionArn"));
        for (String weights : List.of("testTrafficWeights", "productionTrafficWeights")) {
            JsonNode map = details.get(weights);
            String field = "executionDetails." + weights;
            if (map == null || map.isNull()) {
                continue;
            }
            if (!map.isObject()) {
                event.problem(
                        field,
                        "must be an object of service revision ARN to percentage, found "
                                + HookEventDialect.describe(map));
                continue;
            }
            map.properties().forEach(weight -> {
                JsonNode value = weight.getValue();
                if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 100) {
                    event.problem(
                            field,
                            "must map each service revision to a percentage 0..100, found "
                                    + HookEventDialect.describe(value) + " for " + weight.getKey());
                }
            });
        }
    }

    private static void stringIfPresent(FieldReader event, String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isTextual()) {
            event.problem(field, "must be a string (an ARN), found " + HookEventDialect.describe(value));
        }
    }

    /**
     * ECS re-invokes PRODUCTION_TRAFFIC_SHIFT hooks while rolling back; it documents such an invocation as the
     * green (target) revision at 0% and the other at 100% of production traffic.
     */
    boolean isRollback() {
        if (targetServiceRevisionArn.isEmpty() || productionTrafficWeights.size() < 2) {
            return false;
        }
        Number green = productionTrafficWeights.get(targetServiceRevisionArn.get());
        return green != null
                && green.doubleValue() == 0
                && productionTrafficWeights.entrySet().stream()
                        .anyMatch(e -> !e.getKey().equals(targetServiceRevisionArn.get())
                                && e.getValue().doubleValue() == 100);
    }

    /** The service deployment's id (the last part of its ARN), else the execution id. */
    String deploymentId() {
        return resourceArn
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .filter(s -> !s.isBlank())
                .orElse(executionId);
    }

    private static Optional<String> optionalString(JsonNode value) {
        return value != null && value.isTextual() && !value.textValue().isBlank()
                ? Optional.of(value.textValue())
                : Optional.empty();
    }

    private static Optional<PriorAttempts> priorAttempts(JsonNode hookDetails) {
        JsonNode state = hookDetails == null ? null : hookDetails.get(STATE_KEY);
        if (state == null || !state.isObject()) {
            return Optional.empty();
        }
        JsonNode stage = state.path("stage");
        JsonNode at = state.path("firstAttemptAt");
        if (!stage.isTextual() || !at.isTextual()) {
            return Optional.empty();
        }
        try {
            int attempts =
                    state.path("attempt").isNumber() ? state.get("attempt").intValue() : 1;
            return Optional.of(new PriorAttempts(stage.textValue(), Instant.parse(at.textValue()), attempts));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
