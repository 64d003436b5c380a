package dev.cutover.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.core.spec.SpecPaths;

/**
 * A {@link SpecRepository} holding documents in memory, versioned like SSM parameters: each {@link #put} of a name
 * adds version 1, 2, ... and {@code name:N} reads version N. A test fake, shared with other modules' tests
 * through this module's test-jar.
 */
public final class InMemorySpecRepository implements SpecRepository {

    private final Map<String, List<String>> versions = new LinkedHashMap<>();

    /**
     * Stores a new version of the document (YAML or JSON) under {@code name}.
     *
     * @return the new version number
     */
    public synchronized long put(String name, String document) {
        Objects.requireNonNull(document, "document");
        if (name == null || name.isBlank() || name.contains(":")) {
            throw new IllegalArgumentException("a spec parameter name is non-blank and has no ':', was " + name);
        }
        List<String> list = versions.computeIfAbsent(name, n -> new ArrayList<>());
        list.add(document);
        return list.size();
    }

    @Override
    public synchronized VersionedSpec load(String reference) {
        String source = "memory:" + reference;
        if (reference == null || reference.isBlank()) {
            throw new SpecException(String.valueOf(reference), SpecPaths.DOCUMENT, "no spec parameter named");
        }
        int colon = reference.lastIndexOf(':');
        String name = colon < 0 ? reference : reference.substring(0, colon);
        List<String> list = versions.get(name);
        if (list == null) {
            throw new SpecException(source, SpecPaths.DOCUMENT, "parameter not found");
        }
        long version = list.size();
        if (colon >= 0) {
            try {
                version = Long.parseLong(reference.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new SpecException(source, SpecPaths.DOCUMENT, "the version after ':' must be a number");
            }
            if (version < 1 || version > list.size()) {
                throw new SpecException(
                        source,
                        SpecPaths.DOCUMENT,
                        "parameter version " + version + " not found (versions 1 to " + list.size() + " exist)");
            }
        }
        String pinned = name + ":" + version;
        CutoverSpec spec = SpecParser.parse(list.get((int) version - 1), "memory:" + pinned);
        return new VersionedSpec(spec, Long.toString(version), pinned);
    }
}
