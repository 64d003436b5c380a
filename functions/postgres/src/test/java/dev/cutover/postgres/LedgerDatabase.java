package dev.cutover.postgres;

import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.ds.PGSimpleDataSource;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.testing.TestPostgres;

/**
 * One embedded PostgreSQL for a test class and one database in it, holding a ledger schema that tests share and
 * {@link #emptied} before each (cheaper than migrating a schema per test); a test that damages its schema asks for
 * a {@link #newSchema} of its own.
 */
final class LedgerDatabase implements AutoCloseable {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final TestPostgres server;
    final DatabaseCredentials credentials;
    final PGSimpleDataSource dataSource;
    /** The schema tests share; migrated up front. */
    final String shared;

    LedgerDatabase() {
        server = TestPostgres.start();
        credentials = server.newDatabase();
        dataSource = dataSource(credentials);
        shared = newSchema();
        LedgerSchema.migrate(dataSource, shared);
    }

    /** The shared schema, with every table emptied. */
    String emptied() {
        TestPostgres.execute(
                credentials,
                "TRUNCATE " + shared + ".deployment_in_flight, " + shared + ".deployment_stage, " + shared
                        + ".deployment, " + shared + ".deployment_lock");
        return shared;
    }

    /** A schema name no test has used yet. */
    static String newSchema() {
        return "ledger_t" + SCHEMAS.incrementAndGet();
    }

    /** A database of the same server that no test has used yet. */
    DatabaseCredentials newDatabase() {
        return server.newDatabase();
    }

    static PGSimpleDataSource dataSource(DatabaseCredentials db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {db.host()});
        ds.setPortNumbers(new int[] {db.port()});
        ds.setDatabaseName(db.dbname());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        ds.setConnectTimeout(5);
        return ds;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
