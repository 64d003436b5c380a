package dev.cutover.core.field;

import java.util.Locale;
import java.util.Optional;

/**
 * Characters an id or a name must not hold: controls (Unicode category Cc), invisible format characters (Cf: the
 * zero-width space U+200B, the right-to-left override U+202E, U+FEFF, the soft hyphen...), the line and paragraph
 * separators U+2028 and U+2029 (Zl, Zp) and unpaired surrogates. They are invisible or change how the text around
 * them reads, and log viewers and JavaScript break lines at U+2028 and U+2029: a value holding one can forge a log
 * line or pass for another value. Java's {@code Character.isISOControl} and regex {@code \p{Cntrl}} see only the
 * first group.
 */
public final class UnsafeText {

    private UnsafeText() {}

    /** Whether a code point is one a name or an id must not hold. */
    public static boolean isUnsafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /**
     * What is wrong with the first unsafe character of a text, as in {@code U+2028 (a line separator) at index 3},
     * or empty when it has none.
     */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isUnsafe(cp)) {
                return Optional.of(describe(cp) + " at index " + i);
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** {@code U+202E (an invisible format character)}. */
    public static String describe(int codePoint) {
        String kind = switch (Character.getType(codePoint)) {
            case Character.CONTROL -> "a control character";
            case Character.FORMAT -> "an invisible format character";
            case Character.LINE_SEPARATOR -> "a line separator";
            case Character.PARAGRAPH_SEPARATOR -> "a paragraph separator";
            case Character.SURROGATE -> "an unpaired surrogate";
            default -> "a character";
        };
        return String.format(Locale.ROOT, "U+%04X (%s)", codePoint, kind);
    }

    /** The text with every unsafe character written as a {@code \\uXXXX} escape, so a message shows it safely. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isUnsafe(cp)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                for (int j = i; j < next; j++) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) text.charAt(j)));
                }
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }
}
