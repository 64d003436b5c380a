package dev.cutover.aws;

/** Argument checks shared by the adapters, with messages that name the argument. */
final class Arguments {

    private Arguments() {}

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must be a non-blank string, was " + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
