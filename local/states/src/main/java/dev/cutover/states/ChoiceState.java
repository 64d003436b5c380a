package dev.cutover.states;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Choice: the first rule that holds picks the next state; otherwise Default; otherwise States.NoChoiceMatched. */
final class ChoiceState extends CompiledState {

    static final class Branch {
        final ChoiceRule rule;
        final String nextName;
        CompiledState next;
        /** JSONata: the rule's Condition, and its own Output/Assign (null when it has neither). */
        JsonataExpr condition;

        JsonataFields fields;
        /** JSONPath: the rule's own Assign, evaluated on the state's effective input; null without one. */
        PayloadTemplate assign;

        Branch(ChoiceRule rule, String nextName) {
            this.rule = rule;
            this.nextName = nextName;
        }
    }

    List<Branch> branches = List.of();
    String defaultName;
    CompiledState defaultState;

    ChoiceState(String name) {
        super(name, "Choice", true);
    }

    @Override
    Transition execute(JsonNode rawInput, StateRun run) throws StatesFailure {
        if (jsonata != null) {
            return executeJsonata(rawInput, run);
        }
        JsonNode effective = effectiveInput(rawInput, run);
        CompiledState target = null;
        PayloadTemplate assignment = assign;
        for (Branch branch : branches) {
            if (branch.rule.test(effective, run)) {
                target = branch.next;
                if (branch.assign != null) {
                    assignment = branch.assign;
                }
                break;
            }
        }
        if (target == null) {
            target = defaultState;
        }
        if (target == null) {
            throw new StatesFailure(
                    StatesFailure.NO_CHOICE_MATCHED,
                    "No Choice rule of state '" + name + "' matched the input '" + Json.write(effective)
                            + "', and the state has no Default.");
        }
        java.util.Map<String, JsonNode> values = Variables.evaluate(assignment, effective, run);
        JsonNode output = applyOutputPath(effective, run);
        Variables.commit(values, run);
        return new Transition(target, output);
    }

    /**
     * A JSONata Choice: each rule's Condition must evaluate to a boolean; the matched rule's Output and Assign
     * apply, else the state's. AWS: "Choice workflow state"
     * (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
     */
    private Transition executeJsonata(JsonNode input, StateRun run) throws StatesFailure {
        for (int i = 0; i < branches.size(); i++) {
            Branch branch = branches.get(i);
            JsonNode holds = branch.condition.evaluate(
                    JsonataScope.of(run, run.scope, input, null, null), "Choices[" + i + "].Condition");
            if (!holds.isBoolean()) {
                throw JsonataExpr.failed(
                        run,
                        "Choices[" + i + "].Condition",
                        "The Condition '" + branch.condition + "' of Choices[" + i + "] of state '" + name
                                + "' must evaluate to a boolean, not " + Json.typeName(holds) + ": " + holds);
            }
            if (holds.booleanValue()) {
                JsonataFields fields = branch.fields != null ? branch.fields : jsonata;
                return new Transition(branch.next, fields.finish(input, null, null, run, input));
            }
        }
        if (defaultState == null) {
            throw new StatesFailure(
                    StatesFailure.NO_CHOICE_MATCHED,
                    "No Choice rule of state '" + name + "' matched the input '" + Json.write(input)
                            + "', and the state has no Default.");
        }
        return new Transition(defaultState, jsonata.finish(input, null, null, run, input));
    }
}
