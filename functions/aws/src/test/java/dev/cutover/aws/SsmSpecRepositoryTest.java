package dev.cutover.aws;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository.VersionedSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SsmSpecRepositoryTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String NAME = "/cutover/orders/spec";

    private AwsClients clients;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private void put(String yaml) {
        clients.ssm()
                .putParameter(
                        r -> r.name(NAME).value(yaml).type(ParameterType.STRING).overwrite(true));
    }

    private static String spec(int firstPercent) {
        return SsmSpecRepositoryLatestTest.SPEC_YAML.replace("{ percent: 10,", "{ percent: " + firstPercent + ",");
    }

    @Test
    void loadsTheLatestVersionAndPinsIt() {
        put(spec(10));
        put(spec(20));
        SsmSpecRepository repository = new SsmSpecRepository(clients.ssm(), Optional.of(NAME));

        VersionedSpec latest = repository.load(NAME);

        assertThat(latest.version()).isEqualTo("2");
        assertThat(latest.pinnedReference()).isEqualTo(NAME + ":2");
        assertThat(latest.spec().shifting().stages().get(0).percent()).isEqualTo(20);
    }

    @Test
    void aPinnedReferenceReadsThatVersionEvenAfterAnEdit() {
        put(spec(10));
        SsmSpecRepository repository = new SsmSpecRepository(clients.ssm(), Optional.of(NAME));
        String pinned = repository.load(NAME).pinnedReference();
        put(spec(30));

        VersionedSpec again = new SsmSpecRepository(clients.ssm(), Optional.of(NAME)).load(pinned);

        assertThat(again.version()).isEqualTo("1");
        assertThat(again.spec().shifting().stages().get(0).percent()).isEqualTo(10);
    }

    @Test
    void anotherParameterThanTheStacksIsRefusedNamingBoth() {
        SsmSpecRepository repository = new SsmSpecRepository(clients.ssm(), Optional.of(NAME));

        SpecException e = catchThrowableOfType(SpecException.class, () -> repository.load("/cutover/billing/spec"));

        assertThat(e.getMessage()).contains("/cutover/billing/spec", NAME, "CUTOVER_SPEC_PARAMETER");
    }

    @Test
    void aMissingParameterIsASpecErrorNamingIt() {
        SpecException e = catchThrowableOfType(
                SpecException.class,
                () -> new SsmSpecRepository(clients.ssm(), Optional.empty()).load("/cutover/nobody/spec"));

        assertThat(e.source()).isEqualTo("ssm:/cutover/nobody/spec");
        assertThat(e.errors()).containsExactly(new FieldError("(document)", "parameter not found"));
    }
}
