package dev.cutover.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.testing.InMemorySpecRepository;
import dev.cutover.testing.WorkflowFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecResolverTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final InMemorySpecRepository repository = new InMemorySpecRepository();
    final SpecResolver resolver = new SpecResolver(repository);

    static JsonNode document() throws Exception {
        return JSON.readTree(WorkflowFixture.specJson(null));
    }

    @Test
    void aParameterIsLoadedThroughTheRepositoryAndPinnedToItsVersion() {
        repository.put(WorkflowFixture.PARAMETER, WorkflowFixture.specJson(null));

        VersionedSpec loaded = resolver.resolve(new SpecReference.Parameter(WorkflowFixture.PARAMETER));

        assertThat(loaded.spec().service()).isEqualTo("orders");
        assertThat(loaded.pinnedReference()).isEqualTo(WorkflowFixture.PARAMETER + ":1");
    }

    @Test
    void anInlineSpecIsVersionedByItsHashSoTheSameDocumentHasTheSameVersion() throws Exception {
        VersionedSpec first = resolver.resolve(new SpecReference.Inline(document()));
        VersionedSpec again = resolver.resolve(new SpecReference.Inline(document()));
        ObjectNode edited = (ObjectNode) document();
        edited.put("service", "orders-two");

        assertThat(first.version()).matches("sha256:[0-9a-f]{16}").isEqualTo(again.version());
        assertThat(first.pinnedReference()).isEqualTo(SpecResolver.INLINE_SOURCE);
        assertThat(resolver.resolve(new SpecReference.Inline(edited)).version()).isNotEqualTo(first.version());
    }

    @Test
    void anInvalidInlineSpecIsRefusedAtSpecPrefixedPaths() throws Exception {
        ObjectNode doc = (ObjectNode) document();
        doc.remove("routing");

        assertThatThrownBy(() -> resolver.resolve(new SpecReference.Inline(doc)))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.source()).isEqualTo(SpecResolver.INLINE_SOURCE);
                    assertThat(e.errors()).extracting(FieldError::path).contains("spec.routing");
                });
    }

    @Test
    void anInlineSpecOverTheLimitIsSentToSsm() throws Exception {
        ObjectNode doc = (ObjectNode) document();
        doc.put("padding", "x".repeat(SpecResolver.MAX_INLINE_SPEC_BYTES));

        assertThatThrownBy(() -> resolver.resolve(new SpecReference.Inline(doc)))
                .isInstanceOfSatisfying(
                        InvalidWorkflowInputException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::path).containsExactly("spec"))
                .hasMessageContaining("put it in SSM");
    }
}
