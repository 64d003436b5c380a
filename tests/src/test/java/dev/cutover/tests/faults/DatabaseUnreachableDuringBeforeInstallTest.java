package dev.cutover.tests.faults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: green's database refuses connections while BeforeInstall runs the migrations. The hook is reported
 * Failed once, naming the database and not its password; nothing was applied and no traffic moved.
 */
class DatabaseUnreachableDuringBeforeInstallTest {

    @Test
    void beforeInstallIsReportedFailedOnceNamingTheDatabase() throws Exception {
        int closedPort = TestPostgres.closedPort();
        FaultWorld world = new FaultWorld();
        world.secrets.put(
                "orders/db/green",
                new DatabaseCredentials("127.0.0.1", closedPort, "orders_green", "cutover", "s3cret-password"));
        world.editSpec(spec -> {
            spec.putObject("migrations")
                    .put("location", "classpath:dev/cutover/runtime/sample/db")
                    .put("databaseSecret", "orders/db/green");
            // a local database has no TLS: the explicit opt-out, so the failure is the connection's
            spec.putObject("databaseTls").put("mode", "disable");
        });

        Map<String, Object> answer = world.invoke("BeforeInstall", FaultWorld.beforeAllowTraffic());

        assertThat(world.codeDeploy.reports())
                .singleElement()
                .extracting(FaultWorld.Report::status)
                .isEqualTo(HookStatus.FAILED);
        assertThat(answer.get("reason"))
                .asString()
                .contains("orders_green")
                .contains("127.0.0.1:" + closedPort)
                .doesNotContain("s3cret-password");
        assertThat(world.traffic()).isEqualTo(dev.cutover.core.port.model.Weights.ALL_BLUE);
        assertThat(world.liveLease()).isEmpty();
    }
}
