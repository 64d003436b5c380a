package dev.cutover.spec;

import java.nio.file.Path;

/** Reads a Cutover spec from YAML or JSON text. STUB: owned by the spec work. */
public final class SpecParser {

    private SpecParser() {
    }

    /**
     * @param text   the document, YAML or JSON
     * @param source where it came from, for error messages (a file path or an SSM parameter name)
     * @throws SpecException naming every field at fault
     */
    public static CutoverSpec parse(String text, String source) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Reads and parses a file; a missing or unreadable file is a {@link SpecException} naming it. */
    public static CutoverSpec parse(Path file) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
