package dev.cutover.core.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * Database migrations BeforeInstall runs, expand phase only.
 *
 * @param location         Flyway location, e.g. {@code classpath:db/migration} or {@code filesystem:db/migration}
 * @param databaseSecret   Secrets Manager secret id holding host, port, dbname, username, password
 * @param schema           schema Flyway manages ({@code public} by default)
 * @param lockTimeout      PostgreSQL {@code lock_timeout} of every migration statement: how long one may wait for a
 *                         lock blue's sessions hold before it fails (and with it the whole group) instead of queueing
 *                         blue's queries behind it
 * @param statementTimeout PostgreSQL {@code statement_timeout} of every migration statement
 */
public record Migrations(
        String location, String databaseSecret, String schema, Duration lockTimeout, Duration statementTimeout) {

    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    /** Bounds of {@code lockTimeoutSeconds}. */
    public static final long MAX_LOCK_TIMEOUT_SECONDS = 300;
    /** Bounds of {@code statementTimeoutSeconds}: the BeforeInstall function runs at most 900 s and must report. */
    public static final long MAX_STATEMENT_TIMEOUT_SECONDS = 600;

    public Migrations {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
    }

    /** Migrations with the default timeouts. */
    public Migrations(String location, String databaseSecret, String schema) {
        this(location, databaseSecret, schema, DEFAULT_LOCK_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT);
    }
}
