package dev.cutover.runtime.adapters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.runtime.demo.DemoSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSpecRepositoryTest {

    static final String NAME = "/cutover/orders/spec";
    static final String SPEC = DemoSpec.render(
            URI.create("http://127.0.0.1:8080"),
            URI.create("http://127.0.0.1:8443"),
            50,
            List.of(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4)),
            false);

    final LocalSpecRepository specs = new LocalSpecRepository();

    @Test
    void eachPutAddsAVersionAndAPinnedReferenceReadsItsOwn() {
        assertThat(specs.put(NAME, SPEC)).isEqualTo(1);
        assertThat(specs.put(NAME, SPEC.replace("service: orders", "service: orders-two")))
                .isEqualTo(2);

        VersionedSpec latest = specs.load(NAME);
        assertThat(latest.version()).isEqualTo("2");
        assertThat(latest.pinnedReference()).isEqualTo(NAME + ":2");
        assertThat(latest.spec().service()).isEqualTo("orders-two");
        assertThat(specs.load(NAME + ":1").spec().service()).isEqualTo("orders");
    }

    @Test
    void unknownNamesAndVersionsAreSpecErrors() {
        specs.put(NAME, SPEC);

        assertThatThrownBy(() -> specs.load("/cutover/other/spec"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("parameter not found");
        assertThatThrownBy(() -> specs.load(NAME + ":3"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("parameter version 3 not found (versions 1 to 1 exist)");
        assertThatThrownBy(() -> specs.load(" "))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("no spec parameter named");
        assertThatThrownBy(() -> specs.put("a:b", SPEC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileVersionIsReadAnewOnEachLoad(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, SPEC);
        specs.putFile(NAME, file);
        assertThat(specs.load(NAME).spec().service()).isEqualTo("orders");

        Files.writeString(file, SPEC.replace("service: orders", "service: next"));

        assertThat(specs.load(NAME).spec().service()).isEqualTo("next");
    }
}
