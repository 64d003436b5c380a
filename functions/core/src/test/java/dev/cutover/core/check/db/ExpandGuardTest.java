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
                "ALTER TABLE t ADD CONSTRAINT c_positive CHECK (c IS NOT NULL AND c > 0) NOT VALID",
                "ALTER TABLE t ALTER COLUMN c DROP NOT NULL",
                "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'x'",
                "ALTER TABLE t ALTER COLUMN c SET STATISTICS 500",
                "ALTER TABLE t VALIDATE CONSTRAINT c_positive",
                "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE t OWNER TO app",
                "ALTER DOMAIN d DROP NOT NULL",
                "ALTER TYPE mood ADD VALUE 'ecstatic'",
                "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (u) REFERENCES u (id) NOT VALID",
                "ALTER TABLE t ADD CONSTRAINT t_email_key UNIQUE USING INDEX t_email_idx",
                "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx",
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_email_idx ON t (email)",
                "SET lock_timeout = '1s'; CREATE INDEX CONCURRENTLY t_e_idx ON ONLY t (e)",
                "CREATE TABLE n (id bigint, e text); CREATE INDEX n_e_idx ON n (e); CREATE UNIQUE INDEX ON n (id)",
                "CREATE TABLE n (id bigint); ALTER TABLE n ADD CONSTRAINT n_c CHECK (id > 0), ADD UNIQUE (id)",
                "CREATE UNLOGGED TABLE IF NOT EXISTS public.n (id bigint); UPDATE n SET id = 1; DELETE FROM ONLY n",
                "CREATE TABLE n (id bigint); WITH x AS (DELETE FROM n RETURNING id) SELECT count(*) FROM x",
                "SELECT * FROM t FOR UPDATE",
                "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET seen = true",
                "DO $$ BEGIN PERFORM 1 FROM t FOR UPDATE; END $$",
                "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL",
                "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN s numeric GENERATED ALWAYS AS (a * 2) STORED NOT NULL",
                "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN c text CHECK (c IS NOT NULL OR a > 0)",
                "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN u bigint REFERENCES u (id), ADD v uuid DEFAULT gen_random_uuid()",
                "ALTER TABLE t ADD COLUMN at timestamptz NOT NULL DEFAULT now()",
                "ALTER TABLE t ADD COLUMN label text DEFAULT lower('X')",
                "DROP INDEX t_c_idx",
                "DROP INDEX CONCURRENTLY IF EXISTS t_c_idx",
                "ALTER INDEX t_c_idx RENAME TO t_c_idx2",
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
                "DO $$ BEGIN RAISE NOTICE 'drop table x'; END $$",
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
            ALTER TABLE orders ADD COLUMN region text COLLATE "C" NOT NULL | NOT_NULL_WITHOUT_DEFAULT
            ALTER TABLE orders ADD COLUMN ref uuid CONSTRAINT ref_nn NOT NULL | NOT_NULL_WITHOUT_DEFAULT
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

    /** Each of these passed before the guard knew about locks, scans and data changes. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0)          | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE orders ADD CHECK (total >= 0)                                        | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer) REFERENCES customers (id) | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE ONLY public.orders ADD FOREIGN KEY (customer) REFERENCES customers   | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE orders ADD CONSTRAINT c CHECK (note <> 'NOT VALID')                  | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref)                    | UNIQUE_WITHOUT_INDEX
            ALTER TABLE orders ADD UNIQUE (ref)                                              | UNIQUE_WITHOUT_INDEX
            ALTER TABLE orders ADD PRIMARY KEY (id)                                          | UNIQUE_WITHOUT_INDEX
            ALTER TABLE orders ADD COLUMN ref uuid UNIQUE                                    | UNIQUE_WITHOUT_INDEX
            ALTER TABLE orders ADD COLUMN code text DEFAULT 'none' PRIMARY KEY                | UNIQUE_WITHOUT_INDEX
            ALTER TABLE orders ADD COLUMN w bigint REFERENCES warehouses (id)                | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0)             | CONSTRAINT_NOT_VALID_MISSING
            ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()               | TABLE_REWRITE
            ALTER TABLE orders ADD COLUMN n bigint DEFAULT nextval('orders_n_seq'::regclass) | TABLE_REWRITE
            ALTER TABLE orders ADD COLUMN seq bigserial                                      | TABLE_REWRITE
            ALTER TABLE orders ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY             | TABLE_REWRITE
            ALTER TABLE orders ADD COLUMN t numeric GENERATED ALWAYS AS (price * qty) STORED | TABLE_REWRITE
            ALTER TABLE orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) | EXCLUSION_CONSTRAINT
            CREATE INDEX orders_customer_idx ON orders (customer)                            | INDEX_WITHOUT_CONCURRENTLY
            create unique index orders_ref_idx on public.orders (ref)                        | INDEX_WITHOUT_CONCURRENTLY
            CREATE INDEX IF NOT EXISTS orders_c_idx ON ONLY orders USING btree (c)           | INDEX_WITHOUT_CONCURRENTLY
            CREATE INDEX ON orders (c)                                                       | INDEX_WITHOUT_CONCURRENTLY
            UPDATE orders SET status = 'open' WHERE status IS NULL                           | DATA_CHANGE
            DELETE FROM sessions WHERE expires_at < now()                                    | DATA_CHANGE
            delete from only public.sessions                                                 | DATA_CHANGE
            MERGE INTO orders o USING staged s ON o.id = s.id WHEN MATCHED THEN UPDATE SET total = s.total | DATA_CHANGE
            WITH old AS (DELETE FROM sessions RETURNING id) INSERT INTO gone SELECT id FROM old | DATA_CHANGE
            WITH x AS (SELECT 1) UPDATE orders SET status = 'open'                           | DATA_CHANGE
            DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE INDEX i ON orders (c); END IF; END $$ | INDEX_WITHOUT_CONCURRENTLY
            DO $$ BEGIN UPDATE orders SET status = 'open'; END $$                            | DATA_CHANGE
            DO $$ BEGIN FOR r IN SELECT id FROM t LOOP DELETE FROM orders WHERE id = r.id; END LOOP; END $$ | DATA_CHANGE
            """)
    void locksScansAndDataChangesOnExistingTablesAreRefused(String sql, Rule rule) {
        assertThat(check(sql)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(rule);
            assertThat(v.line()).isEqualTo(1);
            assertThat(v.message()).startsWith("V9__test.sql:1: ").contains("; instead: " + rule.instead());
        });
    }

    @Test
    void eachNewRefusalSaysWhatToWriteInstead() {
        assertThat(check("ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0)")
                        .get(0)
                        .message())
                .isEqualTo("V9__test.sql:1: a CHECK or FOREIGN KEY constraint added without NOT VALID scans the table"
                        + " while blocking blue's writes: ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);"
                        + " instead: ADD CONSTRAINT ... NOT VALID here, then ALTER TABLE ... VALIDATE CONSTRAINT ..."
                        + " in a later deployment's migration");
        assertThat(check("CREATE INDEX i ON orders (c)").get(0).message())
                .contains("instead: CREATE INDEX CONCURRENTLY");
        assertThat(check("ALTER TABLE orders ADD UNIQUE (ref)").get(0).message())
                .contains("instead: CREATE UNIQUE INDEX CONCURRENTLY", "UNIQUE USING INDEX");
        assertThat(check("UPDATE orders SET a = 1").get(0).message()).contains("instead: backfill");
    }

    @Test
    void tablesCreatedEarlierInTheSetAreNewForTheMigrationsAfter() {
        List<Violation> violations = ExpandGuard.check(List.of(
                new ExpandGuard.Script("V1__create.sql", "CREATE TABLE \"Audit\" (id bigint, at timestamptz);"),
                new ExpandGuard.Script(
                        "V2__index.sql",
                        "CREATE INDEX audit_at ON \"Audit\" (at);\n"
                                + "ALTER TABLE public.\"Audit\" ADD CONSTRAINT audit_pk PRIMARY KEY (id);\n"
                                + "UPDATE \"Audit\" SET at = now();\n"
                                + "CREATE INDEX audit_lower ON audit (at);")));

        // "Audit" is new; audit (unquoted, lower case) is another, existing table
        assertThat(violations)
                .extracting(Violation::file, Violation::line, Violation::rule)
                .containsExactly(tuple("V2__index.sql", 4, Rule.INDEX_WITHOUT_CONCURRENTLY));
        // checked on its own, V2 does not know the table is new
        assertThat(ExpandGuard.check("V2__index.sql", "CREATE INDEX audit_at ON \"Audit\" (at);"))
                .extracting(Violation::rule)
                .containsExactly(Rule.INDEX_WITHOUT_CONCURRENTLY);
    }

    @Test
    void validatingAConstraintAddedInTheSameSetIsRefused() {
        List<Violation> violations = ExpandGuard.check(List.of(
                new ExpandGuard.Script(
                        "V4__add.sql",
                        "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;"),
                new ExpandGuard.Script(
                        "V5__validate.sql",
                        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
                                + "ALTER TABLE orders VALIDATE CONSTRAINT older_check;")));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.file()).isEqualTo("V5__validate.sql");
            assertThat(v.line()).isEqualTo(1);
            assertThat(v.rule()).isEqualTo(Rule.VALIDATE_IN_SAME_SET);
            assertThat(v.message()).contains("instead: validate the constraint in a later deployment's migration");
        });
    }

    @Test
    void aConcurrentIndexMustBeAloneInItsMigration() {
        String sql = """
                SET lock_timeout = '2s';
                CREATE INDEX CONCURRENTLY orders_c_idx ON orders (c);
                ALTER TABLE orders ADD COLUMN d text;
                """;

        assertThat(check(sql)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.CONCURRENTLY_NOT_ALONE);
            assertThat(v.line()).isEqualTo(2);
            assertThat(v.statement()).isEqualTo("CREATE INDEX CONCURRENTLY orders_c_idx ON orders (c)");
        });
        assertThat(check("CREATE INDEX CONCURRENTLY a ON t (a);\nDROP INDEX CONCURRENTLY b;"))
                .isEmpty();
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
                        + " ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2); instead: "
                        + Rule.TYPE_CHANGE.instead());
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
