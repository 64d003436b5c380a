package dev.cutover.core.spec;

/**
 * Database migrations BeforeInstall runs, expand phase only.
 *
 * @param location       Flyway location, e.g. {@code classpath:db/migration} or {@code filesystem:db/migration}
 * @param databaseSecret Secrets Manager secret id holding host, port, dbname, username, password
 * @param schema         schema Flyway manages ({@code public} by default)
 */
public record Migrations(String location, String databaseSecret, String schema) {}
