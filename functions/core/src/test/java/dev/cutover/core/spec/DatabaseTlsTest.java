package dev.cutover.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cutover.core.port.DatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTlsTest {

    @Test
    void credentialsFromASecretVerifyTheServerAgainstTheRdsBundleUnlessToldOtherwise() {
        // given credentials as a secret reader builds them
        DatabaseCredentials secret = new DatabaseCredentials("orders.example.internal", 5432, "orders", "app", "pw");

        // then the JDBC URL verifies the certificate and the host name against the RDS global bundle
        assertThat(secret.tls()).isEqualTo(DatabaseTls.verifyFull());
        assertThat(secret.jdbcUrl())
                .isEqualTo("jdbc:postgresql://orders.example.internal:5432/orders"
                        + "?sslmode=verify-full&sslrootcert=%2Fopt%2Frds%2Fglobal-bundle.pem");
        assertThat(secret.toString()).contains("sslmode verify-full").doesNotContain("pw");
    }

    @ParameterizedTest
    @CsvSource({
        "disable,     ,                    sslmode=disable",
        "require,     ,                    sslmode=require",
        "verify-ca,   /etc/ssl/my ca.pem,  sslmode=verify-ca&sslrootcert=%2Fetc%2Fssl%2Fmy+ca.pem",
        "verify-full, /opt/rds/global-bundle.pem, sslmode=verify-full&sslrootcert=%2Fopt%2Frds%2Fglobal-bundle.pem"
    })
    void eachModeBecomesTheDriversSslmode(String sslmode, String rootCert, String parameters) {
        DatabaseTls tls = new DatabaseTls(DatabaseTls.Mode.of(sslmode).orElseThrow(), Optional.ofNullable(rootCert));
        DatabaseCredentials db = new DatabaseCredentials("db", 5432, "orders", "app", "pw").withTls(tls);

        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/orders?" + parameters);
    }

    @Test
    void modesThatFallBackToPlainTextAreNotModes() {
        assertThat(DatabaseTls.Mode.of("prefer")).isEmpty();
        assertThat(DatabaseTls.Mode.of("allow")).isEmpty();
        assertThat(DatabaseTls.Mode.of("VERIFY-FULL")).isEmpty();
    }

    @Test
    void aModeThatDoesNotVerifyCarriesNoRootCertificate() {
        DatabaseTls tls = new DatabaseTls(DatabaseTls.Mode.REQUIRE, Optional.of("/opt/rds/global-bundle.pem"));

        assertThat(tls.rootCert()).isEmpty();
        assertThat(tls.jdbcParameters()).isEqualTo("sslmode=require");
    }

    @Test
    void aMissingRootCertificateIsReportedNamingTheFieldAndTheLayer(@TempDir Path dir) throws IOException {
        // given verify-full with a bundle path that does not exist
        DatabaseTls missing = new DatabaseTls(
                DatabaseTls.Mode.VERIFY_FULL,
                Optional.of(dir.resolve("global-bundle.pem").toString()));

        // then it is unusable, and the message says which field and what to attach
        assertThat(missing.unusable())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("databaseTls.rootCert")
                        .contains("global-bundle.pem")
                        .contains("DatabaseCaBundleLayerArn"));

        // when the file is there, or nothing is verified, it is usable
        Files.writeString(dir.resolve("global-bundle.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(missing.unusable()).isEmpty();
        assertThat(DatabaseTls.disabled().unusable()).isEmpty();
    }
}
