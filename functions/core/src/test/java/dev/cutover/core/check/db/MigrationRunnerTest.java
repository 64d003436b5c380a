package dev.cutover.core.check.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.DatabaseTls;
import dev.cutover.core.spec.Migrations;
import dev.cutover.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MigrationRunner} against a real PostgreSQL 14. */
class MigrationRunnerTest {

    private static TestPostgres postgres;

    private final MigrationRunner runner = new MigrationRunner(Clock.systemUTC());

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static Migrations classpath(String scenario) {
        return new Migrations("classpath:db/" + scenario, "unused-secret", "public");
    }

    private static List<String> history(DatabaseCredentials db) {
        return TestPostgres.column(
                db, "SELECT version || ':' || success FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static boolean historyExists(DatabaseCredentials db) {
        return TestPostgres.tables(db, "public").contains("flyway_schema_history");
    }

    @Test
    void appliesPendingMigrationsAndReportsVersions() {
        DatabaseCredentials db = postgres.newDatabase();

        CheckResult result = runner.migrate(db, classpath("basic"));

        assertThat(result.name()).isEqualTo("migrations");
        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail())
                .startsWith("applied 3 migrations (V1, V2, V3) to schema public in ")
                .endsWith("; now at version 3");
        assertThat(TestPostgres.column(
                        db,
                        "SELECT column_name FROM information_schema.columns"
                                + " WHERE table_name = 'orders' ORDER BY ordinal_position"))
                .containsExactly("id", "customer", "total", "created_at", "status");
        assertThat(TestPostgres.column(db, "SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"))
                .contains("orders_customer_idx");
    }

    @Test
    void secondDeliveryAppliesNothing() {
        DatabaseCredentials db = postgres.newDatabase();

        CheckResult first = runner.migrate(db, classpath("basic"));
        CheckResult second = runner.migrate(db, classpath("basic"));

        assertThat(first.passed()).as(first.toString()).isTrue();
        assertThat(second.passed()).as(second.toString()).isTrue();
        assertThat(second.detail()).isEqualTo("schema public already at version 3, nothing to apply");
        assertThat(history(db)).containsExactly("1:true", "2:true", "3:true");
    }

