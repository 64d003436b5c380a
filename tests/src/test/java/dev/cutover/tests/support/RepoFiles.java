package dev.cutover.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository root (the directory holding {@code template.yaml}) and reads files under it. Surefire
 * passes the root as the system property {@code cutover.repo.root}; when a test runs without it (an IDE), the
 * root is searched for upwards from the working directory.
 */
public final class RepoFiles {

    public static final String ROOT_PROPERTY = "cutover.repo.root";

    private RepoFiles() {}

    /** The repository root; fails naming what was searched when it cannot be found. */
    public static Path root() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found: system property " + ROOT_PROPERTY + "=" + configured
                + " and no parent of " + start + " holds template.yaml next to pom.xml");
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** Reads a UTF-8 file under the root; a missing file fails naming its path. */
    public static String read(String relative) {
        Path file = resolve(relative);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
