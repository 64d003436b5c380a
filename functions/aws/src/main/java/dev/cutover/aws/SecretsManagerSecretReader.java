package dev.cutover.aws;

import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.SecretReader;

/**
 * Database credentials from a Secrets Manager secret whose SecretString is JSON with {@code host}, {@code port}
 * (a number or a numeric string), {@code dbname}, {@code username} and {@code password} — the layout RDS
 * rotation uses. Error messages name the secret and the field, never a value from the secret.
 */
public final class SecretsManagerSecretReader implements SecretReader {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecretReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secretsManager;

    public SecretsManagerSecretReader(SecretsManagerClient secretsManager) {
        this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
    }

    @Override
    public DatabaseCredentials databaseCredentials(String secretId) {
        String secretString;
        try {
            secretString =
                    secretsManager.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new DependencyException("Secrets Manager secret " + secretId + " not found", e, false);
        } catch (SdkException e) {
            throw AwsErrors.fault("Secrets Manager GetSecretValue failed for secret " + secretId, e);
        }
        if (secretString == null) {
            throw new DependencyException(
                    "Secrets Manager secret " + secretId
                            + " has no SecretString (a binary secret?); expected JSON with host, port, dbname, username, password");
        }
        JsonNode json = parse(secretId, secretString);
        DatabaseCredentials credentials = new DatabaseCredentials(
                text(secretId, json, "host"),
                port(secretId, json),
                text(secretId, json, "dbname"),
                text(secretId, json, "username"),
                text(secretId, json, "password"));
        LOG.debug("read database credentials {} from secret {}", credentials, secretId);
        return credentials;
    }

    private static JsonNode parse(String secretId, String secretString) {
        JsonNode json;
        try {
            json = JSON.readTree(secretString);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote secret text, so neither it nor the cause goes into ours
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new DependencyException(
                    "Secrets Manager secret " + secretId + ": SecretString is not valid JSON" + where);
        }
        if (json == null || !json.isObject()) {
            throw new DependencyException("Secrets Manager secret " + secretId
                    + ": SecretString must be a JSON object with host, port, dbname, username, password");
        }
        return json;
    }

    private static String text(String secretId, JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw missing(secretId, field);
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new DependencyException(
                    "Secrets Manager secret " + secretId + ": field '" + field + "' must be a non-empty string");
        }
        return node.asText();
    }

    private static int port(String secretId, JsonNode json) {
        JsonNode node = json.get("port");
        if (node == null || node.isNull()) {
            throw missing(secretId, "port");
        }
        int port;
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            port = node.intValue();
        } else if (node.isTextual() && node.asText().trim().matches("\\d{1,5}")) {
            port = Integer.parseInt(node.asText().trim());
        } else {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new DependencyException("Secrets Manager secret " + secretId
                    + ": field 'port' must be a TCP port 1..65535, as a number or a numeric string");
        }
        return port;
    }

    private static DependencyException missing(String secretId, String field) {
        return new DependencyException("Secrets Manager secret " + secretId + " lacks field '" + field
                + "'; expected JSON with host, port, dbname, username, password");
    }
}
