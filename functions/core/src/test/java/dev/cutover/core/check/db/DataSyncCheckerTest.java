package dev.cutover.core.check.db;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.DataSync;
import dev.cutover.core.spec.DataSync.TableCheck;
import dev.cutover.core.spec.DatabaseTls;
import dev.cutover.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@link DataSyncChecker} against a real PostgreSQL 14: blue and green are two databases of one server. */
class DataSyncCheckerTest {

    private static final String CREATE_ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, customer text,"
            + " note text, total numeric(10,2), updated_at timestamptz)";
    private static final String FILL_1000 = "INSERT INTO orders SELECT g, 'customer ' || (g % 17),"
            + " CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END, g * 1.25,"
            + " timestamptz '2026-01-01 12:00:00+00' - (1000 - g) * interval '1 second'"
            + " FROM generate_series(1, 1000) g";

    private static TestPostgres postgres;

    private final DataSyncChecker checker = new DataSyncChecker(Clock.systemUTC());
    private DatabaseCredentials blue;
    private DatabaseCredentials green;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void createStores() {
        blue = postgres.newDatabase();
        green = postgres.newDatabase();
    }

    private static TableCheck orders(long tolerance) {
        return new TableCheck(
                "orders",
                "id",
                List.of("customer", "note", "total", "updated_at"),
                tolerance,
                Optional.of("updated_at"),
                Duration.ofSeconds(60));
    }

