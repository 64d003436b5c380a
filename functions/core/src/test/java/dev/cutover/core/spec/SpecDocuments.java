package dev.cutover.core.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample documents under {@code src/test/resources/specs}: {@code valid/} ones must parse, {@code invalid/}
 * ones must fail as their header comments say. A header (first comment lines of a YAML file, or a sidecar
 * {@code <file>.expect} for JSON, which has no comments) holds:
 * <pre>
 * # expect: shifting.stages[1].percent: is not greater than   (path, then a fragment of the reason; repeatable)
 * # errors: 3                                                 (optional: exactly this many errors)
 * # schema: passes | unparseable                              (optional: see SchemaAgreementTest)
 * </pre>
 */
final class SpecDocuments {

    /** How the published JSON Schema judges an invalid document. */
    enum SchemaVerdict {
        /** The schema rejects it too (the default). */
        FAILS,
        /** A rule only the Java parser enforces: the schema accepts the document. */
        PASSES,
        /** The text is not one JSON/YAML document, so there is nothing for the schema to judge. */
        UNPARSEABLE
    }

    record Expectation(String path, String reasonFragment) {
        @Override
        public String toString() {
            return path + ": " + reasonFragment;
        }
    }

    record Document(Path file, List<Expectation> expectations, Integer errorCount, SchemaVerdict schema) {

        String text() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String name() {
            return file.getFileName().toString();
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private SpecDocuments() {}

    static List<Document> valid() {
        return documents("valid");
    }

    static List<Document> invalid() {
        return documents("invalid");
    }

    static Document valid(String name) {
        return read(directory("valid").resolve(name));
    }

    static Path directory(String kind) {
        URL url = SpecDocuments.class.getResource("/specs/" + kind);
        if (url == null) {
            throw new IllegalStateException("test resources specs/" + kind + " are missing from the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Document> documents(String kind) {
        try (Stream<Path> files = Files.list(directory(kind))) {
            return files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json"))
                    .sorted()
                    .map(SpecDocuments::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document read(Path file) {
        List<String> header = new ArrayList<>();
        try {
            Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
            List<String> lines = file.toString().endsWith(".json")
                    ? (Files.exists(sidecar) ? Files.readAllLines(sidecar) : List.of())
                    : Files.readAllLines(file);
            for (String line : lines) {
                if (!line.startsWith("#")) {
                    break;
                }
                header.add(line.substring(1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Expectation> expectations = new ArrayList<>();
        Integer errorCount = null;
        SchemaVerdict schema = SchemaVerdict.FAILS;
        for (String line : header) {
            if (line.startsWith("expect:")) {
                String rest = line.substring("expect:".length()).strip();
                int split = rest.indexOf(": ");
                if (split < 0) {
                    throw new IllegalStateException(file + ": expect line needs 'path: reason', got " + line);
                }
                expectations.add(new Expectation(rest.substring(0, split), rest.substring(split + 2)));
            } else if (line.startsWith("errors:")) {
                errorCount = Integer.parseInt(line.substring("errors:".length()).strip());
            } else if (line.startsWith("schema:")) {
                schema = SchemaVerdict.valueOf(
                        line.substring("schema:".length()).strip().toUpperCase());
            }
        }
        return new Document(file, List.copyOf(expectations), errorCount, schema);
    }

    /**
     * The repository root: the {@code cutover.repo.root} property surefire sets, else the nearest directory
     * above the working directory that holds {@code examples/}.
     */
    static Path repoRoot() {
        String configured = System.getProperty("cutover.repo.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "examples"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory holding examples/) above "
                + System.getProperty("user.dir"));
    }
}
