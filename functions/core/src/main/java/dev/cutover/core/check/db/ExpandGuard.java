package dev.cutover.core.check.db;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.cutover.core.check.db.SqlLexer.Kind;
import dev.cutover.core.check.db.SqlLexer.Statement;
import dev.cutover.core.check.db.SqlLexer.Token;

/**
 * Decides whether a SQL migration is safe to run in the expand phase of an expand/contract migration, i.e. while
 * blue still runs against the same schema: nothing blue reads or writes may disappear, change name or type, or
 * start refusing the rows blue inserts, and nothing may lock blue out of a table it uses for longer than a catalog
 * change takes.
 *
 * <p>Refused: {@code DROP} (except {@code DROP INDEX}) and {@code ALTER ... DROP} (except {@code DROP NOT NULL},
 * which only relaxes), {@code TRUNCATE}, {@code RENAME} and {@code SET SCHEMA}, column type changes, and
 * {@code NOT NULL} without a default on an existing table ({@code ADD COLUMN ... NOT NULL} with no
 * {@code DEFAULT}, {@code ALTER COLUMN ... SET NOT NULL}). {@code NOT NULL} inside {@code CREATE TABLE} is fine:
 * blue does not know the new table.
 *
 * <p>Also refused on a table the migration set did not create (these lock or scan a table blue uses):
 * {@code ADD CONSTRAINT ... CHECK | FOREIGN KEY} without {@code NOT VALID} (validate it with
 * {@code VALIDATE CONSTRAINT} in a later deployment: all pending migrations run in one transaction, so validating in
 * the same set holds the add's lock through the scan, and that is refused too); {@code ADD ... UNIQUE | PRIMARY KEY}
 * without {@code USING INDEX}, on a new column too, and {@code EXCLUDE}; a new column with a {@code CHECK} or
 * {@code REFERENCES}, or filled per row (a volatile default such as {@code gen_random_uuid()}, a serial, identity
 * or stored generated column: the table is rewritten); {@code CREATE [UNIQUE] INDEX} without
 * {@code CONCURRENTLY}; {@code UPDATE}, {@code DELETE} and {@code MERGE} (data changes, including data-modifying
 * {@code WITH} clauses). A migration holding {@code CREATE INDEX CONCURRENTLY} must hold nothing else: Flyway runs it
 * outside a transaction, so any other statement in it would not roll back. A table created earlier in the same set
 * (the pending migrations checked together, in order) is new, empty and unknown to blue, so these do not apply to it.
 *
 * <p>Text inside comments, string literals, quoted identifiers and dollar-quoted bodies is never taken for SQL,
 * except the body of a {@code DO} block, which runs during the migration and is checked like the script around it.
 * Dynamic SQL ({@code EXECUTE '...'}) cannot be seen. Names are compared without their schema.
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
    /** Statements a DO body is checked from only where a PL/pgSQL statement can start (not {@code FOR UPDATE}). */
    private static final Set<String> DO_BODY_LEADING_STATEMENTS = Set.of("CREATE", "UPDATE", "DELETE", "MERGE");

    /** Functions whose value differs per row: as a column default, PostgreSQL rewrites the table to fill them. */
    private static final Set<String> VOLATILE_FUNCTIONS = Set.of(
            "GEN_RANDOM_UUID",
            "UUID_GENERATE_V1",
            "UUID_GENERATE_V1MC",
            "UUID_GENERATE_V4",
            "UUIDV4",
            "UUIDV7",
            "RANDOM",
            "CLOCK_TIMESTAMP",
            "TIMEOFDAY",
            "NEXTVAL",
            "TXID_CURRENT");

    private static final Set<String> PLPGSQL_STATEMENT_STARTS = Set.of("BEGIN", "THEN", "ELSE", "LOOP");
    private static final Set<String> DATA_CHANGES = Set.of("UPDATE", "DELETE", "MERGE");
    private static final Set<String> CREATE_TABLE_MODIFIERS =
            Set.of("OR", "REPLACE", "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED");

    /** Why a statement is refused, and what to write instead. */
    public enum Rule {
        DROP(
                "drop is not an expand migration",
                "keep the object while blue runs; drop it in a contract migration after blue is retired"),
        TRUNCATE(
                "truncate is not an expand migration",
                "keep the rows while blue runs; delete them after blue is retired, outside BeforeInstall"),
        RENAME(
                "rename is not an expand migration",
                "add the new name beside the old one (a new column or a view), write both, and drop the old one in"
                        + " a contract migration"),
        TYPE_CHANGE(
                "column type change is not an expand migration",
                "add a column of the new type, write both, backfill, and drop the old column in a contract migration"),
        NOT_NULL_WITHOUT_DEFAULT(
                "NOT NULL without a default is not an expand migration",
                "give the column a DEFAULT, or add a CHECK (col IS NOT NULL) NOT VALID constraint and validate it"
                        + " in a later deployment"),
        CONSTRAINT_NOT_VALID_MISSING(
                "a CHECK or FOREIGN KEY constraint added without NOT VALID scans the table while blocking blue's"
                        + " writes",
                "ADD CONSTRAINT ... NOT VALID here, then ALTER TABLE ... VALIDATE CONSTRAINT ... in a later"
                        + " deployment's migration"),
        VALIDATE_IN_SAME_SET(
                "VALIDATE CONSTRAINT in the migration set that added the constraint runs in the same transaction,"
                        + " holding the add's lock through the whole scan",
                "validate the constraint in a later deployment's migration"),
        UNIQUE_WITHOUT_INDEX(
                "a UNIQUE or PRIMARY KEY constraint builds its index while blocking blue's reads and writes",
                "CREATE UNIQUE INDEX CONCURRENTLY ... in a migration of its own, then ADD CONSTRAINT name UNIQUE"
                        + " USING INDEX (or PRIMARY KEY USING INDEX) in a later migration"),
        EXCLUSION_CONSTRAINT(
                "an EXCLUDE constraint builds its index while blocking blue's reads and writes, and has no online"
                        + " form",
                "put the exclusion constraint on a new table, or add it outside the deployment in a maintenance"
                        + " window"),
        TABLE_REWRITE(
                "a column filled per row (volatile default, serial, identity or stored generated column) rewrites the"
                        + " whole table while blocking blue's reads and writes",
                "add the column without a default (or with a constant one), set the default for new rows with ALTER"
                        + " COLUMN ... SET DEFAULT, and backfill existing rows in batches after the deployment"),
        INDEX_WITHOUT_CONCURRENTLY(
                "CREATE INDEX without CONCURRENTLY on an existing table blocks blue's writes while it builds",
                "CREATE INDEX CONCURRENTLY (or CREATE UNIQUE INDEX CONCURRENTLY) in a migration of its own, outside a"
                        + " DO block; Cutover runs such a migration outside a transaction"),
        CONCURRENTLY_NOT_ALONE(
                "a migration with CREATE INDEX CONCURRENTLY runs outside a transaction, so its other statements"
                        + " would not roll back",
                "move the CONCURRENTLY statements to a migration of their own"),
        DATA_CHANGE(
                "UPDATE, DELETE and MERGE change blue's data during the migration and lock the rows they touch",
                "backfill or fix data outside the expand migration, in small batches each in its own transaction,"
                        + " once the expand schema is live"),
        CONTRACT("contract migration cannot run in BeforeInstall", ""),
        UNCHECKABLE("cannot be checked by the expand guard", "");

        private final String description;
        private final String instead;

        Rule(String description, String instead) {
            this.description = description;
            this.instead = instead;
        }

        public String description() {
            return description;
        }

        /** What to write instead; empty when the statement already says it. */
        public String instead() {
            return instead;
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

        /**
         * e.g. {@code V3__widen_total.sql:4: column type change is not an expand migration: ALTER TABLE ...;
         * instead: add a column of the new type, ...}
         */
        public String message() {
            return file + ":" + line + ": " + rule.description() + ": " + statement
                    + (rule.instead().isEmpty() ? "" : "; instead: " + rule.instead());
        }

        @Override
        public String toString() {
            return message();
        }
    }

    /**
     * One migration script of a set.
     *
     * @param file the file name reported in violations
     * @param sql  the script's content
     */
    public record Script(String file, String sql) {

        public Script {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sql, "sql");
        }
    }

    /** What the scripts checked so far created, and where violations go. */
    private static final class Scope {
        final Set<String> createdTables = new HashSet<>();
        final Set<String> notValidConstraints = new HashSet<>();
        final List<Violation> out = new ArrayList<>();
        String file;
        int concurrentStatements;
        int otherStatements;
        Token firstConcurrent;
        Statement firstConcurrentStatement;

        void add(Token at, Rule rule, Statement statement) {
            out.add(new Violation(file, at.line(), rule, shorten(statement.text())));
        }

        boolean isNew(String table) {
            return table != null && createdTables.contains(table);
        }
    }

    private ExpandGuard() {}

    /**
     * Checks one migration script on its own: only tables it creates itself count as new.
     *
     * @param file the file name reported in violations
     * @param sql  the script's content
     * @return every violation, in the order they appear; empty when the script is expand-safe
     */
    public static List<Violation> check(String file, String sql) {
        return check(List.of(new Script(file, sql)));
    }

    /**
     * Checks the migrations that will run together, in the order they run: a table one of them creates is new for
     * the ones after it.
     *
     * @return every violation, in the order they appear; empty when the whole set is expand-safe
     */
    public static List<Violation> check(List<Script> scripts) {
        Objects.requireNonNull(scripts, "scripts");
        Scope scope = new Scope();
        for (Script script : scripts) {
            checkScript(scope, script);
        }
        return List.copyOf(scope.out);
    }

    private static void checkScript(Scope scope, Script script) {
        String sql = script.sql();
        String text = sql.startsWith("\uFEFF") ? sql.substring(1) : sql;
        String firstLine = text.lines().findFirst().orElse("");
        scope.file = script.file();
        if (CONTRACT_LINE.matcher(firstLine).matches()) {
            scope.out.add(new Violation(
                    script.file(),
                    1,
                    Rule.CONTRACT,
                    CONTRACT_MARKER + " (run it after blue is retired, not in the expand phase)"));
            return;
        }
        scope.concurrentStatements = 0;
        scope.otherStatements = 0;
        scope.firstConcurrent = null;
        try {
            for (Statement statement : SqlLexer.statements(text, 1)) {
                countForConcurrently(scope, statement);
                checkStatement(scope, statement);
            }
        } catch (SqlLexer.UnterminatedException e) {
            scope.out.add(new Violation(script.file(), e.line(), Rule.UNCHECKABLE, e.getMessage()));
            return;
        }
        if (scope.concurrentStatements > 0 && scope.otherStatements > 0) {
            scope.add(scope.firstConcurrent, Rule.CONCURRENTLY_NOT_ALONE, scope.firstConcurrentStatement);
        }
    }

    /**
     * Whether Flyway will run this script outside a transaction: it holds {@code CREATE/DROP INDEX CONCURRENTLY} or
     * {@code REINDEX ... CONCURRENTLY}. A script that cannot be lexed counts as transactional (the guard refuses it).
     */
    public static boolean runsOutsideTransaction(String sql) {
        try {
            return SqlLexer.statements(sql, 1).stream().anyMatch(ExpandGuard::isConcurrent);
        } catch (SqlLexer.UnterminatedException e) {
            return false;
        }
    }

    private static boolean isConcurrent(Statement statement) {
        List<Token> t = statement.tokens();
        return (t.get(0).isWord("CREATE") || t.get(0).isWord("DROP") || t.get(0).isWord("REINDEX"))
                && t.stream().limit(6).anyMatch(tok -> tok.isWord("CONCURRENTLY"));
    }

    /**
     * Flyway runs a PostgreSQL migration outside a transaction when it holds a statement that cannot run inside one
     * ({@code CREATE/DROP INDEX CONCURRENTLY}, {@code REINDEX ... CONCURRENTLY}); session settings may sit beside it.
     */
    private static void countForConcurrently(Scope scope, Statement statement) {
        List<Token> t = statement.tokens();
        if (isConcurrent(statement)) {
            if (scope.firstConcurrent == null) {
                scope.firstConcurrent = t.get(0);
                scope.firstConcurrentStatement = statement;
            }
            scope.concurrentStatements++;
        } else if (!t.get(0).isWord("SET") && !t.get(0).isWord("RESET")) {
            scope.otherStatements++;
        }
    }

    private static void checkStatement(Scope scope, Statement statement) {
        List<Token> t = statement.tokens();
        Token first = t.get(0);
        if (first.isWord("DROP")) {
            if (!wordAt(t, 1, "INDEX")) {
                scope.add(first, Rule.DROP, statement);
            }
        } else if (first.isWord("TRUNCATE")) {
            scope.add(first, Rule.TRUNCATE, statement);
        } else if (first.isWord("ALTER")) {
            checkAlter(scope, statement);
        } else if (first.isWord("CREATE")) {
            checkCreate(scope, statement);
        } else if (first.kind() == Kind.WORD && DATA_CHANGES.contains(first.value())) {
            checkDataChange(scope, statement, 0);
        } else if (first.isWord("WITH")) {
            checkWith(scope, statement);
        } else if (first.isWord("DO")) {
            checkDoBlock(scope, statement);
        }
    }

    /**
     * {@code CREATE ... TABLE name} records a new table; {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT
     * EXISTS] name] ON [ONLY] table} on a table that is not new needs {@code CONCURRENTLY}.
     */
    private static void checkCreate(Scope scope, Statement statement) {
        List<Token> t = statement.tokens();
        int i = 1;
        while (i < t.size()
                && t.get(i).kind() == Kind.WORD
                && CREATE_TABLE_MODIFIERS.contains(t.get(i).value())) {
            i++;
        }
        if (wordAt(t, i, "TABLE")) {
            i++;
            if (wordAt(t, i, "IF") && wordAt(t, i + 1, "NOT") && wordAt(t, i + 2, "EXISTS")) {
                i += 3;
            }
            String table = name(t, i);
            if (table != null) {
                scope.createdTables.add(table);
            }
            return;
        }
        i = 1;
        if (wordAt(t, i, "UNIQUE")) {
            i++;
        }
        if (!wordAt(t, i, "INDEX")) {
            return;
        }
        i++;
        boolean concurrently = wordAt(t, i, "CONCURRENTLY");
        while (i < t.size() && !t.get(i).isWord("ON")) {
            i++;
        }
        i++;
        if (wordAt(t, i, "ONLY")) {
            i++;
        }
        String table = name(t, i);
        if (!concurrently && !scope.isNew(table)) {
            scope.add(t.get(0), Rule.INDEX_WITHOUT_CONCURRENTLY, statement);
        }
    }

    /** {@code UPDATE [ONLY] t}, {@code DELETE FROM [ONLY] t}, {@code MERGE INTO [ONLY] t}, from token {@code k}. */
    private static void checkDataChange(Scope scope, Statement statement, int k) {
        List<Token> t = statement.tokens();
        int i = k + 1;
        if (wordAt(t, i, "FROM") || wordAt(t, i, "INTO")) {
            i++;
        }
        if (wordAt(t, i, "ONLY")) {
            i++;
        }
        if (!scope.isNew(name(t, i))) {
            scope.add(t.get(k), Rule.DATA_CHANGE, statement);
        }
    }

    /** A {@code WITH} clause may hold data-modifying statements: {@code x AS (DELETE ...)} or {@code ) UPDATE}. */
    private static void checkWith(Scope scope, Statement statement) {
        List<Token> t = statement.tokens();
        for (int k = 1; k < t.size(); k++) {
            Token tok = t.get(k);
            if (tok.kind() == Kind.WORD
                    && DATA_CHANGES.contains(tok.value())
                    && (t.get(k - 1).isPunct('(') || t.get(k - 1).isPunct(')'))) {
                checkDataChange(scope, statement, k);
                return;
            }
        }
    }

    /** {@code ALTER <kind> [IF EXISTS] [ONLY] name [*] action [, action ...]} */
    private static void checkAlter(Scope scope, Statement statement) {
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
        String name = name(t, i);
        boolean existingTable = table && !scope.isNew(name);
        i = skipName(t, i);
        for (List<Token> action : actions(t, i)) {
            checkAlterAction(scope, statement, action, table, existingTable);
        }
    }

    private static void checkAlterAction(
            Scope scope, Statement statement, List<Token> a, boolean table, boolean existingTable) {
        Token head = a.get(0);
        if (head.isWord("RENAME")) {
            scope.add(head, Rule.RENAME, statement);
        } else if (head.isWord("DROP")) {
            if (!(wordAt(a, 1, "NOT") && wordAt(a, 2, "NULL"))) {
                scope.add(head, Rule.DROP, statement);
            }
        } else if (head.isWord("SET")) {
            if (wordAt(a, 1, "SCHEMA")) {
                // moving an object to another schema hides it from blue exactly like a rename
                scope.add(head, Rule.RENAME, statement);
            } else if (wordAt(a, 1, "NOT") && wordAt(a, 2, "NULL")) {
                scope.add(head, Rule.NOT_NULL_WITHOUT_DEFAULT, statement);
            }
        } else if (head.isWord("ALTER")) {
            checkAlterColumn(scope, statement, a);
        } else if (head.isWord("ADD") && table) {
            checkAdd(scope, statement, a, existingTable);
        } else if (head.isWord("VALIDATE") && wordAt(a, 1, "CONSTRAINT")) {
            if (scope.notValidConstraints.contains(name(a, 2))) {
                scope.add(head, Rule.VALIDATE_IN_SAME_SET, statement);
            }
        }
    }

    /** {@code ALTER [COLUMN | ATTRIBUTE] name { [SET DATA] TYPE | SET NOT NULL | DROP ... }} */
    private static void checkAlterColumn(Scope scope, Statement statement, List<Token> a) {
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
            scope.add(head, Rule.TYPE_CHANGE, statement);
        } else if (wordAt(a, i, "SET") && wordAt(a, i + 1, "NOT") && wordAt(a, i + 2, "NULL")) {
            scope.add(head, Rule.NOT_NULL_WITHOUT_DEFAULT, statement);
        } else if (wordAt(a, i, "DROP") && !(wordAt(a, i + 1, "NOT") && wordAt(a, i + 2, "NULL"))) {
            // DROP DEFAULT, DROP IDENTITY, DROP EXPRESSION: blue's inserts relied on the value being filled in
            scope.add(head, Rule.DROP, statement);
        }
    }

    /** {@code ADD [CONSTRAINT name] CHECK | FOREIGN KEY | UNIQUE | PRIMARY KEY | EXCLUDE ...} or a column. */
    private static void checkAdd(Scope scope, Statement statement, List<Token> a, boolean existingTable) {
        int i = 1;
        String constraint = null;
        if (wordAt(a, i, "CONSTRAINT")) {
            constraint = name(a, i + 1);
            i = skipName(a, i + 1);
        } else if (!(i < a.size()
                && a.get(i).kind() == Kind.WORD
                && TABLE_CONSTRAINTS.contains(a.get(i).value()))) {
            checkAddColumn(scope, statement, a, existingTable);
            return;
        }
        boolean notValid = hasTopLevel(a, "NOT", "VALID");
        if (notValid && constraint != null) {
            scope.notValidConstraints.add(constraint);
        }
        if (!existingTable) {
            return;
        }
        Token head = a.get(0);
        if (wordAt(a, i, "CHECK") || wordAt(a, i, "FOREIGN")) {
            if (!notValid) {
                scope.add(head, Rule.CONSTRAINT_NOT_VALID_MISSING, statement);
            }
        } else if (wordAt(a, i, "UNIQUE") || (wordAt(a, i, "PRIMARY") && wordAt(a, i + 1, "KEY"))) {
            if (!hasTopLevel(a, "USING", "INDEX")) {
                scope.add(head, Rule.UNIQUE_WITHOUT_INDEX, statement);
            }
        } else if (wordAt(a, i, "EXCLUDE")) {
            scope.add(head, Rule.EXCLUSION_CONSTRAINT, statement);
        }
    }

    /**
     * {@code ADD [COLUMN] [IF NOT EXISTS] name type [constraints]}: a NOT NULL (or PRIMARY KEY) column needs a
     * value for the rows blue inserts without it, i.e. a default, a generated value, or a serial type; a UNIQUE or
     * PRIMARY KEY column on an existing table builds an index under the ALTER's lock, a CHECK or REFERENCES on it
     * checks every existing row, and a value computed per row (volatile default, serial, identity, stored generated
     * column) rewrites the table (PostgreSQL: ALTER TABLE, notes).
     */
    private static void checkAddColumn(Scope scope, Statement statement, List<Token> a, boolean existingTable) {
        int i = 1;
        if (wordAt(a, i, "COLUMN")) {
            i++;
        }
        if (wordAt(a, i, "IF") && wordAt(a, i + 1, "NOT") && wordAt(a, i + 2, "EXISTS")) {
            i += 3;
        }
        i++;
        boolean filled = i < a.size()
                && a.get(i).kind() == Kind.WORD
                && SERIAL_TYPES.contains(a.get(i).value());
        boolean rewrite = filled;
        boolean required = false;
        boolean unique = false;
        boolean validated = false;
        boolean[] top = topLevel(a);
        for (int k = i; k < a.size(); k++) {
            Token tok = a.get(k);
            if (tok.kind() == Kind.WORD
                    && VOLATILE_FUNCTIONS.contains(tok.value())
                    && k + 1 < a.size()
                    && a.get(k + 1).isPunct('(')) {
                rewrite = true;
            }
            if (top[k] && tok.kind() == Kind.WORD) {
                switch (tok.value()) {
                    case "DEFAULT" -> filled |= !wordAt(a, k + 1, "NULL");
                    case "GENERATED" -> {
                        filled = true;
                        rewrite = true;
                    }
                    case "CHECK", "REFERENCES" -> validated = true;
                    case "NOT" -> required |= wordAt(a, k + 1, "NULL") && !wordAt(a, k - 1, "IS");
                    case "PRIMARY" -> {
                        required |= wordAt(a, k + 1, "KEY");
                        unique |= wordAt(a, k + 1, "KEY");
                    }
                    case "UNIQUE" -> unique = true;
                    default -> {}
                }
            }
        }
        if (required && !filled) {
            scope.add(a.get(0), Rule.NOT_NULL_WITHOUT_DEFAULT, statement);
        }
        if (unique && existingTable) {
            scope.add(a.get(0), Rule.UNIQUE_WITHOUT_INDEX, statement);
        }
        if (validated && existingTable) {
            scope.add(a.get(0), Rule.CONSTRAINT_NOT_VALID_MISSING, statement);
        }
        if (rewrite && existingTable) {
            scope.add(a.get(0), Rule.TABLE_REWRITE, statement);
        }
    }

    /**
     * A DO block runs while the migration runs, so its body is checked too. PL/pgSQL wraps statements in BEGIN,
     * IF ... THEN and the like; each body statement is checked from its first ALTER, DROP or TRUNCATE, or from a
     * CREATE, UPDATE, DELETE or MERGE where a PL/pgSQL statement starts.
     */
    private static void checkDoBlock(Scope scope, Statement statement) {
        for (Token body : statement.tokens()) {
            if (body.kind() != Kind.DOLLAR && body.kind() != Kind.STRING) {
                continue;
            }
            for (Statement inner : SqlLexer.statements(body.value(), body.line())) {
                List<Token> t = inner.tokens();
                boolean[] top = topLevel(t);
                for (int k = 0; k < t.size(); k++) {
                    if (top[k] && t.get(k).kind() == Kind.WORD && startsBodyStatement(t, k)) {
                        checkStatement(
                                scope,
                                new Statement(
                                        t.subList(k, t.size()), SqlLexer.text(t.subList(k, t.size()), body.value())));
                        break;
                    }
                }
            }
            return;
        }
    }

    private static boolean startsBodyStatement(List<Token> t, int k) {
        String word = t.get(k).value();
        if (DO_BODY_STATEMENTS.contains(word)) {
            return true;
        }
        return DO_BODY_LEADING_STATEMENTS.contains(word)
                && (k == 0
                        || (t.get(k - 1).kind() == Kind.WORD
                                && PLPGSQL_STATEMENT_STARTS.contains(
                                        t.get(k - 1).value())));
    }

    /** The last part of a possibly qualified name at {@code i}: lower case unless quoted; null when none. */
    private static String name(List<Token> t, int i) {
        String last = null;
        while (i < t.size()) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.WORD) {
                last = tok.value().toLowerCase(Locale.ROOT);
            } else if (tok.kind() == Kind.QUOTED_IDENT) {
                last = tok.value();
            } else {
                return last;
            }
            if (i + 1 < t.size() && t.get(i + 1).isPunct('.')) {
                i += 2;
            } else {
                return last;
            }
        }
        return last;
    }

    /** Whether the two words appear next to each other outside parentheses. */
    private static boolean hasTopLevel(List<Token> a, String first, String second) {
        boolean[] top = topLevel(a);
        for (int k = 0; k < a.size(); k++) {
            if (top[k] && a.get(k).isWord(first) && wordAt(a, k + 1, second)) {
                return true;
            }
        }
        return false;
    }

    /** For each token, whether it lies outside all parentheses (the parentheses themselves do not). */
    private static boolean[] topLevel(List<Token> t) {
        boolean[] top = new boolean[t.size()];
        int depth = 0;
        for (int k = 0; k < t.size(); k++) {
            Token tok = t.get(k);
            if (tok.isPunct('(')) {
                depth++;
            } else if (tok.isPunct(')')) {
                depth--;
            } else {
                top[k] = depth == 0;
            }
        }
        return top;
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

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_STATEMENT_CHARS
                ? oneLine
                : oneLine.substring(0, MAX_STATEMENT_CHARS - 3) + "...";
    }
}
