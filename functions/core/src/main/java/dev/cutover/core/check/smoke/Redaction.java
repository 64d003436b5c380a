package dev.cutover.core.check.smoke;

import java.net.URI;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Keeps secrets out of logs and verdicts, and bodies short enough for one log line. */
final class Redaction {

    static final String MASK = "***";
    static final int EXCERPT_CHARS = 200;

    private static final Pattern SENSITIVE =
            Pattern.compile("(?i).*(auth|cookie|token|secret|key|passw|credential|session|signature).*");

    private Redaction() {}

    /** Whether a header or query parameter name suggests its value is a credential. */
    static boolean isSensitiveName(String name) {
        return name != null && SENSITIVE.matcher(name).matches();
    }

    /** Headers for a log line, sorted by name, sensitive values replaced by {@value #MASK}. */
    static String headers(Map<String, String> headers) {
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        new TreeMap<>(headers)
                .forEach((name, value) -> joiner.add(name + "=" + (isSensitiveName(name) ? MASK : value)));
        return joiner.toString();
    }

    /** A URL for display: user info and sensitive query parameter values masked. */
    static String url(URI uri) {
        StringBuilder out = new StringBuilder();
        out.append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(MASK).append('@');
        }
        out.append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            StringJoiner query = new StringJoiner("&", "?", "");
            for (String pair : uri.getRawQuery().split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                query.add(eq >= 0 && isSensitiveName(name) ? name + "=" + MASK : pair);
            }
            out.append(query);
        }
        return out.toString();
    }

    /** A body as a quoted one-line excerpt of at most {@value #EXCERPT_CHARS} characters. */
    static String excerpt(String body) {
        String cut = body.length() > EXCERPT_CHARS ? body.substring(0, EXCERPT_CHARS) : body;
        StringBuilder out = new StringBuilder("\"");
        for (char c : cut.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        out.append('"');
        if (body.length() > EXCERPT_CHARS) {
            out.append("... (").append(body.length()).append(" chars)");
        }
        return out.toString();
    }
}
