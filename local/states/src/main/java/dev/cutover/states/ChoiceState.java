package dev.cutover.states;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Choice: the first rule that holds picks the next state; otherwise Default; otherwise States.NoChoiceMatched. */
final class ChoiceState extends CompiledState {

    static final class Branch {
        final ChoiceRule rule;
        final String nextName;
        CompiledState next;

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
        JsonNode effective = effectiveInput(rawInput, run);
        CompiledState target = null;
        for (Branch branch : branches) {
            if (branch.rule.test(effective, run)) {
                target = branch.next;
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
        return new Transition(target, applyOutputPath(effective, run));
    }
}
