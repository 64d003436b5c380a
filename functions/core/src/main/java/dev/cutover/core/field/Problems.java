package dev.cutover.core.field;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.cutover.core.error.FieldError;

/**
 * The problems found in one document, in the order they were found. Readers keep going after a problem so that
 * one run reports everything wrong, not just the first thing; {@link #throwIfAny} then raises them all at once as
 * the exception the caller chooses.
 */
public final class Problems {

    private final String rootName;
    private final List<FieldError> errors = new ArrayList<>();

    /** Problems whose paths are kept as given, the root's included. */
    public Problems() {
        this("");
    }

    /** @param rootName the path shown for a problem with the document as a whole, e.g. {@code (payload)} */
    public Problems(String rootName) {
        this.rootName = rootName;
    }

    public void add(String path, String reason) {
        errors.add(new FieldError(path.isEmpty() ? rootName : path, reason));
    }

    /** A position to compare against with {@link #cleanSince(int)}. */
    public int mark() {
        return errors.size();
    }

    /** True when nothing went wrong since {@code mark}. */
    public boolean cleanSince(int mark) {
        return errors.size() == mark;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> all() {
        return List.copyOf(errors);
    }

    /**
     * @param exception builds the caller's exception from every problem found (never an empty list)
     * @throws X when any problem was found
     */
    public <X extends RuntimeException> void throwIfAny(Function<List<FieldError>, X> exception) {
        if (!errors.isEmpty()) {
            throw exception.apply(all());
        }
    }
}
