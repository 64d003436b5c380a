package dev.cutover.core.spec;

import dev.cutover.core.error.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors found in one document, in the order they were found. Readers keep going after an error so that
 * one run reports everything wrong with a spec, not just the first thing.
 */
final class Problems {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String path, String reason) {
        errors.add(new FieldError(path, reason));
    }

    /** A position to compare against with {@link #cleanSince(int)}. */
    int mark() {
        return errors.size();
    }

    /** True when nothing went wrong since {@code mark}. */
    boolean cleanSince(int mark) {
        return errors.size() == mark;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<FieldError> all() {
        return List.copyOf(errors);
    }
}
