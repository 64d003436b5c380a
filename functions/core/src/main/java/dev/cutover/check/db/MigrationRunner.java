package dev.cutover.check.db;

import dev.cutover.check.CheckResult;
import dev.cutover.port.DatabaseCredentials;
import dev.cutover.spec.Migrations;
import java.time.Clock;

/** Flyway migrations, expand phase only, behind the expand guard. STUB: owned by the database work. */
public final class MigrationRunner {

    public MigrationRunner(Clock clock) {
    }

    /**
     * Scans every pending migration with the expand guard; if any is destructive, fails naming file, line and
     * statement and runs nothing. Otherwise migrates; already-applied migrations are not run again.
     *
     * @return one result named {@code migrations}
     */
    public CheckResult migrate(DatabaseCredentials database, Migrations migrations) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
