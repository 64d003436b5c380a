package dev.cutover.core.check.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.Migrations;

/**
 * Runs the expand phase of a service's database migrations in BeforeInstall: Flyway migrations behind the
 * {@link ExpandGuard}.
 *
 * <p>Every pending SQL migration is read and checked first; one destructive statement anywhere and nothing runs.
 * Otherwise all pending migrations are applied as one group, in one PostgreSQL transaction, so a failure anywhere
 * leaves the schema exactly as it was. Flyway's history table makes a repeated delivery of the same hook a no-op,
 * and its advisory lock makes two concurrent runs apply each migration once. Never throws: every problem is a
 * failed {@link CheckResult}, and no message carries the password.
 *
 * <p>Every connection runs with the spec's {@code lock_timeout} and {@code statement_timeout} (Flyway's
 * {@code initSql}), so a migration waiting for a lock blue holds fails quickly instead of queueing blue's queries
 * behind it (PostgreSQL: "Client Connection Defaults", lock_timeout).
 *
 * <p>{@code CREATE INDEX CONCURRENTLY} cannot run inside a transaction block (PostgreSQL: CREATE INDEX). Flyway
 * detects it in a PostgreSQL script and runs that script outside a transaction (Flyway: "Migrations", transactions;
 * the guard makes sure such a script holds nothing else). Flyway would run a whole group outside a transaction if
 * one of its migrations must be ({@code mixed}), so when one is pending the pending migrations run in steps instead:
 * each run of ordinary migrations as one transaction, each concurrent-index migration on its own, in order. Flyway's
 * lock is then a session advisory lock ({@code postgresql.transactional.lock=false}): with the default, a
 * transaction-level lock held open on a second connection, {@code CREATE INDEX CONCURRENTLY} would wait for that
 * transaction forever. Pending repeatable migrations would join the first step, so they are refused in the same
 * delivery as a concurrent index. After such a run, an INVALID index in the schema (what a failed concurrent build leaves, and
 * what {@code IF NOT EXISTS} silently keeps) fails the check.
 */
public final class MigrationRunner {

    /** The name of the result {@link #migrate} returns. */
    public static final String CHECK_NAME = "migrations";

    static final String DEFAULT_LOCATION = "classpath:db/migration";
    static final String DEFAULT_SCHEMA = "public";
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int LOGIN_TIMEOUT_SECONDS = 10;
    /** PostgreSQL's SQL state when lock_timeout cancels a statement. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** PostgreSQL's SQL state when statement_timeout (or a cancel request) cancels a statement. */
    private static final String QUERY_CANCELED = "57014";

    private final Clock clock;