    @Test
    void twoConcurrentRunsApplyEachMigrationOnce() throws Exception {
        // a fresh database: the two runs also race to create Flyway's history table
        DatabaseCredentials other = postgres.newDatabase();
        CyclicBarrier barrier = new CyclicBarrier(2);

        List<CompletableFuture<CheckResult>> runs = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    await(barrier);
                    return new MigrationRunner(Clock.systemUTC()).migrate(other, classpath("basic"));
                }))
                .toList();
        List<CheckResult> results =
                runs.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();

        assertThat(results)
                .allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());
        assertThat(results)
                .extracting(CheckResult::detail)
                .filteredOn(d -> d.startsWith("applied 3 migrations (V1, V2, V3)"))
                .hasSize(1);
        assertThat(results)
                .extracting(CheckResult::detail)
                .filteredOn(d -> d.equals("schema public already at version 3, nothing to apply"))
                .hasSize(1);
        assertThat(history(other)).containsExactly("1:true", "2:true", "3:true");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void halfFailingBatchLeavesNoPartialSchema() {
        DatabaseCredentials db = postgres.newDatabase();

        CheckResult result = runner.migrate(db, classpath("half_failing"));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("V2__add_email_then_fail.sql")
                .contains("42P01")
                .contains("no_such_table")
                .doesNotContain("not-a-real-password");
        // neither V1 (same group) nor V2's first statement survived
        assertThat(TestPostgres.tables(db, "public")).doesNotContain("customers");
        if (historyExists(db)) {
            assertThat(history(db)).isEmpty();
        }
    }

    @Test
    void halfFailingMigrationAfterAnAppliedOneKeepsTheAppliedOneOnly(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = postgres.newDatabase();
        Migrations fs = new Migrations("filesystem:" + dir, "s", "public");
        Files.writeString(
                dir.resolve("V1__create_customers.sql"),
                "CREATE TABLE customers (id bigint PRIMARY KEY, name text);\n");
        assertThat(runner.migrate(db, fs).passed()).isTrue();
        Files.writeString(
                dir.resolve("V2__add_email_then_fail.sql"),
                "ALTER TABLE customers ADD COLUMN email text;\nSELECT no_such_function();\n");

        CheckResult result = runner.migrate(db, fs);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("V2__add_email_then_fail.sql").contains("42883");
        assertThat(TestPostgres.column(
                        db,
                        "SELECT column_name FROM information_schema.columns"
                                + " WHERE table_name = 'customers' ORDER BY ordinal_position"))
                .containsExactly("id", "name");
        assertThat(history(db)).containsExactly("1:true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            guard_drop_column   | V2__drop_legacy_code.sql:4: drop is not an expand migration: ALTER TABLE items DROP COLUMN legacy_code
            guard_drop_table    | V2__drop_items.sql:2: drop is not an expand migration: DROP TABLE items
            guard_truncate      | V2__truncate_items.sql:1: truncate is not an expand migration: TRUNCATE items
            guard_rename_table  | V2__rename_items.sql:1: rename is not an expand migration: ALTER TABLE items RENAME TO products
            guard_rename_column | V2__rename_name.sql:2: rename is not an expand migration: ALTER TABLE items RENAME COLUMN name TO title
            guard_type_change   | V2__widen_name.sql:4: column type change is not an expand migration: ALTER TABLE items ALTER COLUMN name TYPE varchar(500)
            guard_add_not_null  | V2__add_sku.sql:1: NOT NULL without a default is not an expand migration: ALTER TABLE items ADD COLUMN sku text NOT NULL
            guard_set_not_null  | V2__require_name.sql:2: NOT NULL without a default is not an expand migration: ALTER TABLE items ALTER COLUMN name SET NOT NULL
            guard_contract      | V2__contract_drop_legacy.sql:1: contract migration cannot run in BeforeInstall: -- cutover:contract
            """)
    void guardRefusesBeforeAnythingRuns(String scenario, String expected) {
        DatabaseCredentials db = postgres.newDatabase();

        CheckResult result = runner.migrate(db, classpath(scenario));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .startsWith("expand guard refused 1 statement in the 2 pending migrations;" + " nothing was applied: ")
                .contains(expected);
        // V1 is harmless, but it is in the same delivery: nothing at all ran
        assertThat(TestPostgres.tables(db, "public")).isEmpty();
    }

    @Test
    void guardChecksOnlyPendingMigrationsAndKeepsAppliedOnes(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = postgres.newDatabase();
        Migrations fs = new Migrations("filesystem:" + dir, "s", "public");
        Files.writeString(
                dir.resolve("V1__create_items.sql"),
                "CREATE TABLE items (id bigint PRIMARY KEY, name text, legacy_code text);\n");
        assertThat(runner.migrate(db, fs).detail()).startsWith("applied 1 migration (V1) to schema public");
        Files.writeString(dir.resolve("V2__add_price.sql"), "ALTER TABLE items ADD COLUMN price numeric;\n");
        Files.writeString(
                dir.resolve("V3__drop_and_rename.sql"),
                "ALTER TABLE items DROP COLUMN legacy_code;\n\nALTER TABLE items RENAME TO products;\n");

        CheckResult result = runner.migrate(db, fs);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("refused 2 statements in the 2 pending migrations")
                .contains("V3__drop_and_rename.sql:1: drop is not an expand migration")
                .contains("V3__drop_and_rename.sql:3: rename is not an expand migration");
        assertThat(history(db)).containsExactly("1:true");
        assertThat(TestPostgres.column(
                        db,
                        "SELECT column_name FROM information_schema.columns"
                                + " WHERE table_name = 'items' ORDER BY ordinal_position"))
                .containsExactly("id", "name", "legacy_code");
    }

    @Test
    void expandSafeScriptsWithTrapsInStringsCommentsAndBodiesRun() {
        DatabaseCredentials db = postgres.newDatabase();

        CheckResult result = runner.migrate(db, classpath("expand_safe"));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail()).startsWith("applied 3 migrations (V1, V2, V3)");
        assertThat(TestPostgres.column(db, "SELECT count(*) FROM notes")).containsExactly("3");
        assertThat(TestPostgres.column(
                        db, "SELECT indexname FROM pg_indexes WHERE tablename = 'notes'" + " ORDER BY indexname"))
                .containsExactly("notes_author_idx", "notes_pkey", "notes_priority_idx");
    }

    @Test
    void migratesIntoTheConfiguredSchema(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = postgres.newDatabase();
        Files.writeString(dir.resolve("V1__create_ledger.sql"), "CREATE TABLE ledger (id bigint);\n");

        CheckResult result = runner.migrate(db, new Migrations("filesystem:" + dir, "s", "billing"));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail()).contains("to schema billing");
        assertThat(TestPostgres.tables(db, "billing")).containsExactly("flyway_schema_history", "ledger");
        assertThat(TestPostgres.tables(db, "public")).isEmpty();
    }

    @Test
    void anEditedAppliedMigrationFailsValidationAndNothingNewRuns(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = postgres.newDatabase();
        Migrations fs = new Migrations("filesystem:" + dir, "s", "public");
        Files.writeString(dir.resolve("V1__create_a.sql"), "CREATE TABLE a (id int);\n");
        assertThat(runner.migrate(db, fs).passed()).isTrue();
        Files.writeString(dir.resolve("V1__create_a.sql"), "CREATE TABLE a (id int, x int);\n");
        Files.writeString(dir.resolve("V2__create_b.sql"), "CREATE TABLE b (id int);\n");

        CheckResult result = runner.migrate(db, fs);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("no longer match the scripts")
                .contains("checksum mismatch for migration version 1");
        assertThat(TestPostgres.tables(db, "public")).doesNotContain("b");
        assertThat(history(db)).containsExactly("1:true");
    }

    private static Migrations withTimeouts(Path dir, int lockSeconds, int statementSeconds) {
        return new Migrations(
                "filesystem:" + dir,
                "s",
                "public",
                Duration.ofSeconds(lockSeconds),
                Duration.ofSeconds(statementSeconds));
    }

    private static DatabaseCredentials itemsApplied(Path dir, MigrationRunner runner) throws Exception {
        DatabaseCredentials db = postgres.newDatabase();
        Files.writeString(
                dir.resolve("V1__create_items.sql"),
                "CREATE TABLE items (id bigint PRIMARY KEY, name text);\n"
                        + "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g;\n");
        CheckResult first = runner.migrate(db, new Migrations("filesystem:" + dir, "s", "public"));
        assertThat(first.passed()).as(first.toString()).isTrue();
        return db;
    }

    /** Adds one migration to the location and migrates with lock_timeout 5 s and statement_timeout 60 s. */
    private CheckResult migrateAdding(DatabaseCredentials db, Path dir, String file, String sql) throws IOException {
        Files.writeString(dir.resolve(file), sql);
        return runner.migrate(db, withTimeouts(dir, 5, 60));
    }

    private static List<String> validIndexes(DatabaseCredentials db) {
        return TestPostgres.column(
                db,
                "SELECT c.relname || ':' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = 'items' ORDER BY c.relname");
    }

    @Test
    void aConcurrentIndexOnAnExistingTableRunsOutsideATransactionBetweenTransactionalSteps(@TempDir Path dir)
            throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);
        Files.writeString(dir.resolve("V2__add_sku.sql"), "ALTER TABLE items ADD COLUMN sku text;\n");
        // inside a transaction PostgreSQL refuses this with SQL state 25001
        Files.writeString(
                dir.resolve("V3__index_sku.sql"),
                "-- its own migration: Flyway runs it outside a transaction\n"
                        + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_sku_idx ON items (sku);\n");
        Files.writeString(dir.resolve("V4__add_note.sql"), "ALTER TABLE items ADD COLUMN note text;\n");

        CheckResult result = runner.migrate(db, withTimeouts(dir, 5, 60));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail())
                .startsWith("applied 3 migrations (V2, V3, V4) to schema public")
                .endsWith("4");
        assertThat(validIndexes(db)).containsExactly("items_pkey:true", "items_sku_idx:true");
        assertThat(history(db)).containsExactly("1:true", "2:true", "3:true", "4:true");
        assertThat(runner.migrate(db, withTimeouts(dir, 5, 60)).detail())
                .isEqualTo("schema public already at version 4, nothing to apply");
    }

    @Test
    void aConcurrentIndexAndPendingRepeatableMigrationsInOneDeliveryAreRefusedBeforeAnythingRuns(@TempDir Path dir)
            throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);
        Files.writeString(
                dir.resolve("V2__index_name.sql"), "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n");
        Files.writeString(dir.resolve("V3__add_sku.sql"), "ALTER TABLE items ADD COLUMN sku text;\n");
        Files.writeString(
                dir.resolve("R__item_skus.sql"), "CREATE OR REPLACE VIEW item_skus AS SELECT id, sku FROM items;\n");

        CheckResult result = runner.migrate(db, withTimeouts(dir, 5, 60));

        // Flyway would run R__ in the first step, with the concurrent index and before V3 adds the column
        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .isEqualTo("pending repeatable migrations (R__item_skus.sql) cannot run in the same delivery as a"
                        + " CREATE INDEX CONCURRENTLY migration (version 2); nothing was applied: deploy the"
                        + " concurrent index first, then the repeatable changes");
        assertThat(history(db)).containsExactly("1:true");
        Files.delete(dir.resolve("R__item_skus.sql"));
        assertThat(runner.migrate(db, withTimeouts(dir, 5, 60)).passed()).isTrue();
    }

    @Test
    void aStepFailingAfterAConcurrentIndexNamesWhatStaysApplied(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);
        Files.writeString(
                dir.resolve("V2__index_name.sql"), "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n");
        Files.writeString(
                dir.resolve("V3__add_then_fail.sql"),
                "ALTER TABLE items ADD COLUMN sku text;\nSELECT no_such_function();\n");

        CheckResult result = runner.migrate(db, withTimeouts(dir, 5, 60));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("V3__add_then_fail.sql", "42883", "its group was rolled back")
                .endsWith("applied before it in schema public: V2");
        assertThat(history(db)).containsExactly("1:true", "2:true");
        assertThat(validIndexes(db)).containsExactly("items_name_idx:true", "items_pkey:true");
    }

    @Test
    void anInvalidIndexLeftByAFailedConcurrentBuildFailsTheHookEvenWhenIfNotExistsSkipsIt(@TempDir Path dir)
            throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);
        // a unique concurrent build over duplicates fails and leaves the index behind, INVALID
        assertThatThrownBy(() -> TestPostgres.execute(
                        db, "CREATE UNIQUE INDEX CONCURRENTLY items_parity_idx ON items ((id % 2))"))
                .hasMessageContaining("could not create unique index");

        CheckResult result = migrateAdding(
                db,
                dir,
                "V2__parity_idx.sql",
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_parity_idx ON items ((id % 2));\n");

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .isEqualTo("migrations applied, but schema public has INVALID indexes: items_parity_idx (what a failed"
                        + " concurrent build leaves; CREATE INDEX ... IF NOT EXISTS does not replace it); drop each"
                        + " with DROP INDEX CONCURRENTLY and build it again in a new migration");
    }

    @Test
    void aPlainIndexOnAnExistingTableIsRefusedNamingFileLineAndTheConcurrentForm(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);

        CheckResult result = migrateAdding(
                db, dir, "V2__index_name.sql", "-- speeds up search\nCREATE INDEX items_name_idx ON items (name);\n");

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("V2__index_name.sql:2: CREATE INDEX without CONCURRENTLY on an existing table blocks"
                        + " blue's writes while it builds: CREATE INDEX items_name_idx ON items (name); instead:"
                        + " CREATE INDEX CONCURRENTLY");
        assertThat(validIndexes(db)).containsExactly("items_pkey:true");
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMigrationWaitingForALockBlueHoldsFailsAfterTheLockTimeout(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);
        Files.writeString(dir.resolve("V2__add_sku.sql"), "ALTER TABLE items ADD COLUMN sku text;\n");

        CheckResult result;
        // blue's long read: an open transaction holding ACCESS SHARE on items, which ADD COLUMN must wait for
        try (Connection blue = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            blue.setAutoCommit(false);
            try (Statement read = blue.createStatement()) {
                read.executeQuery("SELECT count(*) FROM items").close();
            }
            long started = System.nanoTime();
            result = runner.migrate(db, withTimeouts(dir, 1, 60));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            blue.rollback();
        }

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("V2__add_sku.sql", "SQL state 55P03", "lock timeout")
                .contains("waited longer than migrations.lockTimeoutSeconds, 1 s")
                .contains("no pending migration of schema public was applied");
        assertThat(history(db)).containsExactly("1:true");
        // once blue's transaction is gone the same delivery succeeds
        assertThat(runner.migrate(db, withTimeouts(dir, 1, 60)).passed()).isTrue();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStatementRunningLongerThanTheStatementTimeoutIsCancelled(@TempDir Path dir) throws Exception {
        DatabaseCredentials db = itemsApplied(dir, runner);
        Files.writeString(
                dir.resolve("V2__slow.sql"), "ALTER TABLE items ADD COLUMN sku text;\nSELECT pg_sleep(60);\n");

        long started = System.nanoTime();
        CheckResult result = runner.migrate(db, withTimeouts(dir, 1, 1));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("V2__slow.sql", "SQL state 57014")
                .contains("ran longer than migrations.statementTimeoutSeconds, 1 s");
        assertThat(history(db)).containsExactly("1:true");
    }

    @Test
    void everyConnectionStartsWithTheSpecsTimeouts() {
        assertThat(MigrationRunner.sessionSettings(
                        new Migrations("classpath:x", "s", "public", Duration.ofSeconds(3), Duration.ofSeconds(120))))
                .isEqualTo("SET lock_timeout = '3000ms'; SET statement_timeout = '120000ms'");
        assertThat(MigrationRunner.sessionSettings(new Migrations("classpath:x", "s", "public")))
                .isEqualTo("SET lock_timeout = '5000ms'; SET statement_timeout = '60000ms'");
    }

    @Test
    void missingLocationFails() {
        DatabaseCredentials db = postgres.newDatabase();

        CheckResult result = runner.migrate(db, new Migrations("filesystem:/no/such/dir", "s", "public"));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("/no/such/dir");
    }

    @Test
    void aVerifyingConnectionWithoutItsCaBundleFailsNamingTheFieldAndAppliesNothing(@TempDir Path dir) {
        // given a database and TLS settings whose CA bundle is not there (no RDS CA bundle layer attached)
        DatabaseCredentials db = postgres.newDatabase();
        DatabaseTls noBundle = new DatabaseTls(
                DatabaseTls.Mode.VERIFY_FULL,
                Optional.of(dir.resolve("global-bundle.pem").toString()));

        // when migrating
        CheckResult result = runner.migrate(db.withTls(noBundle), classpath("basic"));

        // then it fails naming the spec field, and nothing reached the database
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("databaseTls.rootCert").contains("nothing was applied");
        assertThat(historyExists(db)).isFalse();
    }

    @Test
    void theTlsModeReachesTheDriverAServerWithoutTlsIsRefusedUnderRequire() {
        // given the embedded PostgreSQL, which has no TLS, and sslmode=require
        DatabaseCredentials db = postgres.newDatabase();
        DatabaseTls require = new DatabaseTls(DatabaseTls.Mode.REQUIRE, Optional.empty());

        // when migrating
        CheckResult result = runner.migrate(db.withTls(require), classpath("basic"));

        // then the driver refuses to go on in plain text, and nothing was applied
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).containsIgnoringCase("SSL");
        assertThat(historyExists(db)).isFalse();
    }

    @Test
    void unreachableDatabaseIsAFailedResultNamingTheDatabaseButNotThePassword() {
        int port = TestPostgres.closedPort();
        DatabaseCredentials nowhere =
                new DatabaseCredentials("127.0.0.1", port, "orders", "app", "s3cret-Pa55", DatabaseTls.disabled());

        CheckResult result = runner.migrate(nowhere, classpath("basic"));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .startsWith("cannot reach database 127.0.0.1:" + port + "/orders: ")
                .doesNotContain("s3cret-Pa55");
    }
}
