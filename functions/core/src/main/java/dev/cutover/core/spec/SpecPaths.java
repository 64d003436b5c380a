package dev.cutover.core.spec;

import java.util.regex.Pattern;

/** Builds the field paths errors are reported at: {@code routing.testUrl}, {@code shifting.stages[1].percent}. */
final class SpecPaths {

    /** The path of an error about the document as a whole. */
    static final String DOCUMENT = "(document)";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private SpecPaths() {
    }

    static String field(String parent, String name) {
        if (!PLAIN.matcher(name).matches()) {
            // a header name or a mistyped key with spaces or dots: quote it so the path stays unambiguous
            return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
