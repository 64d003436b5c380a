package dev.cutover.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.DatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecretsManagerSecretReaderTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String PASSWORD = "s3cr3t-Pa55word";

    private AwsClients clients;
    private SecretsManagerSecretReader reader;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        reader = new SecretsManagerSecretReader(clients.secretsManager());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void readsAllFiveFields() {
        put("orders/db", """
                {"engine":"postgres","host":"orders.cluster-abc.us-east-1.rds.amazonaws.com","port":5432,
                 "dbname":"orders","username":"cutover","password":"%s"}""".formatted(PASSWORD));

        DatabaseCredentials credentials = reader.databaseCredentials("orders/db");

        assertThat(credentials)
                .isEqualTo(new DatabaseCredentials(
                        "orders.cluster-abc.us-east-1.rds.amazonaws.com", 5432, "orders", "cutover", PASSWORD));
        assertThat(credentials.jdbcUrl())
                .isEqualTo("jdbc:postgresql://orders.cluster-abc.us-east-1.rds.amazonaws.com:5432/orders"
                        + "?sslmode=verify-full&sslrootcert=%2Fopt%2Frds%2Fglobal-bundle.pem");
    }

    @Test
    void acceptsThePortAsANumericString() {
        put("orders/db", """
                {"host":"db.internal","port":"6432","dbname":"orders","username":"cutover","password":"%s"}""".formatted(PASSWORD));

        assertThat(reader.databaseCredentials("orders/db").port()).isEqualTo(6432);
    }

    @Test
    void aMissingFieldIsNamedAndThePasswordIsNot() {
        put("orders/db", """
                {"host":"db.internal","port":5432,"username":"cutover","password":"%s"}""".formatted(PASSWORD));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reader.databaseCredentials("orders/db"));

        assertThat(e.getMessage()).contains("orders/db", "'dbname'").doesNotContain(PASSWORD);
    }

    @Test
    void aMissingPasswordIsNamed() {
        put("orders/db", """
                {"host":"db.internal","port":5432,"dbname":"orders","username":"cutover"}""");

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reader.databaseCredentials("orders/db"));

        assertThat(e.getMessage()).contains("orders/db", "'password'");
    }

    @Test
    void aPortThatIsNotANumberIsRefused() {
        put("orders/db", """
                {"host":"db.internal","port":"fifty","dbname":"orders","username":"cutover","password":"%s"}""".formatted(PASSWORD));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reader.databaseCredentials("orders/db"));

        assertThat(e.getMessage()).contains("orders/db", "'port'");
    }

    @Test
    void textThatIsNotJsonIsRefusedWithoutQuotingIt() {
        put("orders/db", "password=" + PASSWORD);

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reader.databaseCredentials("orders/db"));

        assertThat(e.getMessage()).contains("orders/db", "not valid JSON").doesNotContain(PASSWORD);
        assertThat(e.getCause()).isNull();
    }

    @Test
    void aMissingSecretIsNamed() {
        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reader.databaseCredentials("nobody/db"));

        assertThat(e.getMessage()).contains("nobody/db", "not found");
        assertThat(e.isTransient()).isFalse();
    }

    private void put(String name, String secretString) {
        clients.secretsManager().createSecret(r -> r.name(name).secretString(secretString));
    }
}