    private CheckResult checkOne(TableCheck table) {
        List<CheckResult> results =
                checker.check(blue, green, new DataSync("blue-secret", "green-secret", List.of(table)));
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void equalTablesFilledInDifferentOrdersPass() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        // green gets the same rows backwards, then rewritten, so its physical order differs
        TestPostgres.execute(
                green, CREATE_ORDERS, FILL_1000 + " ORDER BY g DESC", "UPDATE orders SET note = note WHERE id % 3 = 0");

        CheckResult result = checkOne(orders(0));

        assertThat(result.name()).isEqualTo("data-sync:orders");
        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail())
                .isEqualTo(
                        "orders: rows blue=1000 green=1000 (diff 0, tolerance 0); checksum match; lag 0 s (max 60 s)");
    }

    @Test
    void oneChangedValueFailsOnTheChecksum() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "UPDATE orders SET total = total + 0.01 WHERE id = 500");

        CheckResult result = checkOne(orders(0));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .startsWith("orders: rows blue=1000 green=1000 (diff 0, tolerance 0); checksum MISMATCH over id,"
                        + " customer, note, total, updated_at");
    }

    @Test
    void aChangeInAColumnOutsideTheChecksumIsNotSeen() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "UPDATE orders SET total = 0 WHERE id = 500");

        CheckResult result =
                checkOne(new TableCheck("orders", "id", List.of("customer"), 0, Optional.empty(), Duration.ZERO));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail())
                .isEqualTo("orders: rows blue=1000 green=1000 (diff 0, tolerance 0); checksum match");
    }

    @Test
    void nullAndEmptyStringAreDifferent() {
        TestPostgres.execute(blue, CREATE_ORDERS, "INSERT INTO orders (id, note) VALUES (1, NULL)");
        TestPostgres.execute(green, CREATE_ORDERS, "INSERT INTO orders (id, note) VALUES (1, '')");

        CheckResult result =
                checkOne(new TableCheck("orders", "id", List.of("note"), 0, Optional.empty(), Duration.ZERO));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("checksum MISMATCH");
    }

    @Test
    void textMovedBetweenAdjacentColumnsIsDifferent() {
        TestPostgres.execute(blue, CREATE_ORDERS, "INSERT INTO orders (id, customer, note) VALUES (1, 'a', 'bc')");
        TestPostgres.execute(green, CREATE_ORDERS, "INSERT INTO orders (id, customer, note) VALUES (1, 'ab', 'c')");

        CheckResult result = checkOne(
                new TableCheck("orders", "id", List.of("customer", "note"), 0, Optional.empty(), Duration.ZERO));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("checksum MISMATCH");
    }

    @Test
    void serversPrintingValuesDifferentlyStillAgree() {
        String create = "CREATE TABLE events (id int PRIMARY KEY, took interval, payload bytea, at timestamptz)";
        String fill = "INSERT INTO events SELECT g, g * interval '1 minute 3 seconds', decode(md5(g::text), 'hex'),"
                + " timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour' FROM generate_series(1, 100) g";
        TestPostgres.execute(blue, create, fill);
        TestPostgres.execute(
                green,
                create,
                fill,
                "ALTER DATABASE " + green.dbname() + " SET IntervalStyle = 'iso_8601'",
                "ALTER DATABASE " + green.dbname() + " SET bytea_output = 'escape'",
                "ALTER DATABASE " + green.dbname() + " SET timezone = 'Asia/Tokyo'");
        TestPostgres.execute(green, "UPDATE events SET took = took WHERE id = 1");

        CheckResult result = checkOne(
                new TableCheck("events", "id", List.of("took", "payload", "at"), 0, Optional.of("at"), Duration.ZERO));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail())
                .isEqualTo("events: rows blue=100 green=100 (diff 0, tolerance 0); checksum match; lag 0 s (max 0 s)");
    }

    @Test
    void rowCountDifferenceWithinToleranceSkipsTheChecksum() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "DELETE FROM orders WHERE id BETWEEN 10 AND 12");

        CheckResult result = checkOne(orders(5));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail())
                .isEqualTo("orders: rows blue=1000 green=997 (diff 3, tolerance 5);"
                        + " checksum not compared (tolerance > 0); lag 0 s (max 60 s)");
    }

    @Test
    void rowCountDifferenceOverToleranceFails() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "DELETE FROM orders WHERE id BETWEEN 10 AND 19");

        CheckResult result = checkOne(orders(5));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).startsWith("orders: rows blue=1000 green=990 (diff 10, tolerance 5);");
    }

    @Test
    void anExtraRowOnGreenFailsWithZeroTolerance() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "INSERT INTO orders (id) VALUES (1001)");

        CheckResult result = checkOne(orders(0));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .startsWith("orders: rows blue=1000 green=1001 (diff 1, tolerance 0); checksum" + " MISMATCH");
    }

    @Test
    void lagWithinTheMaximumPasses() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "DELETE FROM orders WHERE id > 970");

        CheckResult result = checkOne(orders(100));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail()).endsWith("; lag 30 s (max 60 s)");
    }

    @Test
    void lagOverTheMaximumFails() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000, "DELETE FROM orders WHERE id > 880");

        CheckResult result = checkOne(orders(200));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("(diff 120, tolerance 200)").contains("; lag 120 s (max 60 s)");
    }

    @Test
    void greenAheadOfBlueIsNoLag() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(
                green,
                CREATE_ORDERS,
                FILL_1000,
                "UPDATE orders SET updated_at = updated_at + interval '1 hour' WHERE id = 1000");

        CheckResult result = checkOne(
                new TableCheck("orders", "id", List.of(), 0, Optional.of("updated_at"), Duration.ofSeconds(1)));

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.detail()).endsWith("; lag 0 s (max 1 s)");
    }

    @Test
    void emptyGreenTableWithALagColumnFails() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS);

        CheckResult result = checkOne(orders(2000));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("lag unknown: green has no updated_at values, blue's newest is"
                        + " 2026-01-01T12:00:00Z (max 60 s)");
    }

    @Test
    void missingTableOnGreenFailsNamingGreen() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);

        CheckResult result = checkOne(orders(0));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .startsWith("orders: table orders not found on green (127.0.0.1:")
                .contains("/" + green.dbname() + ")")
                .contains("42P01");
    }

    @Test
    void missingColumnOnBlueFailsNamingBlue() {
        TestPostgres.execute(blue, "CREATE TABLE orders (id bigint PRIMARY KEY)");
        TestPostgres.execute(green, CREATE_ORDERS);

        CheckResult result = checkOne(orders(0));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .startsWith("orders: column not found on blue (")
                .contains("42703");
    }

    @Test
    void everyTableGetsItsOwnResultAndAFailureDoesNotStopTheOthers() {
        TestPostgres.execute(
                blue,
                CREATE_ORDERS,
                FILL_1000,
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.\"Refunds\" (\"Id\" int PRIMARY KEY, \"Amount\" numeric)",
                "INSERT INTO sales.\"Refunds\" VALUES (1, 9.99), (2, NULL)");
        TestPostgres.execute(
                green,
                CREATE_ORDERS,
                FILL_1000,
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.\"Refunds\" (\"Id\" int PRIMARY KEY, \"Amount\" numeric)",
                "INSERT INTO sales.\"Refunds\" VALUES (2, NULL), (1, 9.99)");
        List<TableCheck> tables = List.of(
                new TableCheck("missing", "id", List.of(), 0, Optional.empty(), Duration.ZERO),
                orders(0),
                new TableCheck("sales.Refunds", "Id", List.of("Amount"), 0, Optional.empty(), Duration.ZERO));

        List<CheckResult> results = checker.check(blue, green, new DataSync("b", "g", tables));

        assertThat(results)
                .extracting(CheckResult::name, CheckResult::passed)
                .containsExactly(
                        tuple("data-sync:missing", false),
                        tuple("data-sync:orders", true),
                        tuple("data-sync:sales.Refunds", true));
        assertThat(results.get(0).detail()).contains("not found on blue");
        assertThat(results.get(2).detail())
                .isEqualTo("sales.Refunds: rows blue=2 green=2 (diff 0, tolerance 0); checksum match");
    }

    @Test
    void unreachableGreenFailsEveryTableNamingGreenButNotThePassword() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000, "CREATE TABLE items (id int PRIMARY KEY)");
        int port = TestPostgres.closedPort();
        DatabaseCredentials nowhere =
                new DatabaseCredentials("127.0.0.1", port, "store", "app", "s3cret-Pa55", DatabaseTls.disabled());

        List<CheckResult> results = checker.check(
                blue,
                nowhere,
                new DataSync(
                        "b",
                        "g",
                        List.of(
                                orders(0),
                                new TableCheck("items", "id", List.of(), 0, Optional.empty(), Duration.ZERO))));

        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.detail())
                    .contains("green database 127.0.0.1:" + port + "/store: cannot connect")
                    .doesNotContain("s3cret-Pa55");
        });
    }

    @Test
    void identifiersAreQuotedSoTheyCannotInjectSql() {
        TestPostgres.execute(blue, CREATE_ORDERS, FILL_1000);
        TestPostgres.execute(green, CREATE_ORDERS, FILL_1000);
        // a column name that would write if it were ever spliced unquoted into the query
        TableCheck injected = new TableCheck(
                "orders", "id", List.of("note\"); DELETE FROM orders; --"), 0, Optional.empty(), Duration.ZERO);

        CheckResult result = checkOne(injected);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("column not found");
        assertThat(TestPostgres.column(blue, "SELECT count(*) FROM orders")).containsExactly("1000");
    }

    @Test
    void queriesRunInAReadOnlyTransaction() {
        for (DatabaseCredentials db : List.of(blue, green)) {
            TestPostgres.execute(
                    db,
                    CREATE_ORDERS,
                    FILL_1000,
                    "CREATE TABLE audit (n int)",
                    "CREATE FUNCTION touch() RETURNS int LANGUAGE plpgsql AS $$"
                            + " BEGIN INSERT INTO audit VALUES (1); RETURN 1; END $$",
                    "CREATE VIEW orders_touching AS SELECT id, touch() AS touched FROM orders");
        }

        CheckResult result = checkOne(
                new TableCheck("orders_touching", "id", List.of("touched"), 0, Optional.empty(), Duration.ZERO));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("on blue")
                .contains("SQL state 25006")
                .contains("read-only transaction");
        assertThat(TestPostgres.column(blue, "SELECT count(*) FROM audit")).containsExactly("0");
    }

    @Test
    void aSlowQueryIsCancelledByTheStatementTimeout() {
        TestPostgres.execute(
                blue, CREATE_ORDERS, FILL_1000, "CREATE VIEW slow_orders AS SELECT id FROM orders, pg_sleep(5)");
        TestPostgres.execute(
                green, CREATE_ORDERS, FILL_1000, "CREATE VIEW slow_orders AS SELECT id FROM orders, pg_sleep(5)");
        DataSyncChecker impatient = new DataSyncChecker(Clock.systemUTC(), Duration.ofMillis(200));

        List<CheckResult> results = impatient.check(
                blue,
                green,
                new DataSync(
                        "b",
                        "g",
                        List.of(
                                new TableCheck("slow_orders", "id", List.of(), 0, Optional.empty(), Duration.ZERO),
                                orders(0))));

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).detail())
                .contains("query cancelled after statement_timeout 200 ms on blue")
                .contains("57014");
        assertThat(results.get(0).duration()).isLessThan(Duration.ofSeconds(4));
        // the connection is still usable for the next table
        assertThat(results.get(1).passed()).as(results.get(1).toString()).isTrue();
    }
}
