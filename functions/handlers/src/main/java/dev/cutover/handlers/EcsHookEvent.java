package dev.cutover.handlers;

import dev.cutover.core.error.InvalidHookEventException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    record PriorAttempts(String stage, Instant firstAttemptAt, int attempts) {
    }

    private static final String WHAT = "ECS lifecycle hook event";

    /** @throws InvalidHookEventException naming each field at fault */
    static EcsHookEvent parse(Map<String, ?> event) {
        if (event == null) {
            throw new InvalidHookEventException(WHAT, List.of("the event is null"), Optional.empty());
        }
        List<String> problems = new ArrayList<>();
        String executionId = requiredString(event, "executionId", problems);
        String stage = requiredString(event, "lifecycleStage", problems);
        if (!problems.isEmpty()) {
            throw new InvalidHookEventException(WHAT, problems, Optional.empty());
        }
        Optional<String> resourceArn = optionalString(event.get("resourceArn"));
        Map<?, ?> details = event.get("executionDetails") instanceof Map<?, ?> m ? m : Map.of();
        Optional<String> target = optionalString(details.get("targetServiceRevisionArn"));
        Map<String, Number> weights = new LinkedHashMap<>();
        if (details.get("productionTrafficWeights") instanceof Map<?, ?> w) {
            w.forEach((k, v) -> {
                if (k instanceof String arn && v instanceof Number weight) {
                    weights.put(arn, weight);
                }
            });
        }
        return new EcsHookEvent(executionId, stage, resourceArn, target, Map.copyOf(weights),
                priorAttempts(event.get("hookDetails")));
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
        return green != null && green.doubleValue() == 0
                && productionTrafficWeights.entrySet().stream()
                        .anyMatch(e -> !e.getKey().equals(targetServiceRevisionArn.get())
                                && e.getValue().doubleValue() == 100);
    }

    /** The service deployment's id (the last part of its ARN), else the execution id. */
    String deploymentId() {
        return resourceArn.map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).filter(s -> !s.isBlank())
                .orElse(executionId);
    }

    private static String requiredString(Map<String, ?> event, String name, List<String> problems) {
        Object value = event.get(name);
        if (!event.containsKey(name)) {
            problems.add(name + " is missing");
        } else if (!(value instanceof String text)) {
            problems.add(name + " must be a string, found " + HookEventParser.describe(value));
        } else if (text.isBlank()) {
            problems.add(name + " is blank");
        } else {
            return text.strip();
        }
        return null;
    }

    private static Optional<String> optionalString(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private static Optional<PriorAttempts> priorAttempts(Object hookDetails) {
        if (!(hookDetails instanceof Map<?, ?> details) || !(details.get(STATE_KEY) instanceof Map<?, ?> state)) {
            return Optional.empty();
        }
        if (!(state.get("stage") instanceof String stage) || !(state.get("firstAttemptAt") instanceof String at)) {
            return Optional.empty();
        }
        try {
            int attempts = state.get("attempt") instanceof Number n ? n.intValue() : 1;
            return Optional.of(new PriorAttempts(stage, Instant.parse(at), attempts));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
