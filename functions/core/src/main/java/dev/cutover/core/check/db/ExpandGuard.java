package dev.cutover.core.check.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.cutover.core.check.db.SqlLexer.Kind;
import dev.cutover.core.check.db.SqlLexer.Statement;
import dev.cutover.core.check.db.SqlLexer.Token;

/**
 * Decides whether a SQL migration is safe to run in the expand phase of an expand/contract migration, i.e. while
 * blue still runs against the same schema: nothing blue reads or writes may disappear, change name or type, or
 * start refusing the rows blue inserts.
 *
 * <p>Refused: {@code DROP} (except {@code DROP INDEX}) and {@code ALTER ... DROP} (except {@code DROP NOT NULL},
 * which only relaxes), {@code TRUNCATE}, {@code RENAME} and {@code SET SCHEMA}, column type changes, and
 * {@code NOT NULL} without a default on an existing table ({@code ADD COLUMN ... NOT NULL} with no
 * {@code DEFAULT}, {@code ALTER COLUMN ... SET NOT NULL}). {@code NOT NULL} inside {@code CREATE TABLE} is fine:
 * blue does not know the new table. Text inside comments, string literals, quoted identifiers and dollar-quoted
 * bodies is never taken for SQL, except the body of a {@code DO} block, which runs during the migration and is
 * checked like the script around it. Dynamic SQL ({@code EXECUTE '...'}) cannot be seen.
 *
 * <p>A file whose first line is {@value #CONTRACT_MARKER} declares itself a contract migration and is refused as a
 * whole: contract migrations run after blue is retired, never in BeforeInstall.
 *
 * <p>Pure: no database, no I/O.
 */
public final class ExpandGuard {

    /** First-line comment by which a migration declares itself part of the contract phase. */
    public static final String CONTRACT_MARKER = "-- cutover:contract";

    private static final Pattern CONTRACT_LINE =
            Pattern.compile("^\\s*--\\s*cutover:contract\\b.*", Pattern.CASE_INSENSITIVE);
    private static final int MAX_STATEMENT_CHARS = 120;
    private static final Set<String> TABLE_CONSTRAINTS =
            Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE");
    private static final Set<String> SERIAL_TYPES =
            Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8");
    private static final Set<String> DO_BODY_STATEMENTS = Set.of("ALTER", "DROP", "TRUNCATE");

    /** Why a statement is refused. */
    public enum Rule {
        DROP("drop is not an expand migration"),
        TRUNCATE("truncate is not an expand migration"),
        RENAME("rename is not an expand migration"),
        TYPE_CHANGE("column type change is not an expand migration"),
        NOT_NULL_WITHOUT_DEFAULT("NOT NULL without a default is not an expand migration"),
        CONTRACT("contract migration cannot run in BeforeInstall"),
        UNCHECKABLE("cannot be checked by the expand guard");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One refused statement.
     *
     * @param file      the migration's file name, e.g. {@code V3__widen_total.sql}
     * @param line      1-based line of the offending clause: the statement's first line for a {@code DROP TABLE}
     *                  or {@code TRUNCATE}, the line of the {@code DROP}/{@code RENAME}/{@code ALTER COLUMN}/
     *                  {@code ADD} clause inside an {@code ALTER}
     * @param rule      the rule it breaks
     * @param statement the statement, whitespace collapsed, comments dropped, cut at about 120 characters
     */
    public record Violation(String file, int line, Rule rule, String statement) {

        public Violation {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(statement, "statement");
        }

        /** e.g. {@code V3__widen_total.sql:4: column type change is not an expand migration: ALTER TABLE ...} */
        public String message() {
            return file + ":" + line + ": " + rule.description() + ": " + statement;
        }

        @Override
        public String toString() {
            return message();
        }
    }

    private ExpandGuard() {}

