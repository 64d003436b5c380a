package dev.cutover.runtime.adapters;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.SecretReader;

/**
 * Secrets Manager for the local runtime: secret ids mapped to the embedded databases' credentials, as the spec's
 * {@code migrations.databaseSecret} and {@code dataSync.*DatabaseSecret} name them.
 */
public final class LocalSecrets implements SecretReader {

    private final Map<String, DatabaseCredentials> secrets = new ConcurrentHashMap<>();

    /** Makes {@code secretId} answer with {@code credentials}. */
    public LocalSecrets put(String secretId, DatabaseCredentials credentials) {
        secrets.put(Objects.requireNonNull(secretId, "secretId"), Objects.requireNonNull(credentials, "credentials"));
        return this;
    }

    @Override
    public DatabaseCredentials databaseCredentials(String secretId) {
        DatabaseCredentials credentials = secrets.get(secretId);
        if (credentials == null) {
            throw new DependencyException("secret " + secretId + " not found in the local runtime's secrets; known: "
                    + new TreeMap<>(secrets).keySet());
        }
        return credentials;
    }
}
