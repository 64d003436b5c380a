package dev.cutover.check.db;

import dev.cutover.check.CheckResult;
import dev.cutover.port.DatabaseCredentials;
import dev.cutover.spec.DataSync;
import java.time.Clock;
import java.util.List;

/** Compares blue's and green's stores table by table. STUB: owned by the database work. */
public final class DataSyncChecker {

    public DataSyncChecker(Clock clock) {
    }

    /** @return one result per table, named {@code data-sync:<table>} */
    public List<CheckResult> check(DatabaseCredentials blue, DatabaseCredentials green, DataSync dataSync) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
