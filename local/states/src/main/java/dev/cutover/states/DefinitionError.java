package dev.cutover.states;

/**
 * One problem in a state machine definition.
 *
 * @param statePath the state at fault, nested states written as {@code Parallel.Branches[0].Inner} or
 *     {@code Map.ItemProcessor.Inner}; empty for the machine's own fields (StartAt, States, TimeoutSeconds)
 * @param field the field at fault ({@code Next}, {@code Parameters.id.$}, {@code Retry[0].ErrorEquals})
 * @param message what is wrong and what was expected
 */
public record DefinitionError(String statePath, String field, String message) {

    @Override
    public String toString() {
        String where = statePath.isEmpty() ? "" : "state '" + statePath + "'";
        if (!field.isEmpty()) {
            where += (where.isEmpty() ? "" : ", ") + "field '" + field + "'";
        }
        return (where.isEmpty() ? "" : where + ": ") + message;
    }
}
