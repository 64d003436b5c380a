package dev.cutover.core.check.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL lexer just precise enough for {@link ExpandGuard}: it knows where comments, string literals, quoted
 * identifiers and dollar-quoted bodies begin and end, so that a keyword inside any of them is never mistaken for
 * SQL, and it splits a script into statements on the semicolons that are really statement terminators.
 */
final class SqlLexer {

    enum Kind {
        /** an unquoted identifier or keyword; {@link Token#value()} is upper-cased */
        WORD,
        /** a {@code "quoted identifier"}; value is the identifier */
        QUOTED_IDENT,
        /** a string literal ({@code '...'}, {@code E'...'}); value is the unescaped content */
        STRING,
        /** a dollar-quoted string; value is the body between the tags */
        DOLLAR,
        NUMBER,
        /** a positional parameter such as {@code $1} */
        PARAM,
        /** any other single character: parentheses, comma, semicolon, operators */
        PUNCT
    }

    /**
     * @param line  1-based line where the token starts (for a dollar-quoted string, also where its body starts)
     * @param start offset of the first character in the lexed text
     * @param end   offset after the last character
     */
    record Token(Kind kind, String text, String value, int line, int start, int end) {

        boolean isWord(String upper) {
            return kind == Kind.WORD && value.equals(upper);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }
    }

    /**
     * One statement without its terminating semicolon.
     *
     * @param tokens its tokens, never empty
     * @param text   its source text with comments dropped and each run of whitespace or comments shown as one
     *               space
     */
    record Statement(List<Token> tokens, String text) {

        Statement {
            tokens = List.copyOf(tokens);
        }

        int line() {
            return tokens.get(0).line();
        }
    }

    /** The script cannot be lexed: a comment, string, identifier or dollar quote is never closed. */
    static final class UnterminatedException extends RuntimeException {
        private final int line;