    public MigrationRunner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Scans every pending migration with the expand guard; if any is destructive, fails naming file, line and
     * statement and runs nothing. Otherwise migrates; already-applied migrations are not run again.
     *
     * @return one result named {@code migrations}
     */
    public CheckResult migrate(DatabaseCredentials database, Migrations migrations) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(migrations, "migrations");
        Instant start = clock.instant();
        Optional<String> noTls = database.tls().unusable();
        if (noTls.isPresent()) {
            return CheckResult.fail(CHECK_NAME, noTls.get() + "; nothing was applied", elapsed(start));
        }
        String schema = blankOr(migrations.schema(), DEFAULT_SCHEMA);
        String[] locations = Arrays.stream(
                        blankOr(migrations.location(), DEFAULT_LOCATION).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        Redactor redact = new Redactor(database.password());
        Supplier<FluentConfiguration> configuration = () -> configure(database, migrations, locations, schema);
        List<MigrateOutput> appliedEarlier = new ArrayList<>();
        try {
            Flyway flyway = configuration.get().load();

            MigrationInfo[] pending = flyway.info().pending();
            Scan scan = guard(pending, flyway);
            List<ExpandGuard.Violation> violations = scan.violations();
            if (!violations.isEmpty()) {
                return CheckResult.fail(
                        CHECK_NAME,
                        redact.apply("expand guard refused " + violations.size()
                                + (violations.size() == 1 ? " statement" : " statements") + " in the "
                                + pending.length + " pending migration" + (pending.length == 1 ? "" : "s")
                                + "; nothing was applied: "
                                + violations.stream()
                                        .map(ExpandGuard.Violation::message)
                                        .collect(Collectors.joining("; "))),
                        elapsed(start));
            }

            List<String> repeatable = Arrays.stream(pending)
                    .filter(info -> info.getVersion() == null)
                    .map(info -> fileName(String.valueOf(info.getScript())))
                    .toList();
            if (!scan.outsideTransaction().isEmpty() && !repeatable.isEmpty()) {
                // Flyway puts pending repeatable migrations in the first step, beside the concurrent index: it would
                // refuse the mix (mixed is off), or with mixed on run them outside a transaction before later steps
                return CheckResult.fail(
                        CHECK_NAME,
                        redact.apply("pending repeatable migrations (" + String.join(", ", repeatable)
                                + ") cannot run in the same delivery as a CREATE INDEX CONCURRENTLY migration (version "
                                + scan.outsideTransaction().stream()
                                        .sorted()
                                        .map(MigrationVersion::getVersion)
                                        .collect(Collectors.joining(", "))
                                + "); nothing was applied: deploy the concurrent index first, then the"
                                + " repeatable changes"),
                        elapsed(start));
            }
            MigrateResult result = null;
            for (MigrationVersion target : steps(pending, scan.outsideTransaction())) {
                result = configuration.get().target(target).load().migrate();
                if (!result.success) {
                    break;
                }
                appliedEarlier.addAll(result.migrations);
            }
            if (result.success) {
                result.migrations = List.copyOf(appliedEarlier);
                result.migrationsExecuted = appliedEarlier.size();
            }
            if (!result.success) {
                return CheckResult.fail(
                        CHECK_NAME,
                        redact.apply("Flyway reported failure on schema " + schema
                                + " of " + where(database) + ": "
                                + String.join("; ", result.warnings == null ? List.of() : result.warnings)),
                        elapsed(start));
            }
            List<String> invalid = scan.outsideTransaction().isEmpty() ? List.of() : invalidIndexes(flyway, schema);
            if (!invalid.isEmpty()) {
                return CheckResult.fail(
                        CHECK_NAME,
                        redact.apply("migrations applied, but schema " + schema + " has INVALID indexes: "
                                + String.join(", ", invalid)
                                + " (what a failed concurrent build leaves; CREATE INDEX ..."
                                + " IF NOT EXISTS does not replace it); drop each with DROP INDEX CONCURRENTLY and"
                                + " build it again in a new migration"),
                        elapsed(start));
            }
            Duration took = elapsed(start);
            if (result.migrationsExecuted == 0) {
                String version = currentVersion(flyway);
                return CheckResult.pass(
                        CHECK_NAME,
                        version == null
                                ? "schema " + schema + " has no migrations applied and none pending at "
                                        + String.join(",", locations) + ", nothing to apply"
                                : "schema " + schema + " already at version " + version + ", nothing to apply",
                        took);
            }
            List<String> applied =
                    result.migrations.stream().map(MigrationRunner::label).toList();
            String target = result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion(flyway);
            return CheckResult.pass(
                    CHECK_NAME,
                    "applied " + result.migrationsExecuted + " migration"
                            + (result.migrationsExecuted == 1 ? "" : "s") + " (" + String.join(", ", applied)
                            + ") to schema " + schema + " in " + took.toMillis() + " ms; now at version " + target,
                    took);
        } catch (FlywayMigrateException e) {
            return CheckResult.fail(
                    CHECK_NAME,
                    redact.apply(describeMigrateFailure(e, schema, database, migrations, appliedEarlier)),
                    elapsed(start));
        } catch (RuntimeException e) {
            return CheckResult.fail(CHECK_NAME, redact.apply(describe(e, database)), elapsed(start));
        }
    }

