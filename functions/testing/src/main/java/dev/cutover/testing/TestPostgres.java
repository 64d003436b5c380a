package dev.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.spec.DatabaseTls;

/**
 * A real PostgreSQL server for one test class, on a free loopback port, with a fresh database per test so tests
 * never see each other's schemas. Shared by the database checks' tests in cutover-core and the lock and ledger
 * tests in cutover-postgres.
 */
public final class TestPostgres implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    public static TestPostgres start() {
        try {
            return new TestPostgres(EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // throwaway data: CREATE DATABASE checkpoints, and without fsync that costs nothing
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** Creates an empty database and returns credentials for it. */
    public DatabaseCredentials newDatabase() {
        String name = "t_" + DATABASES.incrementAndGet();
        execute(credentials("postgres"), "CREATE DATABASE " + name);
        return credentials(name);
    }

    /** The embedded server has no TLS: said explicitly, as a spec must ({@code databaseTls.mode: disable}). */
    DatabaseCredentials credentials(String dbname) {
        return new DatabaseCredentials(
                "127.0.0.1", server.getPort(), dbname, "postgres", "not-a-real-password", DatabaseTls.disabled());
    }

    public static void execute(DatabaseCredentials db, String... sql) {
        try (Connection c = connect(db);
                Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup SQL failed: " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    public static List<String> column(DatabaseCredentials db, String query) {
        try (Connection c = connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage(), e);
        }
    }

    /** Tables of a schema, sorted. */
    public static List<String> tables(DatabaseCredentials db, String schema) {
        return column(
                db,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                        + "' ORDER BY table_name");
    }

    static Connection connect(DatabaseCredentials db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    /** A loopback port nothing listens on (bound, then released). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
