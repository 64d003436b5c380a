package dev.cutover.core.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.field.UnsafeText;

/** Wording shared by the readers: how a value is shown in an error and what a near-miss name was meant to be. */
final class Values {

    private static final int MAX_SHOWN = 160;

    private Values() {}

    /** The value as an error message shows it: strings quoted, containers by kind. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null (an empty value)";
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.asText();
    }

    /**
     * A string as an error message shows it: quoted, control, format and separator characters escaped
     * ({@link UnsafeText}), long ones cut.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown == MAX_SHOWN) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (!pairedSurrogate && UnsafeText.isUnsafe(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('"').toString();
    }

    /** "expected an integer, got "ten"", with a hint when the fix is obvious. */
    static String typeError(String expected, JsonNode got) {
        String reason = "expected " + expected + ", got " + describe(got);
        if (expected.equals("a string") && got != null && (got.isNumber() || got.isBoolean())) {
            return reason + "; put it in quotes to make it text";
        }
        if ((expected.equals("an integer") || expected.equals("a number"))
                && got != null
                && got.isTextual()
                && got.textValue().trim().matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            return reason + "; remove the quotes";
        }
        return reason;
    }

    /** Whether a name holds a control, format or line/paragraph separator character ({@link UnsafeText}). */
    static boolean hasControlCharacters(String text) {
        return UnsafeText.problem(text).isPresent();
    }

    /**
     * The candidate {@code given} was most likely meant to be: equal ignoring case, dashes and underscores,
     * within a small edit distance, or an abbreviation of it ({@code prodUrl} for {@code productionUrl}). Empty
     * when nothing is close.
     */
    static Optional<String> closest(String given, Collection<String> candidates) {
        String g = squash(given);
        int allowed = Math.max(2, g.length() / 3);
        return candidates.stream()
                .filter(c -> {
                    String s = squash(c);
                    return distance(g, s) <= allowed || isAbbreviation(g, s);
                })
                .min(Comparator.comparingInt(c -> distance(g, squash(c))));
    }

    /** Whether the letters of {@code short} appear in order in {@code full}, starting with the same letter. */
    private static boolean isAbbreviation(String shortName, String full) {
        if (shortName.length() < 3 || full.isEmpty() || shortName.charAt(0) != full.charAt(0)) {
            return false;
        }
        int at = 0;
        for (int i = 0; i < full.length() && at < shortName.length(); i++) {
            if (full.charAt(i) == shortName.charAt(at)) {
                at++;
            }
        }
        return at == shortName.length();
    }

    private static String squash(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Levenshtein distance; the names compared are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
