package dev.cutover.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec document that cannot be used, with every error found in it. */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<SpecError> errors;

    public SpecException(String source, List<SpecError> errors) {
        super(describe(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public SpecException(String source, String path, String reason) {
        this(source, List.of(new SpecError(path, reason)));
    }

    /** Where the document came from: a file path or an SSM parameter name. */
    public String source() {
        return source;
    }

    public List<SpecError> errors() {
        return errors;
    }

    private static String describe(String source, List<SpecError> errors) {
        String head = "invalid Cutover spec " + source + " (" + errors.size()
                + (errors.size() == 1 ? " error)" : " errors)");
        return errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n", head + "\n", ""));
    }
}
