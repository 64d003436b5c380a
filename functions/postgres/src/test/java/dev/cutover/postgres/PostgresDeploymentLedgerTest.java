package dev.cutover.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.testing.DeploymentLedgerContract;
import dev.cutover.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PostgresDeploymentLedger} against the ledger contract and a real PostgreSQL 14, plus what is its own. */
class PostgresDeploymentLedgerTest extends DeploymentLedgerContract {

    private static LedgerDatabase db;

    private String schema;
    private PostgresDeploymentLedger postgres;

    @BeforeAll
    static void startPostgres() {
        db = new LedgerDatabase();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        db.close();
    }

    @Override
    protected DeploymentLedger newLedger(Clock clock) {
        schema = db.emptied();
        postgres = new PostgresDeploymentLedger(db.dataSource, schema, clock);
        return postgres;
    }

    @Test
    void listsEveryDeploymentOldestStartFirstWithItsStages() {
        Instant later = clock.instant().plus(Duration.ofHours(2));
        ledger.start(DeploymentRecord.started("d-NEW", "orders", "7", later));
        ledger.start(DeploymentRecord.started("d-PAY", "payments", "3", later));
        ledger.start(DeploymentRecord.started("d-OLD", "orders", "6", clock.instant()));
        StageEntry entry = new StageEntry(0, 10, 90, 10, "shifted", later);
        ledger.stageReached("d-NEW", entry);

        List<DeploymentRecord> all = postgres.all();

        assertThat(all).extracting(DeploymentRecord::deploymentId).containsExactly("d-OLD", "d-NEW", "d-PAY");
        assertThat(all.get(1).stagesReached()).containsExactly(entry);
        assertThat(all.get(0).stagesReached()).isEmpty();
    }

    @Test
    void aRecordStartedWithStagesAndAReasonKeepsThem() {
        StageEntry entry = new StageEntry(0, 0, 100, 0, "validated", clock.instant());
        DeploymentRecord record = new DeploymentRecord(
                "d-AAA",
                "orders",
                "7",
                clock.instant(),
                clock.instant(),
                Status.IN_PROGRESS,
                List.of(entry),
                Optional.of("resumed"),
                Optional.empty());

        ledger.start(record);

        assertThat(ledger.find("d-AAA")).contains(record);
    }

    @Test
    void longVerdictsAreKeptAndDedupedWhole() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        String verdict = "unhealthy: " + "5xx on /checkout ".repeat(1_000);
        StageEntry entry = new StageEntry(0, 10, 90, 10, verdict, clock.instant());
        StageEntry almost = new StageEntry(0, 10, 90, 10, verdict + ".", clock.instant());

        ledger.stageReached("d-AAA", entry);
        ledger.stageReached("d-AAA", entry);
        ledger.stageReached("d-AAA", almost);

        assertThat(ledger.find("d-AAA").orElseThrow().stagesReached()).containsExactly(entry, almost);
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        Instant precise = Instant.parse("2026-03-01T10:00:00.123456789Z");

        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", precise));

        assertThat(ledger.find("d-AAA").orElseThrow().startedAt())
                .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
    }

    @Test
    void finishingIsOneTransactionOverBothTables() {
        schema = LedgerDatabase.newSchema();
        ledger = new PostgresDeploymentLedger(db.dataSource, schema, clock);
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        // make the second write of finish (un-pointing the in-flight deployment) fail
        TestPostgres.execute(
                db.credentials,
                "CREATE FUNCTION " + schema + ".refuse() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$",
                "CREATE TRIGGER refuse BEFORE DELETE ON " + schema + ".deployment_in_flight"
                        + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".refuse()");

        assertThatThrownBy(() -> ledger.finish("d-AAA", Status.PROMOTED, "done", clock.instant()))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("finish deployment d-AAA as PROMOTED")
                .hasMessageContaining("refused by test");

        assertThat(ledger.find("d-AAA").orElseThrow().status())
                .as("the first write was rolled back")
                .isEqualTo(Status.IN_PROGRESS);
        assertThat(ledger.findInFlight("orders"))
                .map(DeploymentRecord::deploymentId)
                .contains("d-AAA");
    }

    @Test
    void aRefusedStartChangesNothing() {
        ledger.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));

        assertThatThrownBy(() -> ledger.start(DeploymentRecord.started("d-AAA", "payments", "1", clock.instant())))
                .isInstanceOf(IllegalStateException.class);

        assertThat(TestPostgres.column(
                        db.credentials,
                        "SELECT service || '>' || deployment_id FROM " + schema
                                + ".deployment_in_flight ORDER BY service"))
                .containsExactly("orders>d-AAA");
    }

    @Test
    void anUnreachableDatabaseIsATransientFaultNamingWhatWasAsked() {
        PGSimpleDataSource moving = LedgerDatabase.dataSource(db.credentials);
        DeploymentLedger switched = new PostgresDeploymentLedger(moving, schema, clock);
        switched.start(DeploymentRecord.started("d-AAA", "orders", "7", clock.instant()));
        moving.setPortNumbers(new int[] {TestPostgres.closedPort()});

        assertThatThrownBy(() -> switched.finish("d-AAA", Status.PROMOTED, "done", clock.instant()))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining(schema)
                .hasMessageContaining("finish deployment d-AAA as PROMOTED")
                .hasMessageNotContaining(db.credentials.password());
        assertThatThrownBy(() -> switched.findInFlight("orders"))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("read the in-flight deployment of service orders");
    }
}
