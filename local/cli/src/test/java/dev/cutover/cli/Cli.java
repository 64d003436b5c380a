package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files the command line tests read from the repository. */
final class Cli {

    private Cli() {}

    /** A file of the repository's examples/ directory. */
    static Path example(String name) {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("examples"))) {
            root = root.getParent();
        }
        return root.resolve("examples").resolve(name);
    }

    /** A file of the repository, by its path from the repository's root. */
    static Path repository(String path) {
        return example("").getParent().resolve(path);
    }
}
