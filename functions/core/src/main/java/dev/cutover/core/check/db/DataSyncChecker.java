package dev.cutover.core.check.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.DataSync;
import dev.cutover.core.spec.DataSync.TableCheck;

/**
 * Compares blue's and green's stores table by table before production traffic moves: row counts, an
 * order-independent checksum of the rows' contents, and how far green's newest row trails blue's.
 *
 * <p>Everything is computed inside the databases, one query per table and side, in a read-only transaction with a
 * bounded statement timeout. Each row is hashed from a text encoding that tells NULL from the empty string and
 * cannot be fooled by moving characters between adjacent columns ({@code 'V' || length || ':' || value} per
 * column, {@code 'N'} for NULL); the checksum is the sum of the rows' 64-bit hashes, so the order rows come back
 * in does not matter. Session settings that change how values print (time zone, date and interval styles, float
 * digits, bytea output) are pinned so two servers configured differently still agree on equal data.
 *
 * <p>Never throws: an unreachable store, a missing table or column is a failed result naming the side.
 */
public final class DataSyncChecker {

    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int LOGIN_TIMEOUT_SECONDS = 10;
    /** How long one table's query may run on one side before PostgreSQL cancels it. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    private final Clock clock;
    private final Duration statementTimeout;

    public DataSyncChecker(Clock clock) {
        this(clock, DEFAULT_STATEMENT_TIMEOUT);
    }

    /** @param statementTimeout bound on each table query, per side (PostgreSQL {@code statement_timeout}) */
    public DataSyncChecker(Clock clock, Duration statementTimeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException("statementTimeout must be at least 1 ms, got " + statementTimeout);
        }
    }

    /** @return one result per table, named {@code data-sync:<table>} */
    public List<CheckResult> check(DatabaseCredentials blue, DatabaseCredentials green, DataSync dataSync) {
        Objects.requireNonNull(blue, "blue");
        Objects.requireNonNull(green, "green");
        Objects.requireNonNull(dataSync, "dataSync");
        List<CheckResult> out = new ArrayList<>();
        Optional<String> noTls = blue.tls().unusable().or(() -> green.tls().unusable());
        if (noTls.isPresent()) {
            for (TableCheck table : dataSync.tables()) {
                out.add(CheckResult.fail("data-sync:" + table.table(), noTls.get(), Duration.ZERO));
            }
            return List.copyOf(out);
        }
        try (Side blueSide = Side.open("blue", blue, statementTimeout);
                Side greenSide = Side.open("green", green, statementTimeout)) {
            for (TableCheck table : dataSync.tables()) {
                out.add(checkTable(blueSide, greenSide, table));
            }
        }
        return List.copyOf(out);
    }

    private CheckResult checkTable(Side blue, Side green, TableCheck check) {
        Instant start = clock.instant();
        String name = "data-sync:" + check.table();
        String query;
        try {
            query = query(check);
        } catch (IllegalArgumentException e) {
            return CheckResult.fail(name, check.table() + ": " + e.getMessage(), elapsed(start));
        }
        // blue first: green then gets the longest time to catch up, so a lag is never overstated
        Measurement b;
        Measurement g;
        try {
            b = blue.measure(query, check);
            g = green.measure(query, check);
        } catch (SideException e) {
            return CheckResult.fail(name, check.table() + ": " + e.getMessage(), elapsed(start));
        }
        return verdict(name, check, b, g, elapsed(start));
    }

    private static CheckResult verdict(String name, TableCheck check, Measurement b, Measurement g, Duration took) {
        long tolerance = Math.max(0, check.rowTolerance());
        long diff = Math.abs(b.rows() - g.rows());
        boolean countOk = diff <= tolerance;
        StringBuilder detail = new StringBuilder(check.table())
                .append(": rows blue=")
                .append(b.rows())
                .append(" green=")
                .append(g.rows())
                .append(" (diff ")
                .append(diff)
                .append(", tolerance ")
                .append(tolerance)
                .append(")");

        boolean checksumOk = true;
        if (tolerance > 0) {
            detail.append("; checksum not compared (tolerance > 0)");
        } else if (b.checksum().compareTo(g.checksum()) == 0) {
            detail.append("; checksum match");
        } else {
            checksumOk = false;
            detail.append("; checksum MISMATCH over ")
                    .append(String.join(
                            ", ",
                            Stream.concat(Stream.of(check.key()), check.columns().stream())
                                    .toList()));
        }

        boolean lagOk = true;
        Optional<String> lagColumn = lagColumn(check);
        if (lagColumn.isPresent()) {
            Duration maxLag = check.maxLag() == null ? Duration.ZERO : check.maxLag();
            String column = lagColumn.get();
            if (b.newest() == null) {
                detail.append("; lag 0 s (max ")
                        .append(seconds(maxLag))
                        .append(" s, blue has no ")
                        .append(column)
                        .append(" values)");
            } else if (g.newest() == null) {
                lagOk = false;
                detail.append("; lag unknown: green has no ")
                        .append(column)
                        .append(" values, blue's newest is ")
                        .append(Instant.ofEpochMilli(
                                b.newest().movePointRight(3).longValue()))
                        .append(" (max ")
                        .append(seconds(maxLag))
                        .append(" s)");
            } else {
                BigDecimal lag = b.newest().subtract(g.newest()).max(BigDecimal.ZERO);
                lagOk = lag.compareTo(new BigDecimal(seconds(maxLag))) <= 0;
                detail.append("; lag ")
                        .append(lag.stripTrailingZeros().toPlainString())
                        .append(" s (max ")
                        .append(seconds(maxLag))
                        .append(" s)");
                if (!lagOk) {
                    detail.append(" TOO FAR BEHIND");
                }
            }
        }
        boolean passed = countOk && checksumOk && lagOk;
        return new CheckResult(name, passed, detail.toString(), took);
    }

    private static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return s.stripTrailingZeros().toPlainString();
    }

    /**
     * {@code SELECT count(*), sum(row hash), extract(epoch from max(lag column)) FROM table}; a row's hash is the
     * first 64 bits of the md5 of its encoding, summed as numeric so the sum cannot overflow.
     */
    static String query(TableCheck check) {
        List<String> columns =
                Stream.concat(Stream.of(check.key()), check.columns().stream()).toList();
        String rowText = columns.stream()
                .map(c -> "coalesce('V' || length(" + quote(c) + "::text) || ':' || " + quote(c) + "::text, 'N')")
                .collect(Collectors.joining(" || "));
        String lag = lagColumn(check)
                .map(c -> "extract(epoch from max(" + quote(c) + "))")
                .orElse("NULL");
        return "SELECT count(*), coalesce(sum(('x' || substr(md5(" + rowText + "), 1, 16))::bit(64)::bigint), 0), "
                + lag + " FROM " + qualified(check.table());
    }

    private static Optional<String> lagColumn(TableCheck check) {
        return check.lagColumn() == null ? Optional.empty() : check.lagColumn();
    }

    /** {@code schema.table} becomes {@code "schema"."table"}. */
    static String qualified(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table name is empty");
        }
        return Stream.of(table.split("\\.", -1)).map(DataSyncChecker::quote).collect(Collectors.joining("."));
    }

    static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private Duration elapsed(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** What one side's query found: row count, checksum, and the newest lag-column value in epoch seconds. */
    record Measurement(long rows, BigDecimal checksum, BigDecimal newest) {}

    /** A failure on one side, its message already naming the side and the database (never the password). */
    static final class SideException extends Exception {
        SideException(String message) {
            super(message);
        }
    }

    /** One store's connection, or the reason there is none. */
    private static final class Side implements AutoCloseable {
        private final String label;
        private final DatabaseCredentials credentials;
        private final Connection connection;
        private final String connectError;
        private final Duration statementTimeout;

        private Side(
                String label,
                DatabaseCredentials credentials,
                Connection connection,
                String connectError,
                Duration statementTimeout) {
            this.label = label;
            this.credentials = credentials;
            this.connection = connection;
            this.connectError = connectError;
            this.statementTimeout = statementTimeout;
        }

        static Side open(String label, DatabaseCredentials credentials, Duration statementTimeout) {
            Properties props = new Properties();
            props.setProperty("user", String.valueOf(credentials.username()));
            if (credentials.password() != null) {
                props.setProperty("password", credentials.password());
            }
            props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("loginTimeout", String.valueOf(LOGIN_TIMEOUT_SECONDS));
            // a backstop for a server that stops answering; statement_timeout below is the real bound
            props.setProperty("socketTimeout", String.valueOf(statementTimeout.toSeconds() + 30));
            props.setProperty("ApplicationName", "cutover-data-sync");
            Connection c = null;
            try {
                c = DriverManager.getConnection(credentials.jdbcUrl(), props);
                try (Statement s = c.createStatement()) {
                    s.execute("SET statement_timeout = '" + statementTimeout.toMillis() + "ms'");
                    s.execute("SET TimeZone = 'UTC'");
                    s.execute("SET DateStyle = 'ISO, MDY'");
                    s.execute("SET IntervalStyle = 'postgres'");
                    s.execute("SET extra_float_digits = 1");
                    s.execute("SET bytea_output = 'hex'");
                }
                c.setAutoCommit(false);
                c.setReadOnly(true);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                return new Side(label, credentials, c, null, statementTimeout);
            } catch (RuntimeException e) {
                closeQuietly(c);
                return new Side(
                        label,
                        credentials,
                        null,
                        label + " database " + where(credentials) + ": cannot connect: "
                                + redact(MigrationRunner.firstLine(e.getMessage()), credentials),
                        statementTimeout);
            } catch (SQLException e) {
                closeQuietly(c);
                String reason = e.getSQLState() != null && e.getSQLState().startsWith("28")
                        ? "cannot log in as " + credentials.username()
                        : "cannot connect";
                return new Side(
                        label,
                        credentials,
                        null,
                        label + " database " + where(credentials) + ": " + reason + ": "
                                + redact(MigrationRunner.firstLine(e.getMessage()), credentials),
                        statementTimeout);
            }
        }

        Measurement measure(String query, TableCheck check) throws SideException {
            if (connection == null) {
                throw new SideException(connectError);
            }
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(query)) {
                rs.next();
                Measurement m = new Measurement(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3));
                connection.commit();
                return m;
            } catch (SQLException e) {
                rollbackQuietly();
                String state = e.getSQLState();
                String what;
                if ("42P01".equals(state)) {
                    what = "table " + check.table() + " not found";
                } else if ("42703".equals(state)) {
                    what = "column not found";
                } else if ("57014".equals(state)) {
                    what = "query cancelled after statement_timeout " + statementTimeout.toMillis() + " ms";
                } else {
                    what = "query failed";
                }
                throw new SideException(what + " on " + label + " (" + where(credentials) + "): "
                        + (state == null ? "" : "SQL state " + state + ": ")
                        + redact(MigrationRunner.firstLine(e.getMessage()), credentials));
            }
        }

        private void rollbackQuietly() {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is unusable; the next table reports its own failure
            }
        }

        @Override
        public void close() {
            closeQuietly(connection);
        }

        private static void closeQuietly(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // read-only work, nothing to lose
                }
            }
        }

        private static String where(DatabaseCredentials c) {
            return MigrationRunner.where(c);
        }

        private static String redact(String text, DatabaseCredentials c) {
            return new MigrationRunner.Redactor(c.password()).apply(text);
        }
    }
}