    /**
     * Checks one migration script.
     *
     * @param file the file name reported in violations
     * @param sql  the script's content
     * @return every violation, in the order they appear; empty when the script is expand-safe
     */
    public static List<Violation> check(String file, String sql) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sql, "sql");
        String text = sql.startsWith("\uFEFF") ? sql.substring(1) : sql;
        String firstLine = text.lines().findFirst().orElse("");
        if (CONTRACT_LINE.matcher(firstLine).matches()) {
            return List.of(new Violation(
                    file,
                    1,
                    Rule.CONTRACT,
                    CONTRACT_MARKER + " (run it after blue is retired, not in the expand phase)"));
        }
        List<Violation> out = new ArrayList<>();
        try {
            for (Statement statement : SqlLexer.statements(text, 1)) {
                checkStatement(file, statement, out);
            }
        } catch (SqlLexer.UnterminatedException e) {
            out.add(new Violation(file, e.line(), Rule.UNCHECKABLE, e.getMessage()));
        }
        return List.copyOf(out);
    }

    private static void checkStatement(String file, Statement statement, List<Violation> out) {
        List<Token> t = statement.tokens();
        Token first = t.get(0);
        if (first.isWord("DROP")) {
            if (!wordAt(t, 1, "INDEX")) {
                out.add(violation(file, first, Rule.DROP, statement));
            }
        } else if (first.isWord("TRUNCATE")) {
            out.add(violation(file, first, Rule.TRUNCATE, statement));
        } else if (first.isWord("ALTER")) {
            checkAlter(file, statement, out);
        } else if (first.isWord("DO")) {
            checkDoBlock(file, statement, out);
        }
    }

    /** {@code ALTER <kind> [IF EXISTS] [ONLY] name [*] action [, action ...]} */
    private static void checkAlter(String file, Statement statement, List<Violation> out) {
        List<Token> t = statement.tokens();
        int i = 1;
        if (i >= t.size() || wordAt(t, i, "INDEX")) {
            // indexes are invisible to blue's queries: building, renaming or dropping them cannot break blue
            return;
        }
        boolean table = wordAt(t, i, "TABLE") || (wordAt(t, i, "FOREIGN") && wordAt(t, i + 1, "TABLE"));
        i += wordAt(t, i, "FOREIGN") || wordAt(t, i, "MATERIALIZED") ? 2 : 1;
        if (wordAt(t, i, "IF") && wordAt(t, i + 1, "EXISTS")) {
            i += 2;
        }
        if (wordAt(t, i, "ONLY")) {
            i++;
        }
        i = skipName(t, i);
        for (List<Token> action : actions(t, i)) {
            checkAlterAction(file, statement, action, table, out);
        }
    }

    private static void checkAlterAction(
            String file, Statement statement, List<Token> a, boolean table, List<Violation> out) {
        Token head = a.get(0);
        if (head.isWord("RENAME")) {
            out.add(violation(file, head, Rule.RENAME, statement));
        } else if (head.isWord("DROP")) {
            if (!(wordAt(a, 1, "NOT") && wordAt(a, 2, "NULL"))) {
                out.add(violation(file, head, Rule.DROP, statement));
            }
        } else if (head.isWord("SET")) {
            if (wordAt(a, 1, "SCHEMA")) {
                // moving an object to another schema hides it from blue exactly like a rename
                out.add(violation(file, head, Rule.RENAME, statement));
            } else if (wordAt(a, 1, "NOT") && wordAt(a, 2, "NULL")) {
                out.add(violation(file, head, Rule.NOT_NULL_WITHOUT_DEFAULT, statement));
            }
        } else if (head.isWord("ALTER")) {
            checkAlterColumn(file, statement, a, out);
        } else if (head.isWord("ADD") && table) {
            checkAddColumn(file, statement, a, out);
        }
    }

    /** {@code ALTER [COLUMN | ATTRIBUTE] name { [SET DATA] TYPE | SET NOT NULL | DROP ... }} */
    private static void checkAlterColumn(String file, Statement statement, List<Token> a, List<Violation> out) {
        Token head = a.get(0);
        int i = 1;
        if (wordAt(a, i, "CONSTRAINT")) {
            return;
        }
        if (wordAt(a, i, "COLUMN") || wordAt(a, i, "ATTRIBUTE")) {
            i++;
        }
        i++;
        if (wordAt(a, i, "TYPE") || (wordAt(a, i, "SET") && wordAt(a, i + 1, "DATA") && wordAt(a, i + 2, "TYPE"))) {
            out.add(violation(file, head, Rule.TYPE_CHANGE, statement));
        } else if (wordAt(a, i, "SET") && wordAt(a, i + 1, "NOT") && wordAt(a, i + 2, "NULL")) {
            out.add(violation(file, head, Rule.NOT_NULL_WITHOUT_DEFAULT, statement));
        } else if (wordAt(a, i, "DROP") && !(wordAt(a, i + 1, "NOT") && wordAt(a, i + 2, "NULL"))) {
            // DROP DEFAULT, DROP IDENTITY, DROP EXPRESSION: blue's inserts relied on the value being filled in
            out.add(violation(file, head, Rule.DROP, statement));
        }
    }

    /**
     * {@code ADD [COLUMN] [IF NOT EXISTS] name type [constraints]}: a NOT NULL (or PRIMARY KEY) column needs a
     * value for the rows blue inserts without it, i.e. a default, a generated value, or a serial type.
     */
    private static void checkAddColumn(String file, Statement statement, List<Token> a, List<Violation> out) {
        int i = 1;
        if (wordAt(a, i, "COLUMN")) {
            i++;
        } else if (i < a.size()
                && a.get(i).kind() == Kind.WORD
                && TABLE_CONSTRAINTS.contains(a.get(i).value())) {
            return;
        }
        if (wordAt(a, i, "IF") && wordAt(a, i + 1, "NOT") && wordAt(a, i + 2, "EXISTS")) {
            i += 3;
        }
        i++;
        boolean filled = i < a.size()
                && a.get(i).kind() == Kind.WORD
                && SERIAL_TYPES.contains(a.get(i).value());
        boolean required = false;
        int depth = 0;
        for (int k = i; k < a.size(); k++) {
            Token tok = a.get(k);
            if (tok.isPunct('(')) {
                depth++;
            } else if (tok.isPunct(')')) {
                depth--;
            } else if (depth == 0 && tok.kind() == Kind.WORD) {
                switch (tok.value()) {
                    case "DEFAULT" -> filled |= !wordAt(a, k + 1, "NULL");
                    case "GENERATED" -> filled = true;
                    case "NOT" -> required |= wordAt(a, k + 1, "NULL") && !wordAt(a, k - 1, "IS");
                    case "PRIMARY" -> required |= wordAt(a, k + 1, "KEY");
                    default -> {}
                }
            }
        }
        if (required && !filled) {
            out.add(violation(file, a.get(0), Rule.NOT_NULL_WITHOUT_DEFAULT, statement));
        }
    }

    /**
     * A DO block runs while the migration runs, so its body is checked too. PL/pgSQL wraps statements in BEGIN,
     * IF ... THEN and the like; each body statement is checked from its first ALTER, DROP or TRUNCATE.
     */
    private static void checkDoBlock(String file, Statement statement, List<Violation> out) {
        for (Token body : statement.tokens()) {
            if (body.kind() != Kind.DOLLAR && body.kind() != Kind.STRING) {
                continue;
            }
            for (Statement inner : SqlLexer.statements(body.value(), body.line())) {
                int depth = 0;
                List<Token> t = inner.tokens();
                for (int k = 0; k < t.size(); k++) {
                    Token tok = t.get(k);
                    if (tok.isPunct('(')) {
                        depth++;
                    } else if (tok.isPunct(')')) {
                        depth--;
                    } else if (depth == 0 && tok.kind() == Kind.WORD && DO_BODY_STATEMENTS.contains(tok.value())) {
                        checkStatement(
                                file,
                                new Statement(
                                        t.subList(k, t.size()), SqlLexer.text(t.subList(k, t.size()), body.value())),
                                out);
                        break;
                    }
                }
            }
            return;
        }
    }

    /** Skips a possibly qualified name, a {@code *} (descendant tables) and a routine's argument list. */
    private static int skipName(List<Token> t, int i) {
        if (i < t.size()) {
            i++;
        }
        while (i + 1 < t.size() && t.get(i).isPunct('.')) {
            i += 2;
        }
        if (i < t.size() && t.get(i).isPunct('*')) {
            i++;
        }
        if (i < t.size() && t.get(i).isPunct('(')) {
            int depth = 0;
            do {
                if (t.get(i).isPunct('(')) {
                    depth++;
                } else if (t.get(i).isPunct(')')) {
                    depth--;
                }
                i++;
            } while (i < t.size() && depth > 0);
        }
        return i;
    }

    /** The comma-separated actions of an ALTER, from token {@code i} on. */
    private static List<List<Token>> actions(List<Token> t, int i) {
        List<List<Token>> out = new ArrayList<>();
        int depth = 0;
        int start = i;
        for (int k = i; k < t.size(); k++) {
            Token tok = t.get(k);
            if (tok.isPunct('(')) {
                depth++;
            } else if (tok.isPunct(')')) {
                depth--;
            } else if (tok.isPunct(',') && depth == 0) {
                if (k > start) {
                    out.add(t.subList(start, k));
                }
                start = k + 1;
            }
        }
        if (start < t.size()) {
            out.add(t.subList(start, t.size()));
        }
        return out;
    }

    private static boolean wordAt(List<Token> t, int i, String upper) {
        return i >= 0 && i < t.size() && t.get(i).isWord(upper);
    }

    private static Violation violation(String file, Token at, Rule rule, Statement statement) {
        return new Violation(file, at.line(), rule, shorten(statement.text()));
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_STATEMENT_CHARS
                ? oneLine
                : oneLine.substring(0, MAX_STATEMENT_CHARS - 3) + "...";
    }
}
