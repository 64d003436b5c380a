package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;

/** Secrets Manager, or local configuration. */
public interface SecretReader {

    /**
     * Reads a database secret: JSON with host, port, dbname, username, password.
     *
     * @throws DependencyException when the secret cannot be read or lacks a field (the message names it)
     */
    DatabaseCredentials databaseCredentials(String secretId);
}
