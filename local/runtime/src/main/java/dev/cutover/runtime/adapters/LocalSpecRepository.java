package dev.cutover.runtime.adapters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;

/**
 * The local runtime's {@link SpecRepository}: documents by parameter name, versioned like SSM parameters. Each
 * {@link #put} of a name adds version 1, 2, ... and {@code name:N} reads version N. A version is either a document
 * given as text, parsed once, or a file ({@link #putFile}), which is read anew on each load so an edit is seen at
 * once.
 */
public final class LocalSpecRepository implements SpecRepository {

    /** The path an error about the whole document names, as the SSM adapter's do. */
    private static final String DOCUMENT = "(document)";

    private final Map<String, List<Function<String, CutoverSpec>>> versions = new LinkedHashMap<>();

    /**
     * Stores a new version of the document (YAML or JSON) under {@code name}.
     *
     * @return the new version number
     */
    public long put(String name, String document) {
        Objects.requireNonNull(document, "document");
        // a version given as text never changes: parsed once per source it is read as (errors name the source), so
        // a load on the alarm path costs no YAML parse and validation
        Map<String, CutoverSpec> parsed = new java.util.concurrent.ConcurrentHashMap<>();
        return add(name, source -> parsed.computeIfAbsent(source, s -> SpecParser.parse(document, s)));
    }

    /**
     * Stores a new version of {@code name} that is the file's content at each load.
     *
     * @return the new version number
     */
    public long putFile(String name, Path file) {
        Objects.requireNonNull(file, "file");
        return add(name, source -> SpecParser.parse(file));
    }

    private synchronized long add(String name, Function<String, CutoverSpec> parse) {
        if (name == null || name.isBlank() || name.contains(":")) {
            throw new IllegalArgumentException("a spec parameter name is non-blank and has no ':', was " + name);
        }
        List<Function<String, CutoverSpec>> list = versions.computeIfAbsent(name, n -> new ArrayList<>());
        list.add(parse);
        return list.size();
    }

    @Override
    public synchronized VersionedSpec load(String reference) {
        String source = "memory:" + reference;
        if (reference == null || reference.isBlank()) {
            throw new SpecException(String.valueOf(reference), DOCUMENT, "no spec parameter named");
        }
        int colon = reference.lastIndexOf(':');
        String name = colon < 0 ? reference : reference.substring(0, colon);
        List<Function<String, CutoverSpec>> list = versions.get(name);
        if (list == null) {
            throw new SpecException(source, DOCUMENT, "parameter not found");
        }
        long version = list.size();
        if (colon >= 0) {
            try {
                version = Long.parseLong(reference.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new SpecException(source, DOCUMENT, "the version after ':' must be a number");
            }
            if (version < 1 || version > list.size()) {
                throw new SpecException(
                        source,
                        DOCUMENT,
                        "parameter version " + version + " not found (versions 1 to " + list.size() + " exist)");
            }
        }
        String pinned = name + ":" + version;
        CutoverSpec spec = list.get((int) version - 1).apply("memory:" + pinned);
        return new VersionedSpec(spec, Long.toString(version), pinned);
    }
}
