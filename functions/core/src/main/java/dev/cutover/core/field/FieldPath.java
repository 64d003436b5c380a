package dev.cutover.core.field;

import java.util.regex.Pattern;

/** Builds the paths problems are reported at: {@code routing.testUrl}, {@code shifting.stages[1].percent}. */
public final class FieldPath {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private FieldPath() {}

    /**
     * The path of a field of the object at {@code parent} ("" for the root). A name that is not a plain
     * identifier (a mistyped key with spaces or dots) is quoted so the path stays unambiguous, as in
     * {@code headers["X Id"]}.
     */
    public static String field(String parent, String name) {
        if (!PLAIN.matcher(name).matches()) {
            return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The path of an element of the list at {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
