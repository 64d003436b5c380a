package dev.cutover.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.testing.DeploymentLockContract;
import dev.cutover.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PostgresDeploymentLock} against the lock contract and a real PostgreSQL 14, plus what is its own. */
class PostgresDeploymentLockTest extends DeploymentLockContract {

    private static LedgerDatabase db;

    private String schema;

    @BeforeAll
    static void startPostgres() {
        db = new LedgerDatabase();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        db.close();
    }

    @Override
    protected DeploymentLock newLock(Clock clock) {
        schema = db.emptied();
        return new PostgresDeploymentLock(db.dataSource, schema, clock);
    }

    @Test
    void subSecondLeasesRoundOutwardsToWholeSeconds() {
        Instant start = clock.instant();
        clock.advance(Duration.ofMillis(700));

        LockLease lease = lock.acquire("orders", "d-AAA", Duration.ofMillis(100));

        assertThat(lease).isEqualTo(new LockLease("orders", "d-AAA", start, start.plusSeconds(1)));
        assertThat(lock.holder("orders")).contains(lease);
    }

    @Test
    void aLeaseIsOneRowWrittenWithTheInjectedClock() {
        lock.acquire("orders", "d-AAA", TTL);
        lock.acquire("payments", "d-BBB", TTL);
        lock.release("payments", "d-BBB");

        assertThat(TestPostgres.column(
                        db.credentials,
                        "SELECT service || ' ' || holder || ' '"
                                + " || extract(epoch FROM acquired_at)::bigint || ' ' || extract(epoch FROM expires_at)::bigint"
                                + " FROM " + schema + ".deployment_lock"))
                .containsExactly("orders d-AAA " + clock.instant().getEpochSecond() + " "
                        + clock.instant().plus(TTL).getEpochSecond());
    }

    @Test
    void createsTheDefaultSchemaOnFirstUseWithItsOwnMigrationHistory() {
        DatabaseCredentials fresh = db.newDatabase();
        PGSimpleDataSource dataSource = LedgerDatabase.dataSource(fresh);
        assertThat(TestPostgres.tables(fresh, LedgerSchema.DEFAULT_SCHEMA)).isEmpty();

        new PostgresDeploymentLock(dataSource, clock).acquire("orders", "d-AAA", TTL);
        new PostgresDeploymentLedger(dataSource, clock).find("d-AAA");

        assertThat(TestPostgres.tables(fresh, "cutover"))
                .containsExactly(
                        "cutover_schema_history",
                        "deployment",
                        "deployment_in_flight",
                        "deployment_lock",
                        "deployment_stage");
        assertThat(TestPostgres.column(
                        fresh,
                        "SELECT version || ':' || success FROM cutover.cutover_schema_history"
                                + " WHERE version IS NOT NULL AND version <> '0' ORDER BY installed_rank"))
                .as("migrated once, though two adapters used it")
                .containsExactly("1:true", "2.1:true", "2.2:true", "2.3:true", "2.4:true");
        assertThat(TestPostgres.tables(fresh, "public"))
                .as("nothing outside its schema")
                .isEmpty();
    }

    @Test
    void sharesASchemaThatAlreadyHoldsOtherTables() {
        DatabaseCredentials fresh = db.newDatabase();
        TestPostgres.execute(fresh, "CREATE TABLE public.orders (id bigint PRIMARY KEY)");

        DeploymentLock inPublic = new PostgresDeploymentLock(LedgerDatabase.dataSource(fresh), "public", clock);
        LockLease lease = inPublic.acquire("orders", "d-AAA", TTL);

        assertThat(inPublic.holder("orders")).contains(lease);
        assertThat(TestPostgres.tables(fresh, "public")).contains("orders", "deployment_lock");
    }

    @Test
    void aSchemaNameThatIsNotAPlainIdentifierIsRefused() {
        for (String bad : new String[] {"Cutover", "cutover; DROP TABLE x", "1st", "", "a\"b"}) {
            assertThatThrownBy(() -> new PostgresDeploymentLock(db.dataSource, bad, clock))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("schema")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void anUnreachableDatabaseIsATransientFaultNamingWhatWasAsked() {
        PGSimpleDataSource moving = LedgerDatabase.dataSource(db.credentials);
        DeploymentLock switched = new PostgresDeploymentLock(moving, schema, clock);
        switched.holder("orders"); // set up while reachable
        moving.setPortNumbers(new int[] {TestPostgres.closedPort()});

        assertThatThrownBy(() -> switched.acquire("orders", "d-AAA", TTL))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining(schema)
                .hasMessageContaining("acquire the lock of service orders for deployment d-AAA")
                .hasMessageContaining("SQLState 08")
                .hasMessageNotContaining(db.credentials.password());
    }

    @Test
    void anUnreachableDatabaseOnFirstUseIsATransientFaultOfTheSchemaSetUp() {
        PGSimpleDataSource nowhere = LedgerDatabase.dataSource(db.credentials);
        nowhere.setPortNumbers(new int[] {TestPostgres.closedPort()});

        assertThatThrownBy(() -> new PostgresDeploymentLock(nowhere, "elsewhere", clock).holder("orders"))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("ledger schema elsewhere")
                .hasMessageNotContaining(db.credentials.password());
    }

    @Test
    void aBrokenTableIsAPermanentFaultNamingTheOperationAndSqlState() {
        schema = LedgerDatabase.newSchema();
        lock = new PostgresDeploymentLock(db.dataSource, schema, clock);
        lock.acquire("orders", "d-AAA", TTL);
        TestPostgres.execute(db.credentials, "DROP TABLE " + schema + ".deployment_lock");

        assertThatThrownBy(() -> lock.holder("orders"))
                .isInstanceOfSatisfying(
                        DependencyException.class,
                        e -> assertThat(e.isTransient()).isFalse())
                .isNotInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("read the lock of service orders")
                .hasMessageContaining("SQLState 42P01");
    }
}
