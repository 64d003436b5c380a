package dev.cutover.core.error;

/**
 * One thing wrong with a spec document.
 *
 * @param path   where: a field path such as {@code stages[1].percent}, or {@code (document)} for the whole
 * @param reason why, in words a person can act on
 */
public record FieldError(String path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
