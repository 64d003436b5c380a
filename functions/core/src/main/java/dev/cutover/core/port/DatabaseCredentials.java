package dev.cutover.core.port;

import java.util.Objects;

import dev.cutover.core.spec.DatabaseTls;

/**
 * Where a PostgreSQL database is, how to log in, and how the connection uses TLS ({@link DatabaseTls}; the spec's
 * {@code databaseTls}, verify-full by default). {@link #toString()} never shows the password.
 */
public record DatabaseCredentials(
        String host, int port, String dbname, String username, String password, DatabaseTls tls) {

    public DatabaseCredentials {
        Objects.requireNonNull(tls, "tls");
    }

    /** Credentials as a secret holds them: TLS verify-full until {@link #withTls} says otherwise. */
    public DatabaseCredentials(String host, int port, String dbname, String username, String password) {
        this(host, port, dbname, username, password, DatabaseTls.verifyFull());
    }

    /** The same database with other TLS settings (the spec's). */
    public DatabaseCredentials withTls(DatabaseTls other) {
        return new DatabaseCredentials(host, port, dbname, username, password, other);
    }

    /** The JDBC URL, its query starting with the TLS parameters: append more with {@code &}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + dbname + "?" + tls.jdbcParameters();
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + username + "@" + host + ":" + port + "/" + dbname + ", sslmode " + tls + "]";
    }
}
