package dev.cutover.tests.faults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: blue's and green's databases have diverged when BeforeAllowTraffic compares them (green lost a row
 * its sync should have copied). The hook is reported Failed once naming the table, no workflow starts, no traffic
 * moves and the service's lock is never taken.
 */
class DataSyncDivergenceTest {

    @Test
    void beforeAllowTrafficIsReportedFailedOnceNamingTheTableAndNothingMoves() throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            divergedDatabasesAreRefused(postgres.newDatabase(), postgres.newDatabase());
        }
    }

    private static void divergedDatabasesAreRefused(DatabaseCredentials blue, DatabaseCredentials green) {
        String create = "CREATE TABLE orders (id bigint PRIMARY KEY, item text, quantity int)";
        TestPostgres.execute(blue, create, "INSERT INTO orders VALUES (1, 'tea', 2), (2, 'cake', 1)");
        TestPostgres.execute(green, create, "INSERT INTO orders VALUES (1, 'tea', 2)");
        FaultWorld world = new FaultWorld();
        world.secrets.put("orders/db/blue", blue).put("orders/db/green", green);
        world.editSpec(spec -> {
            var sync = spec.putObject("dataSync")
                    .put("blueDatabaseSecret", "orders/db/blue")
                    .put("greenDatabaseSecret", "orders/db/green");
            sync.putArray("tables")
                    .addObject()
                    .put("table", "orders")
                    .put("key", "id")
                    .put("rowTolerance", 0)
                    .putArray("columns")
                    .add("item")
                    .add("quantity");
            // local databases have no TLS: the explicit opt-out, so the verdict is the data's
            spec.putObject("databaseTls").put("mode", "disable");
        });

        Map<String, Object> answer = world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());

        assertThat(world.codeDeploy.reports())
                .singleElement()
                .extracting(FaultWorld.Report::status)
                .isEqualTo(HookStatus.FAILED);
        assertThat(answer.get("reason")).asString().contains("orders");
        assertThat(world.faults.invocations("ValidateAndLock"))
                .as("workflow tasks run")
                .isZero();
        assertThat(world.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(world.lock.holder(FaultWorld.SERVICE)).isEmpty();
        assertThat(world.ledger.find(FaultWorld.DEPLOYMENT)).isEmpty();
    }
}