        UnterminatedException(int line, String what) {
            super(what + " starting on line " + line + " is never closed");
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final String src;
    private final int n;
    private int pos;
    private int line;

    private SqlLexer(String src, int firstLine) {
        this.src = src;
        this.n = src.length();
        this.line = firstLine;
    }

    /** Lexes {@code src}, numbering lines from {@code firstLine}. */
    static List<Token> lex(String src, int firstLine) {
        return new SqlLexer(src, firstLine).run();
    }

    /** Lexes and splits a script into statements. */
    static List<Statement> statements(String src, int firstLine) {
        return split(lex(src, firstLine), src);
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (pos < n) {
            char c = src.charAt(pos);
            char next = pos + 1 < n ? src.charAt(pos + 1) : '\0';
            if (c == '\n' || c == '\r') {
                newline();
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && next == '-') {
                while (pos < n && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == '/' && next == '*') {
                blockComment();
            } else if (c == '\'') {
                out.add(quoted('\'', false, "string literal"));
            } else if ((c == 'E' || c == 'e') && next == '\'') {
                out.add(quoted('\'', true, "string literal"));
            } else if (c == '"') {
                out.add(quoted('"', false, "quoted identifier"));
            } else if (c == '$') {
                out.add(dollar());
            } else if (isIdentStart(c)) {
                int start = pos;
                while (pos < n && isIdentPart(src.charAt(pos))) {
                    pos++;
                }
                String text = src.substring(start, pos);
                out.add(new Token(Kind.WORD, text, text.toUpperCase(Locale.ROOT), line, start, pos));
            } else if (Character.isDigit(c)) {
                int start = pos;
                while (pos < n
                        && (Character.isLetterOrDigit(src.charAt(pos))
                                || src.charAt(pos) == '.'
                                || src.charAt(pos) == '_')) {
                    pos++;
                }
                String text = src.substring(start, pos);
                out.add(new Token(Kind.NUMBER, text, text, line, start, pos));
            } else {
                String text = String.valueOf(c);
                out.add(new Token(Kind.PUNCT, text, text, line, pos, pos + 1));
                pos++;
            }
        }
        return out;
    }

    /** Consumes one line break ({@code \n}, {@code \r\n} or a lone {@code \r}). */
    private void newline() {
        if (src.charAt(pos) == '\r' && pos + 1 < n && src.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    private void blockComment() {
        int startLine = line;
        int depth = 0;
        while (pos < n) {
            char c = src.charAt(pos);
            char next = pos + 1 < n ? src.charAt(pos + 1) : '\0';
            if (c == '/' && next == '*') {
                depth++;
                pos += 2;
            } else if (c == '*' && next == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else if (c == '\n' || c == '\r') {
                newline();
            } else {
                pos++;
            }
        }
        throw new UnterminatedException(startLine, "block comment");
    }

    /**
     * A literal closed by {@code quote}; a doubled quote stands for one. With {@code backslashEscapes} (an
     * {@code E'...'} string) a backslash escapes the next character as well.
     */
    private Token quoted(char quote, boolean backslashEscapes, String what) {
        int start = pos;
        int startLine = line;
        pos += backslashEscapes ? 2 : 1;
        StringBuilder value = new StringBuilder();
        while (pos < n) {
            char c = src.charAt(pos);
            if (backslashEscapes && c == '\\' && pos + 1 < n) {
                value.append(src.charAt(pos + 1));
                if (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r') {
                    pos++;
                    newline();
                } else {
                    pos += 2;
                }
            } else if (c == quote) {
                if (pos + 1 < n && src.charAt(pos + 1) == quote) {
                    value.append(quote);
                    pos += 2;
                } else {
                    pos++;
                    Kind kind = quote == '"' ? Kind.QUOTED_IDENT : Kind.STRING;
                    return new Token(kind, src.substring(start, pos), value.toString(), startLine, start, pos);
                }
            } else if (c == '\n' || c == '\r') {
                int before = pos;
                newline();
                value.append(src, before, pos);
            } else {
                value.append(c);
                pos++;
            }
        }
        throw new UnterminatedException(startLine, what);
    }

    /** {@code $tag$ ... $tag$}, {@code $$ ... $$}, or else a positional parameter {@code $1} or a lone {@code $}. */
    private Token dollar() {
        int start = pos;
        int i = pos + 1;
        if (i < n && isIdentStart(src.charAt(i))) {
            while (i < n && isIdentPart(src.charAt(i)) && src.charAt(i) != '$') {
                i++;
            }
        }
        if (i < n && src.charAt(i) == '$') {
            String tag = src.substring(start, i + 1);
            int bodyStart = i + 1;
            int close = src.indexOf(tag, bodyStart);
            if (close < 0) {
                throw new UnterminatedException(line, "dollar-quoted string " + tag);
            }
            int startLine = line;
            pos = bodyStart;
            while (pos < close) {
                char c = src.charAt(pos);
                if (c == '\n' || c == '\r') {
                    newline();
                } else {
                    pos++;
                }
            }
            pos = close + tag.length();
            return new Token(
                    Kind.DOLLAR, src.substring(start, pos), src.substring(bodyStart, close), startLine, start, pos);
        }
        pos++;
        if (pos < n && Character.isDigit(src.charAt(pos))) {
            while (pos < n && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.PARAM, src.substring(start, pos), src.substring(start, pos), line, start, pos);
        }
        return new Token(Kind.PUNCT, "$", "$", line, start, pos);
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || (c < 128 ? Character.isLetter(c) : Character.isLetterOrDigit(c));
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }

    /**
     * Splits on top-level semicolons. A SQL-standard routine body ({@code BEGIN ATOMIC ... END}) holds semicolons
     * of its own; they do not end the CREATE statement around it.
     */
    static List<Statement> split(List<Token> tokens, String src) {
        List<Statement> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int atomicDepth = 0;
        for (Token t : tokens) {
            if (t.isPunct(';') && atomicDepth == 0) {
                flush(current, src, out);
                continue;
            }
            current.add(t);
            if (t.kind() != Kind.WORD) {
                continue;
            }
            if (atomicDepth > 0) {
                if (t.isWord("CASE")) {
                    atomicDepth++;
                } else if (t.isWord("END")) {
                    atomicDepth--;
                }
            } else if (t.isWord("ATOMIC")
                    && current.size() >= 2
                    && current.get(current.size() - 2).isWord("BEGIN")
                    && current.get(0).isWord("CREATE")) {
                atomicDepth = 1;
            }
        }
        flush(current, src, out);
        return out;
    }

    private static void flush(List<Token> current, String src, List<Statement> out) {
        if (current.isEmpty()) {
            return;
        }
        out.add(new Statement(current, text(current, src)));
        current.clear();
    }

    /** The source of {@code tokens}, with one space wherever the source had whitespace or a comment between them. */
    static String text(List<Token> tokens, String src) {
        StringBuilder sb = new StringBuilder();
        Token previous = null;
        for (Token t : tokens) {
            if (previous != null && t.start() > previous.end()) {
                sb.append(' ');
            }
            sb.append(src, t.start(), t.end());
            previous = t;
        }
        return sb.toString();
    }
}
