package dev.cutover.states;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Named;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: definitions written with single quotes, run on a virtual clock. */
final class Machines {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Machines() {}

    /** JSON written with ' for " (no JSON text here needs a literal '). */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode node(String singleQuoted) {
        try {
            return MAPPER.readTree(json(singleQuoted));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The entries of a test resource folder that {@code which} accepts, sorted, each named by its file name. */
    static Stream<Named<Path>> resources(String folder, Predicate<Path> which) throws IOException, URISyntaxException {
        URL root = Machines.class.getResource("/" + folder);
        assertThat(root)
                .as("src/test/resources/%s is on the test classpath", folder)
                .isNotNull();
        try (Stream<Path> entries = Files.list(Path.of(root.toURI()))) {
            List<Path> found = entries.filter(which).sorted().toList();
            assertThat(found).as("the cases in %s", folder).isNotEmpty();
            return found.stream().map(entry -> Named.of(entry.getFileName().toString(), entry));
        }
    }

    static Engine.Builder engine() {
        return Engine.builder().virtualTime(START).randomSeed(42);
    }

    static ExecutionResult run(String definition, String input) {
        return run(engine().build(), definition, input);
    }

    static ExecutionResult run(Engine engine, String definition, String input) {
        return engine.run(StateMachine.compile(json(definition)).withName("Test"), json(input), "test");
    }

    /** A one-state machine: the given Pass state fields, ending. */
    static String pass(String fields) {
        return "{'StartAt':'P','States':{'P':{'Type':'Pass'," + fields + (fields.isEmpty() ? "" : ",")
                + "'End':true}}}";
    }
}
