package dev.cutover.postgres;

import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;

/**
 * The PostgreSQL schema that holds the deployment lock and ledger ({@link PostgresDeploymentLock},
 * {@link PostgresDeploymentLedger}). Its tables are created and evolved by Cutover's own Flyway migrations
 * ({@value #LOCATION}), recorded in their own history table ({@value #HISTORY_TABLE}) so they never mix with a
 * service's migrations even in a shared database. The adapters migrate on first use, once per data source and
 * schema in a JVM; {@link #migrate} is safe to call any number of times and from several processes at once (Flyway
 * serialises them with an advisory lock).
 */
public final class LedgerSchema {

    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "cutover";
    /** Flyway's history table for these migrations, inside the ledger's schema. */
    public static final String HISTORY_TABLE = "cutover_schema_history";

    static final String LOCATION = "classpath:db/cutover-ledger";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerSchema.class);
    /**
     * Schema names go into SQL text (JDBC cannot bind identifiers), so only plain lower-case identifiers are
     * accepted: they need no quoting and cannot smuggle anything in.
     */
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Schemas migrated in this JVM, per data source, so that the lock and the ledger run Flyway once between them. */
    private static final Map<DataSource, Set<String>> MIGRATED = Collections.synchronizedMap(new WeakHashMap<>());

    private LedgerSchema() {}

    /**
     * {@link #migrate} unless this JVM already did for the same data source and schema. What the adapters call on
     * first use.
     */
    static void migrateOnce(DataSource dataSource, String schema) {
        Set<String> done = MIGRATED.computeIfAbsent(dataSource, ds -> ConcurrentHashMap.newKeySet());
        if (done.contains(schema)) {
            return;
        }
        synchronized (done) {
            if (!done.contains(schema)) {
                migrate(dataSource, schema);
                done.add(schema);
            }
        }
    }

    /**
     * Creates {@code schema} if needed and applies the lock and ledger migrations it has not had yet.
     *
     * @throws IllegalArgumentException when {@code schema} is not a plain lower-case identifier
     * @throws DependencyException      when PostgreSQL cannot be reached or refuses a migration; transient when the
     *                                  cause was the connection
     */
    public static void migrate(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        requireSchemaName(schema);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(schema)
                    .locations(LOCATION)
                    .table(HISTORY_TABLE)
                    // the ledger may share a schema that already holds other tables (e.g. public)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .validateOnMigrate(true)
                    .cleanDisabled(true)
                    .failOnMissingLocations(true)
                    .connectRetries(0)
                    .load()
                    .migrate();
            if (!result.success) {
                throw new DependencyException("PostgreSQL: Flyway reported failure migrating the Cutover ledger"
                        + " schema " + schema + ": " + result.warnings);
            }
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "ledger schema {} migrated to version {} ({} migrations applied)",
                        schema,
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            String what = "PostgreSQL: creating or migrating the Cutover ledger schema " + schema + " (Flyway, "
                    + LOCATION + ") failed: " + firstLine(e.getMessage());
            SQLException sql = sqlCause(e);
            if (sql != null && Jdbc.isTransient(sql)) {
                throw new TransientDependencyException(what, e);
            }
            throw new DependencyException(what, e);
        }
    }

    /**
     * @return {@code schema}, when it is a plain lower-case SQL identifier
     * @throws IllegalArgumentException otherwise, naming it
     */
    public static String requireSchemaName(String schema) {
        if (schema == null || !PLAIN_IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("ledger schema must be a lower-case SQL identifier (letters, digits,"
                    + " underscores; not starting with a digit; at most 63 characters), was "
                    + (schema == null ? "null" : "\"" + schema + "\""));
        }
        return schema;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** Flyway's messages are multi-line reports; the first non-blank line says what went wrong. */
    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(message);
    }
}
