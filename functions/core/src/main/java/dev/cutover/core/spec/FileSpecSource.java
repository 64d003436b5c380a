package dev.cutover.core.spec;

import dev.cutover.core.port.SpecSource;
import java.nio.file.Path;

/** The local spec source: a YAML or JSON file, read anew on each load. */
public final class FileSpecSource implements SpecSource {

    private final Path file;

    public FileSpecSource(Path file) {
        this.file = file;
    }

    @Override
    public CutoverSpec load() {
        return SpecParser.parse(file);
    }
}
