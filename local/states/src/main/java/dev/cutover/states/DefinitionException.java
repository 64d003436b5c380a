package dev.cutover.states;

import java.util.List;
import java.util.stream.Collectors;

/** A state machine definition that cannot run, with every problem found (each naming its state and field). */
public class DefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<DefinitionError> errors;

    public DefinitionException(List<DefinitionError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }

    private static String render(List<DefinitionError> errors) {
        return "invalid state machine definition (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + ")"
                + errors.stream().map(e -> "\n  " + e).collect(Collectors.joining());
    }
}
