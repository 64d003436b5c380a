package dev.cutover.core.error;

import java.util.List;
import java.util.stream.Collectors;

/** A spec document that cannot be used, with every error found in it. */
public final class SpecException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<FieldError> errors;

    public SpecException(String source, List<FieldError> errors) {
        super(describe(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public SpecException(String source, String path, String reason) {
        this(source, List.of(new FieldError(path, reason)));
    }

    /** Where the document came from: a file path or an SSM parameter name. */
    public String source() {
        return source;
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(String source, List<FieldError> errors) {
        String head =
                "invalid Cutover spec " + source + " (" + errors.size() + (errors.size() == 1 ? " error)" : " errors)");
        return errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n", head + "\n", ""));
    }
}