    private static FluentConfiguration configure(
            DatabaseCredentials database, Migrations migrations, String[] locations, String schema) {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(jdbcUrl(database), database.username(), database.password())
                .locations(locations)
                .schemas(schema)
                .group(true)
                .mixed(false)
                .initSql(sessionSettings(migrations))
                .validateOnMigrate(true)
                .cleanDisabled(true)
                .failOnMissingLocations(true)
                .connectRetries(0);
        configuration
                .getPluginRegister()
                .getExact(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        return configuration;
    }

    /** The session settings every migration connection starts with. */
    static String sessionSettings(Migrations migrations) {
        return "SET lock_timeout = '" + migrations.lockTimeout().toMillis() + "ms'; SET statement_timeout = '"
                + migrations.statementTimeout().toMillis() + "ms'";
    }

    /**
     * The targets to migrate to, one Flyway run each: the latest version when every pending migration can run in
     * the one transaction; otherwise the version before each migration that must run outside a transaction, that
     * migration itself, and finally the latest (later versions and repeatable migrations).
     */
    private static List<MigrationVersion> steps(MigrationInfo[] pending, Set<MigrationVersion> outsideTransaction) {
        List<MigrationVersion> steps = new ArrayList<>();
        MigrationVersion previous = null;
        for (MigrationInfo info : pending) {
            MigrationVersion version = info.getVersion();
            if (version != null && outsideTransaction.contains(version)) {
                if (previous != null) {
                    steps.add(previous);
                }
                steps.add(version);
                previous = null;
            } else if (version != null) {
                previous = version;
            }
        }
        steps.add(MigrationVersion.LATEST);
        return steps;
    }

    /**
     * What the guard found, and which pending migrations Flyway will run outside a transaction.
     *
     * @param violations         every refused statement
     * @param outsideTransaction versions of the migrations holding {@code CREATE/DROP INDEX CONCURRENTLY}
     */
    private record Scan(List<ExpandGuard.Violation> violations, Set<MigrationVersion> outsideTransaction) {}

    /** Reads and checks every pending migration; a script the guard cannot read is refused too. */
    private static Scan guard(MigrationInfo[] pending, Flyway flyway) {
        Location[] locations = flyway.getConfiguration().getLocations();
        ClassLoader classLoader = flyway.getConfiguration().getClassLoader();
        List<ExpandGuard.Violation> out = new ArrayList<>();
        List<ExpandGuard.Script> scripts = new ArrayList<>();
        Set<MigrationVersion> outsideTransaction = new HashSet<>();
        for (MigrationInfo info : pending) {
            String script = info.getScript();
            if (script == null || !script.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
                out.add(new ExpandGuard.Violation(
                        String.valueOf(script),
                        0,
                        ExpandGuard.Rule.UNCHECKABLE,
                        "not a SQL migration (" + info.getType().name() + "); only SQL migrations can be checked"));
                continue;
            }
            String content = read(script, info.getPhysicalLocation(), locations, classLoader);
            if (content == null) {
                out.add(new ExpandGuard.Violation(
                        script, 0, ExpandGuard.Rule.UNCHECKABLE, "script not found in " + Arrays.toString(locations)));
                continue;
            }
            scripts.add(new ExpandGuard.Script(fileName(script), content));
            if (info.getVersion() != null && ExpandGuard.runsOutsideTransaction(content)) {
                outsideTransaction.add(info.getVersion());
            }
        }
        // checked together, in the order they run: a table an earlier pending migration creates is new for the rest
        out.addAll(ExpandGuard.check(scripts));
        return new Scan(out, outsideTransaction);
    }

    /**
     * The script's text, exactly what Flyway will run (before placeholder replacement). Flyway names a script
     * relative to the location it was found in.
     */
    private static String read(String script, String physicalLocation, Location[] locations, ClassLoader classLoader) {
        try {
            for (Location location : locations) {
                String root = location.getRootPath();
                if (location.isFileSystem()) {
                    Path file = Path.of(root).resolve(script);
                    if (Files.isRegularFile(file)) {
                        return Files.readString(file, StandardCharsets.UTF_8);
                    }
                } else if (location.isClassPath()) {
                    String resource = root.isEmpty() ? script : root + "/" + script;
                    try (InputStream in = classLoader.getResourceAsStream(resource)) {
                        if (in != null) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            if (physicalLocation != null
                    && !physicalLocation.isBlank()
                    && Files.isRegularFile(Path.of(physicalLocation))) {
                return Files.readString(Path.of(physicalLocation), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Indexes of the schema PostgreSQL marks invalid: what a failed {@code CREATE INDEX CONCURRENTLY} leaves behind
     * (PostgreSQL: CREATE INDEX, "Building Indexes Concurrently"). Such an index is maintained but never used, and
     * a unique one enforces nothing.
     */
    private static List<String> invalidIndexes(Flyway flyway, String schema) {
        String query = "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid AND n.nspname = ?"
                + " ORDER BY c.relname";
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, schema);
            List<String> out = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            return List.of("(cannot list them: " + firstLine(e.getMessage()) + ")");
        }
    }

    private static String currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null
                ? null
                : current.getVersion().getVersion();
    }

    private static String label(MigrateOutput migration) {
        if (migration.version != null && !migration.version.isEmpty()) {
            return "V" + migration.version;
        }
        return "R " + migration.description;
    }

    private static String describeMigrateFailure(
            FlywayMigrateException e,
            String schema,
            DatabaseCredentials database,
            Migrations migrations,
            List<MigrateOutput> appliedEarlier) {
        StringBuilder sb = new StringBuilder("migration ");
        MigrationInfo failed = e.getMigration();
        sb.append(failed == null ? "(unknown)" : fileName(failed.getScript()));
        if (e.getLineNumber() > 0) {
            sb.append(" at line ").append(e.getLineNumber());
        }
        sb.append(" failed on ").append(where(database)).append(": ");
        SQLException sql = find(e, SQLException.class);
        String state = e.getSqlState() != null ? e.getSqlState() : sql == null ? null : sql.getSQLState();
        if (state != null) {
            sb.append("SQL state ").append(state).append(": ");
        }
        sb.append(firstLine(sql != null ? sql.getMessage() : e.getMessage()));
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            sb.append(" (waited longer than migrations.lockTimeoutSeconds, ")
                    .append(migrations.lockTimeout().toSeconds())
                    .append(" s, for a lock another session holds: retry when the table is less busy, or raise it)");
        } else if (QUERY_CANCELED.equals(state)) {
            sb.append(" (ran longer than migrations.statementTimeoutSeconds, ")
                    .append(migrations.statementTimeout().toSeconds())
                    .append(" s)");
        }
        if (!e.isExecutableInTransaction() && state != null) {
            sb.append("; that migration ran outside a transaction: its statements that completed stay, and a"
                    + " concurrent index build that failed leaves an INVALID index to drop (DROP INDEX CONCURRENTLY)"
                    + " before Flyway's repair and a new attempt");
        } else if (e.isExecutableInTransaction()) {
            sb.append("; its group was rolled back");
        }
        sb.append(
                appliedEarlier.isEmpty()
                        ? "; no pending migration of schema " + schema + " was applied"
                        : "; applied before it in schema " + schema + ": "
                                + appliedEarlier.stream()
                                        .map(MigrationRunner::label)
                                        .collect(Collectors.joining(", ")));
        return sb.toString();
    }

    private static String describe(RuntimeException e, DatabaseCredentials database) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        boolean network = find(e, ConnectException.class) != null
                || find(e, UnknownHostException.class) != null
                || find(e, SocketTimeoutException.class) != null
                || find(e, NoRouteToHostException.class) != null
                || (state != null && state.startsWith("08"));
        if (network) {
            Throwable root = rootCause(e);
            String reason = root instanceof UnknownHostException
                    ? "unknown host " + root.getMessage()
                    : firstLine(root.getMessage());
            return "cannot reach database " + where(database) + ": " + reason;
        }
        if (state != null && state.startsWith("28")) {
            return "cannot log in to database " + where(database) + " as " + database.username() + ": SQL state "
                    + state + ": " + firstLine(sql.getMessage());
        }
        if (e instanceof FlywayValidateException) {
            // the first line only says validation failed; the lines after it say which migration and why
            return "applied migrations on " + where(database) + " no longer match the scripts, nothing was"
                    + " applied: "
                    + e.getMessage()
                            .lines()
                            .map(String::strip)
                            .filter(l -> !l.isEmpty()
                                    && !l.startsWith("->")
                                    && !l.startsWith("Need more")
                                    && !l.startsWith("Validate failed"))
                            .collect(Collectors.joining("; "));
        }
        String kind = e instanceof FlywayException ? "Flyway" : e.getClass().getSimpleName();
        return kind + " failed on " + where(database) + ": " + firstLine(e.getMessage())
                + (state == null ? "" : " (SQL state " + state + ": " + firstLine(sql.getMessage()) + ")");
    }

    static String where(DatabaseCredentials database) {
        return database.host() + ":" + database.port() + "/" + database.dbname();
    }

    static String jdbcUrl(DatabaseCredentials database) {
        return database.jdbcUrl() + "&connectTimeout=" + CONNECT_TIMEOUT_SECONDS + "&loginTimeout="
                + LOGIN_TIMEOUT_SECONDS + "&ApplicationName=cutover-migrations";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Flyway's messages are multi-line reports; the first non-blank line carries the reason. */
    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.lines()
                .map(String::strip)
                .filter(s -> !s.isEmpty() && !s.matches("-+"))
                .findFirst()
                .orElse("(no message)");
    }

    private static String fileName(String script) {
        int slash = Math.max(script.lastIndexOf('/'), script.lastIndexOf('\\'));
        return slash < 0 ? script : script.substring(slash + 1);
    }

    private static String blankOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private Duration elapsed(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Removes the password from any text that leaves this class, whatever a driver put into its messages. */
    record Redactor(String password) {
        String apply(String text) {
            return password == null || password.isEmpty() ? text : text.replace(password, "****");
        }
    }
}
