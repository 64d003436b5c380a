package dev.cutover.states;

import java.util.List;

/** One element of a state's Catch array; {@code next} is linked when the machine is compiled. */
final class Catcher {

    final List<String> errorEquals;
    final ResultPathSpec resultPath;
    final String nextName;
    CompiledState next;
    /** Output and Assign of a catcher in a JSONata state; null otherwise or when it has neither. */
    JsonataFields jsonata;
    /** Assign of a catcher in a JSONPath state, evaluated on the error output; null without one. */
    PayloadTemplate assign;

    Catcher(List<String> errorEquals, ResultPathSpec resultPath, String nextName) {
        this.errorEquals = errorEquals;
        this.resultPath = resultPath;
        this.nextName = nextName;
    }

    boolean matches(StatesFailure failure) {
        for (String name : errorEquals) {
            if (failure.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
