package dev.cutover.core.check.db;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.check.db.ExpandGuard.Rule;
import dev.cutover.core.check.db.ExpandGuard.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The expand guard and its lexer, without a database. */
class ExpandGuardTest {

    private static List<Violation> check(String sql) {
        return ExpandGuard.check("V9__test.sql", sql);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
                "create table if not exists t (id int not null)",
                "ALTER TABLE t ADD COLUMN c integer NOT NULL DEFAULT 0",
                "ALTER TABLE t ADD c integer DEFAULT 0 NOT NULL",
                "ALTER TABLE t ADD COLUMN IF NOT EXISTS c text",
                "ALTER TABLE t ADD COLUMN c text",
                "ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL",
                "ALTER TABLE t ADD COLUMN id bigserial PRIMARY KEY",
                "ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED NOT NULL",
                "ALTER TABLE t ADD COLUMN c text CHECK (c IS NOT NULL OR legacy)",
                "ALTER TABLE t ADD CONSTRAINT c_positive CHECK (c IS NOT NULL AND c > 0) NOT VALID",
                "ALTER TABLE t ADD PRIMARY KEY (id)",
                "ALTER TABLE t ADD UNIQUE (email)",
                "ALTER TABLE t ALTER COLUMN c DROP NOT NULL",
                "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'x'",
                "ALTER TABLE t ALTER COLUMN c SET STATISTICS 500",
                "ALTER TABLE t VALIDATE CONSTRAINT c_positive",
                "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE t OWNER TO app",
                "ALTER DOMAIN d DROP NOT NULL",
                "ALTER TYPE mood ADD VALUE 'ecstatic'",
                "DROP INDEX t_c_idx",
                "DROP INDEX CONCURRENTLY IF EXISTS t_c_idx",
                "ALTER INDEX t_c_idx RENAME TO t_c_idx2",
                "CREATE INDEX t_c_idx ON t (c) WHERE deleted_at IS NOT NULL",
                "CREATE INDEX CONCURRENTLY t_d_idx ON t (d)",
                "INSERT INTO notes VALUES ('please drop table x')",
                "INSERT INTO notes VALUES ('a'); INSERT INTO notes VALUES ('b; drop table x')",
                "INSERT INTO notes VALUES ('it''s; DROP TABLE x; --')",
                "INSERT INTO notes VALUES (E'it\\'s; DROP TABLE x')",
                "INSERT INTO notes VALUES (E'back\\\\'); SELECT 1",
                "INSERT INTO notes VALUES ($$; drop table x; $$)",
                "INSERT INTO notes VALUES ($q$ it's $$; truncate x $q$)",
                "SELECT \"drop\", \"truncate\" FROM \"rename\"",
                "SELECT 1 AS \"a\"\"; DROP TABLE x; \"\"b\"",
                "UPDATE t SET drop_reason = 'n/a', rename_count = 0",
                "SELECT $1::int, a$b FROM t",
                "SELECT 1; -- x; DROP TABLE x;\nSELECT 2",
                "/* ; DROP TABLE x; */ SELECT 1",
                "/* outer /* inner; DROP TABLE x; */ still comment; TRUNCATE y; */ SELECT 1",
                "SELECT 1 -- ; DROP TABLE x\n",
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; DROP TABLE x; END $$",
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$ BEGIN EXECUTE $$ALTER TABLE t RENAME TO u$$; END $fn$",
                "CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE sql AS 'TRUNCATE x'",
                "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); UPDATE t SET c = CASE WHEN c > 0 THEN 1 ELSE 0 END; END",
                "COMMENT ON COLUMN t.c IS 'will DROP NOT NULL later; ALTER COLUMN c TYPE text'",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE INDEX i ON t (c); END IF; END $$",
                "DO $$ BEGIN RAISE NOTICE 'drop table x'; END $$",
                "DELETE FROM sessions WHERE expires_at < now()",
                "GRANT SELECT ON t TO reporting",
                "",
                ";;",
            })
    void expandSafeStatementsPass(String sql) {
        assertThat(check(sql)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            DROP TABLE orders                                              | DROP
            drop table if exists orders cascade                            | DROP
            DROP VIEW order_totals                                         | DROP
            DROP SCHEMA legacy CASCADE                                     | DROP
            DROP TYPE mood                                                 | DROP
            DROP FUNCTION total(bigint)                                    | DROP
            DROP MATERIALIZED VIEW mv                                      | DROP
            ALTER TABLE orders DROP COLUMN legacy                          | DROP
            ALTER TABLE orders DROP legacy                                 | DROP
            ALTER TABLE IF EXISTS ONLY public.orders DROP COLUMN IF EXISTS legacy | DROP
            ALTER TABLE orders DROP CONSTRAINT orders_total_check          | DROP
            ALTER TABLE orders ALTER COLUMN status DROP DEFAULT            | DROP
            ALTER TABLE orders ALTER id DROP IDENTITY                      | DROP
            ALTER TYPE address DROP ATTRIBUTE zip                          | DROP
            ALTER DOMAIN positive DROP DEFAULT                             | DROP
            TRUNCATE orders                                                | TRUNCATE
            truncate table orders, items restart identity                  | TRUNCATE
            ALTER TABLE orders RENAME TO purchases                         | RENAME
            ALTER TABLE orders RENAME COLUMN total TO amount               | RENAME
            ALTER TABLE orders RENAME total TO amount                      | RENAME
            ALTER TABLE orders RENAME CONSTRAINT a TO b                    | RENAME
            ALTER VIEW order_totals RENAME TO totals                       | RENAME
            ALTER SCHEMA billing RENAME TO invoicing                       | RENAME
            ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'                   | RENAME
            ALTER FUNCTION total(bigint) RENAME TO order_total             | RENAME
            ALTER TABLE orders SET SCHEMA archive                          | RENAME
            ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)       | TYPE_CHANGE
            ALTER TABLE orders ALTER total TYPE bigint USING total::bigint | TYPE_CHANGE
            ALTER TABLE orders ALTER COLUMN total SET DATA TYPE numeric    | TYPE_CHANGE
            ALTER TABLE "Orders" ALTER COLUMN "Total" TYPE text            | TYPE_CHANGE
            ALTER TYPE address ALTER ATTRIBUTE zip TYPE text               | TYPE_CHANGE
            ALTER TABLE orders ADD COLUMN region text NOT NULL             | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ADD region text NOT NULL                    | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text NOT NULL | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT NULL | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ADD COLUMN region text REFERENCES regions (code) NOT NULL | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ADD COLUMN ref uuid PRIMARY KEY             | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ALTER COLUMN region SET NOT NULL            | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ALTER region SET NOT NULL                   | NOT_NULL_WITHOUT_DEFAULT
            ALTER DOMAIN region_code SET NOT NULL                          | NOT_NULL_WITHOUT_DEFAULT
            DO $$ BEGIN ALTER TABLE orders DROP COLUMN legacy; END $$      | DROP
            DO 'BEGIN TRUNCATE orders; END'                                 | TRUNCATE
            DO LANGUAGE plpgsql $x$ BEGIN IF true THEN ALTER TABLE orders RENAME TO p; END IF; END $x$ | RENAME
            """)
    void destructiveStatementsAreRefused(String sql, Rule rule) {
        assertThat(check(sql)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(rule);
            assertThat(v.line()).isEqualTo(1);
            assertThat(v.file()).isEqualTo("V9__test.sql");
        });
    }

    @Test
    void messageNamesFileLineRuleAndStatement() {
        String sql = """
                -- widen the total
                SELECT 1;

                ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);
                """;

        assertThat(ExpandGuard.check("V3__widen_total.sql", sql))
                .extracting(Violation::message)
                .containsExactly("V3__widen_total.sql:4: column type change is not an expand migration:"
                        + " ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)");
    }

    @Test
    void lineIsTheLineOfTheOffendingClauseAndStatementTextIsCollapsed() {
        String sql = """
                CREATE TABLE a (id int);
                ALTER TABLE orders
                    ADD COLUMN note text,   -- fine
                    /* and then */
                    DROP COLUMN legacy,
                    RENAME COLUMN x
                        TO y;
                """;

        List<Violation> violations = check(sql);

        assertThat(violations)
                .extracting(Violation::line, Violation::rule)
                .containsExactly(tuple(5, Rule.DROP), tuple(6, Rule.RENAME));
        assertThat(violations.get(0).statement())
                .isEqualTo("ALTER TABLE orders ADD COLUMN note text, DROP COLUMN legacy, RENAME COLUMN x TO y");
    }

    @Test
    void linesAreCountedThroughStringsCommentsAndDollarBodies() {
        String sql = "INSERT INTO t VALUES ('a\nb\nc');\n" // lines 1-3
                + "/* one\ntwo */\n" // lines 4-5
                + "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1\n$$ LANGUAGE sql;\n" // lines 6-8
                + "SELECT \"x\ny\";\r\n" // lines 9-10 (CRLF)
                + "-- comment\r" // line 11 (lone CR)
                + "TRUNCATE t;"; // line 12

        assertThat(check(sql)).extracting(Violation::line).containsExactly(12);
    }

    @Test
    void violationsInsideADoBlockReportTheirLineInTheFile() {
        String sql = """
                SELECT 1;
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy') THEN
                        ALTER TABLE orders DROP COLUMN legacy;
                    END IF;
                END
                $$;
                """;

        assertThat(check(sql)).singleElement().satisfies(v -> {
            assertThat(v.line()).isEqualTo(5);
            assertThat(v.rule()).isEqualTo(Rule.DROP);
            assertThat(v.statement()).isEqualTo("ALTER TABLE orders DROP COLUMN legacy");
        });
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        String sql = "DROP TABLE a;\nTRUNCATE b;\nALTER TABLE c RENAME TO d;\n"
                + "ALTER TABLE e ALTER COLUMN f TYPE text, ALTER COLUMN g SET NOT NULL;";

        assertThat(check(sql))
                .extracting(Violation::rule)
                .containsExactly(
                        Rule.DROP, Rule.TRUNCATE, Rule.RENAME, Rule.TYPE_CHANGE, Rule.NOT_NULL_WITHOUT_DEFAULT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "SELECT 'never closed; DROP TABLE x;",
                "SELECT \"never closed",
                "/* never /* closed */ DROP TABLE x;",
                "CREATE FUNCTION f() AS $body$ DROP TABLE x; $$",
                "INSERT INTO t VALUES (E'escaped quote at the end\\')",
            })
    void unterminatedQuotesAndCommentsAreRefusedBecauseTheyCouldHideAnything(String sql) {
        assertThat(check(sql)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.UNCHECKABLE);
            assertThat(v.statement()).contains("never closed");
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "-- cutover:contract\nALTER TABLE t DROP COLUMN c;",
                "--cutover:contract",
                "  -- CUTOVER:CONTRACT drops the legacy columns\nSELECT 1;",
                "\uFEFF-- cutover:contract\nSELECT 1;"
            })
    void contractMigrationsAreRefusedAsAWhole(String sql) {
        assertThat(check(sql)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.CONTRACT);
            assertThat(v.line()).isEqualTo(1);
            assertThat(v.message()).startsWith("V9__test.sql:1: contract migration cannot run in BeforeInstall");
        });
    }

    @Test
    void contractMarkerCountsOnlyOnTheFirstLine() {
        assertThat(check("SELECT 1;\n-- cutover:contract\n")).isEmpty();
    }

    @Test
    void longStatementsAreCut() {
        String sql = "ALTER TABLE orders DROP COLUMN " + "c".repeat(300);

        String statement = check(sql).get(0).statement();

        assertThat(statement).hasSize(120).endsWith("...").startsWith("ALTER TABLE orders DROP COLUMN ccc");
    }

    @Test
    void lexerSplitsOnlyOnRealSemicolons() {
        String sql = "INSERT INTO t VALUES ('a;b'); /* ; */ SELECT $$;$$; -- ;\n"
                + "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2"
                + " END; END; SELECT \";\"";

        assertThat(SqlLexer.statements(sql, 1))
                .extracting(SqlLexer.Statement::text)
                .containsExactly(
                        "INSERT INTO t VALUES ('a;b')",
                        "SELECT $$;$$",
                        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2"
                                + " END; END",
                        "SELECT \";\"");
    }

    @Test
    void lexerUnescapesStringsAndIdentifiers() {
        List<SqlLexer.Token> tokens = SqlLexer.lex("'it''s' E'a\\'b' \"x\"\"y\" $t$ $$ $t$ $1 Drop", 1);

        assertThat(tokens)
                .extracting(SqlLexer.Token::kind, SqlLexer.Token::value)
                .containsExactly(
                        tuple(SqlLexer.Kind.STRING, "it's"),
                        tuple(SqlLexer.Kind.STRING, "a'b"),
                        tuple(SqlLexer.Kind.QUOTED_IDENT, "x\"y"),
                        tuple(SqlLexer.Kind.DOLLAR, " $$ "),
                        tuple(SqlLexer.Kind.PARAM, "$1"),
                        tuple(SqlLexer.Kind.WORD, "DROP"));
    }
}
