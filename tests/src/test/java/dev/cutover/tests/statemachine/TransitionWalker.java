package dev.cutover.tests.statemachine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Walks the deployment workflow's definition along one scenario and records the states entered, to count the
 * billed state transitions docs/workflow.md promises. It knows just enough ASL for this workflow: Task, Wait,
 * Pass, Choice on a boolean ({@code $.deployment.standalone}) or on whether a stage has an approval gate
 * ({@code $.stage.approvalTimeoutSeconds} IsPresent) or a rollback window ({@code $.result.rollbackWindowEndsAt}
 * IsPresent), inline Map (one iteration per stage), Catch, Succeed and
 * Fail. Anything else fails the walk, so a new construct in the workflow cannot be silently miscounted.
 */
final class TransitionWalker {

    /**
     * @param standalone        the value of {@code $.deployment.standalone}
     * @param stages            how many Map iterations
     * @param failingState      name of the Task that throws (null: none does)
     * @param failingIteration  1-based Map iteration in which it throws, for a state inside the Map
     * @param gated             1-based Map iterations whose stage has an approval gate
     * @param windowed          whether Finalize answered a rollback window ({@code $.result.rollbackWindowEndsAt})
     */
    record Scenario(
            boolean standalone,
            int stages,
            String failingState,
            int failingIteration,
            Set<Integer> gated,
            boolean windowed) {

        Scenario(boolean standalone, int stages, String failingState, int failingIteration) {
            this(standalone, stages, failingState, failingIteration, Set.of(), false);
        }

        Scenario withRollbackWindow() {
            return new Scenario(standalone, stages, failingState, failingIteration, gated, true);
        }

        static Scenario success(boolean standalone, int stages) {
            return new Scenario(standalone, stages, null, 0);
        }

        Scenario withGates(Integer... iterations) {
            return new Scenario(standalone, stages, failingState, failingIteration, Set.of(iterations), windowed);
        }
    }

    /** The states entered, in order, and the terminal state reached. */
    record Walk(List<String> entered, String terminal) {

        int transitions() {
            return entered.size();
        }
    }

    private static final int MAX_STEPS = 10_000;

    private final Scenario scenario;
    private final List<String> entered = new ArrayList<>();

    private TransitionWalker(Scenario scenario) {
        this.scenario = scenario;
    }

    static Walk walk(JsonNode definition, Scenario scenario) {
        TransitionWalker walker = new TransitionWalker(scenario);
        Outcome outcome = walker.run(definition, 0);
        if (outcome.failed()) {
            throw new AssertionError("the execution ended with an uncaught error after " + walker.entered);
        }
        return new Walk(List.copyOf(walker.entered), outcome.terminal());
    }

    private record Outcome(boolean failed, String terminal) {}

    /** Runs a States block (top level or a Map's item processor) from StartAt. */
    private Outcome run(JsonNode block, int iteration) {
        JsonNode states = block.path("States");
        String current = block.path("StartAt").asText();
        while (true) {
            if (entered.size() > MAX_STEPS) {
                throw new AssertionError(
                        "more than " + MAX_STEPS + " states entered: a loop? " + entered.subList(0, 50));
            }
            JsonNode state = states.get(current);
            if (state == null) {
                throw new AssertionError("transition to a state that does not exist: " + current);
            }
            entered.add(current);
            String type = state.path("Type").asText();
            boolean threw;
            switch (type) {
                case "Task" ->
                    threw = current.equals(scenario.failingState())
                            && (iteration == 0 || iteration == scenario.failingIteration());
                case "Map" -> {
                    threw = false;
                    for (int i = 1; i <= scenario.stages() && !threw; i++) {
                        JsonNode processor =
                                state.has("ItemProcessor") ? state.path("ItemProcessor") : state.path("Iterator");
                        threw = run(processor, i).failed();
                    }
                }
                case "Wait", "Pass" -> threw = false;
                case "Choice" -> {
                    current = choose(state, iteration);
                    continue;
                }
                case "Succeed" -> {
                    return new Outcome(false, current);
                }
                case "Fail" -> {
                    return new Outcome(iteration > 0, current);
                }
                default ->
                    throw new AssertionError("the walker does not know state type " + type + " (" + current + ")");
            }
            if (threw) {
                JsonNode catcher = state.path("Catch").path(0);
                if (catcher.isMissingNode()) {
                    return new Outcome(true, current);
                }
                current = catcher.path("Next").asText();
                continue;
            }
            if (state.path("End").asBoolean(false)) {
                return new Outcome(false, current);
            }
            current = state.path("Next").asText();
        }
    }

    private String choose(JsonNode choice, int iteration) {
        for (JsonNode rule : choice.path("Choices")) {
            if ("$.stage.approvalTimeoutSeconds".equals(rule.path("Variable").asText()) && rule.has("IsPresent")) {
                if (rule.path("IsPresent").asBoolean() == scenario.gated().contains(iteration)) {
                    return rule.path("Next").asText();
                }
                continue;
            }
            if ("$.verdict.extendBakeSeconds".equals(rule.path("Variable").asText()) && rule.has("IsPresent")) {
                // the walked scenarios judge every stage conclusively: the bake is never extended
                if (!rule.path("IsPresent").asBoolean()) {
                    return rule.path("Next").asText();
                }
                continue;
            }
            if ("$.result.rollbackWindowEndsAt".equals(rule.path("Variable").asText()) && rule.has("IsPresent")) {
                if (rule.path("IsPresent").asBoolean() == scenario.windowed()) {
                    return rule.path("Next").asText();
                }
                continue;
            }
            if (!"$.deployment.standalone".equals(rule.path("Variable").asText()) || !rule.has("BooleanEquals")) {
                throw new AssertionError("the walker only evaluates BooleanEquals on $.deployment.standalone: " + rule);
            }
            if (rule.path("BooleanEquals").asBoolean() == scenario.standalone()) {
                return rule.path("Next").asText();
            }
        }
        return choice.path("Default").asText();
    }
}
