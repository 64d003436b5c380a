package dev.cutover.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors found in one document, in the order they were found. Readers keep going after an error so that
 * one run reports everything wrong with a spec, not just the first thing.
 */
final class Problems {

    private final List<SpecError> errors = new ArrayList<>();

    void add(String path, String reason) {
        errors.add(new SpecError(path, reason));
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

    List<SpecError> all() {
        return List.copyOf(errors);
    }
}
