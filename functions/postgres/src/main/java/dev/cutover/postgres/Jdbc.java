package dev.cutover.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;

/**
 * The JDBC plumbing the lock and the ledger share: the schema, migrated on first use; statements run in autocommit
 * or in one transaction; and SQL failures turned into {@link DependencyException}s that name what was being done.
 */
final class Jdbc {

    /**
     * SQLStates worth retrying besides the connection class (08): serialization failure, deadlock, too many
     * connections, and the server shutting down or starting up.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "53300", "57P01", "57P02", "57P03");

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String schema;
    private volatile boolean migrated;

    Jdbc(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = LedgerSchema.requireSchemaName(schema);
    }

    String schema() {
        return schema;
    }

    /** The schema-qualified name of one of the ledger's tables, for SQL text. */
    String table(String name) {
        return schema + "." + name;
    }

    /** Runs {@code work} on a connection in autocommit: each statement stands alone. */
    <T> T autocommit(String operation, Work<T> work) {
        ensureSchema();
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw fault(operation, e);
        }
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction, committed when it returns and rolled back when it throws
     * anything (an {@link IllegalStateException} from a refused write included).
     */
    <T> T transaction(String operation, Work<T> work) {
        ensureSchema();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                // a pooled connection goes back as it came
                restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw fault(operation, e);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException ignored) {
            // the connection is broken; closing it is all that is left, and the caller sees the first failure
        }
    }

    private void ensureSchema() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                LedgerSchema.migrateOnce(dataSource, schema);
                migrated = true;
            }
        }
    }

    DependencyException fault(String operation, SQLException e) {
        String message = "PostgreSQL (ledger schema " + schema + "): " + operation + " failed: " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")";
        return isTransient(e) ? new TransientDependencyException(message, e) : new DependencyException(message, e);
    }

    /** Connection trouble (SQLState class 08), a serialization failure or deadlock, an overloaded server. */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
    }

    /**
     * PostgreSQL keeps microseconds; the ledger stores instants truncated to them so that what is read back is
     * exactly what was written.
     */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must be a non-blank string, was " + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
