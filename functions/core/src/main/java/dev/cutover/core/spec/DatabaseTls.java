package dev.cutover.core.spec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How Cutover's database connections (migrations, data-sync checks) use TLS: the PostgreSQL JDBC driver's
 * {@code sslmode} and {@code sslrootcert}. The default verifies the server's certificate and host name against the
 * Amazon RDS global CA bundle ("Using SSL/TLS to encrypt a connection to a DB instance or cluster", Amazon RDS User
 * Guide), which a Lambda layer puts at {@link #RDS_GLOBAL_BUNDLE} (template parameter
 * {@code DatabaseCaBundleLayerArn}). The spec's {@code databaseTls} changes it; a database without TLS (the local
 * runtime's embedded PostgreSQL) needs {@code databaseTls.mode: disable}, said explicitly.
 *
 * @param mode     what the driver checks
 * @param rootCert the CA bundle the server certificate must chain to (verify-ca and verify-full only)
 */
public record DatabaseTls(Mode mode, Optional<String> rootCert) {

    /** Where the RDS CA bundle layer puts the bundle (a layer's files are under /opt). */
    public static final String RDS_GLOBAL_BUNDLE = "/opt/rds/global-bundle.pem";

    /** The spec fields, for messages. */
    public static final String MODE_FIELD = "databaseTls.mode";

    public static final String ROOT_CERT_FIELD = "databaseTls.rootCert";

    /** The driver's sslmode values Cutover accepts; "prefer" and "allow" fall back to plain text and are refused. */
    public enum Mode {
        /** No TLS: only for a database that has none (the local runtime's). */
        DISABLE("disable"),
        /** Encrypted, server not verified. */
        REQUIRE("require"),
        /** Encrypted, certificate chains to rootCert; host name not checked. */
        VERIFY_CA("verify-ca"),
        /** Encrypted, certificate chains to rootCert and names the host connected to. */
        VERIFY_FULL("verify-full");

        private final String sslmode;

        Mode(String sslmode) {
            this.sslmode = sslmode;
        }

        /** The value of the driver's {@code sslmode} (and of the spec field). */
        public String sslmode() {
            return sslmode;
        }

        public boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_FULL;
        }

        /** The mode for a spec value, or empty for any other text. */
        public static Optional<Mode> of(String sslmode) {
            for (Mode m : values()) {
                if (m.sslmode.equals(sslmode)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    public DatabaseTls {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(rootCert, "rootCert");
        if (!mode.verifies()) {
            rootCert = Optional.empty();
        }
    }

    /** The default: verify-full against the RDS global bundle. */
    public static DatabaseTls verifyFull() {
        return new DatabaseTls(Mode.VERIFY_FULL, Optional.of(RDS_GLOBAL_BUNDLE));
    }

    /** No TLS, for a database that has none; never a default. */
    public static DatabaseTls disabled() {
        return new DatabaseTls(Mode.DISABLE, Optional.empty());
    }

    /** The JDBC URL query parameters, starting with {@code sslmode}. */
    public String jdbcParameters() {
        String parameters = "sslmode=" + mode.sslmode();
        if (rootCert.isPresent()) {
            parameters += "&sslrootcert=" + URLEncoder.encode(rootCert.get(), StandardCharsets.UTF_8);
        }
        return parameters;
    }

    /**
     * Why a connection with these settings cannot verify the server, naming the field to change, or empty: the
     * root certificate file of a verifying mode is missing or unreadable.
     */
    public Optional<String> unusable() {
        if (rootCert.isEmpty() || Files.isReadable(Path.of(rootCert.get()))) {
            return Optional.empty();
        }
        return Optional.of(ROOT_CERT_FIELD + " " + rootCert.get() + " is not a readable file, so the database's"
                + " certificate cannot be verified (" + MODE_FIELD + " " + mode.sslmode() + "): attach the RDS CA"
                + " bundle layer (template parameter DatabaseCaBundleLayerArn, which puts it at " + RDS_GLOBAL_BUNDLE
                + ") or point " + ROOT_CERT_FIELD + " at the CA bundle of your database; only a database without"
                + " TLS (the local runtime's) takes " + MODE_FIELD + ": disable");
    }

    @Override
    public String toString() {
        return mode.sslmode() + rootCert.map(c -> " (" + c + ")").orElse("");
    }
}
