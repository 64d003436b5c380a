package dev.cutover.runtime.demo;

import java.util.ArrayList;
import java.util.List;

import dev.cutover.core.error.DemoException;
import dev.cutover.runtime.adapters.EmbeddedDatabases;

/**
 * The sample service's databases as a local world starts them ({@code cutover demo} and {@code cutover serve}):
 * {@value #BLUE} migrated to V1 and seeded, {@value #GREEN} a copy of it (as a restored snapshot or a replica would
 * be), and {@value #CUTOVER} for the deployment lock and ledger.
 */
public final class DemoDatabases {

    public static final int SEED_ORDERS = 40;
    public static final String BLUE = "orders_blue";
    public static final String GREEN = "orders_green";
    public static final String CUTOVER = "cutover";

    private DemoDatabases() {}

    /** Where the sample service's migrations are (Flyway's {@code classpath:} location). */
    public static String migrations() {
        return DemoSpec.MIGRATIONS;
    }

    /**
     * @throws DemoException naming embedded PostgreSQL when a database cannot be prepared
     */
    public static void prepare(EmbeddedDatabases db) {
        try {
            db.create(BLUE);
            db.migrate(BLUE, DemoSpec.MIGRATIONS, "1");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= SEED_ORDERS; i++) {
                rows.add(new Object[] {"item-" + i, 1 + i % 5});
            }
            db.insert(BLUE, "insert into orders (item, quantity) values (?, ?)", rows);
            // green's store starts as a copy of blue's (as a restored snapshot or a replica would)
            db.copy(BLUE, GREEN);
            db.create(CUTOVER);
        } catch (RuntimeException e) {
            throw new DemoException("embedded PostgreSQL: preparing the demo databases failed: " + e.getMessage(), e);
        }
    }
}
