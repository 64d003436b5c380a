package dev.cutover.runtime.adapters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the local runtime's embedded PostgreSQL keeps its data, and the clean-up of what a killed run left behind.
 *
 * <p>Each run gets {@code WORK_DIR/run-<id>/}, created complete or not at all (built as {@code .tmp-<id>} and
 * renamed), holding {@value #OWNER} (the JVM that owns it: pid and start time) and {@code data/} (the data
 * directory; PostgreSQL writes its postmaster's pid and the data directory's path into
 * {@code data/postmaster.pid}). A run that ends normally stops PostgreSQL and deletes its directory. One that was
 * SIGKILLed leaves both behind, PostgreSQL still running; so does an initdb cut short, with a partial data
 * directory. {@link #reapStale} finds such runs at the next start: a run directory whose owner is no longer
 * running. It stops the postmaster only when the process with the recorded pid is alive and was started for that
 * very data directory ({@code -D <data>} among its arguments, as pg_ctl starts it), then deletes the directory.
 * Nothing outside the work directory, and no run whose owner is alive, is touched.
 */
public final class PostgresRuns {

    static final String OWNER = "owner";
    static final String RUN_PREFIX = "run-";
    private static final String TMP_PREFIX = ".tmp-";
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private PostgresRuns() {}

    /** The local runtime's default work directory for PostgreSQL runs: {@code <tmp>/cutover-local/postgres}. */
    public static Path defaultWorkDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "cutover-local", "postgres");
    }

    /** What a stale run left, and what was done about it. */
    public record Reaped(Path runDir, Optional<Long> stoppedPostmaster) {}

    /**
     * Creates this JVM's run directory under {@code workDir}, owner file included.
     *
     * @return the data directory to give PostgreSQL (not created: initdb creates it)
     */
    public static Path newRun(Path workDir) {
        String id = UUID.randomUUID().toString();
        Path tmp = workDir.resolve(TMP_PREFIX + id);
        Path run = workDir.resolve(RUN_PREFIX + id);
        try {
            Files.createDirectories(tmp);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(
                    tmp.resolve(OWNER), ownerLine(self.pid(), self.info().startInstant()));
            try {
                Files.move(tmp, run, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL run directory " + run + ": " + e, e);
        }
        return run.resolve("data");
    }

    /** Deletes a run's directory (after PostgreSQL stopped), given its data directory. */
    public static void remove(Path dataDir) {
        deleteTree(dataDir.getParent());
    }

    static String ownerLine(long pid, Optional<Instant> started) {
        return pid + " " + started.map(Instant::toString).orElse("-") + "\n";
    }

    /**
     * Stops and deletes what runs whose owner is gone left under {@code workDir}; also deletes half-made run
     * directories ({@code .tmp-*}) of dead owners.
     *
     * @return what was reaped
     */
    public static List<Reaped> reapStale(Path workDir) {
        List<Reaped> reaped = new ArrayList<>();
        if (!Files.isDirectory(workDir)) {
            return reaped;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(workDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry) || !(name.startsWith(RUN_PREFIX) || name.startsWith(TMP_PREFIX))) {
                    continue;
                }
                if (ownerAlive(entry.resolve(OWNER))) {
                    continue;
                }
                Optional<Long> stopped = stopPostmaster(entry.resolve("data"));
                deleteTree(entry);
                reaped.add(new Reaped(entry, stopped));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + workDir + ": " + e, e);
        }
        return reaped;
    }

    /** Whether the JVM recorded in an owner file still runs; a missing or unreadable file has no live owner. */
    private static boolean ownerAlive(Path ownerFile) {
        String[] parts;
        try {
            parts = Files.readString(ownerFile, StandardCharsets.UTF_8).strip().split(" ");
        } catch (NoSuchFileException e) {
            // a .tmp- directory being written right now has no owner file for a moment: leave young ones alone
            return isYoung(ownerFile.getParent());
        } catch (IOException e) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (owner.isEmpty()) {
                return false;
            }
            // a recycled pid is another process: compare start times when both are known
            if (parts.length > 1 && !parts[1].equals("-")) {
                Optional<Instant> started = owner.get().info().startInstant();
                return started.isEmpty() || started.get().equals(Instant.parse(parts[1]));
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isYoung(Path dir) {
        try {
            Instant modified = Files.getLastModifiedTime(dir).toInstant();
            return Duration.between(modified, Instant.now()).compareTo(Duration.ofMinutes(1)) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops the postmaster {@code dataDir/postmaster.pid} names, if it is alive and serves that data directory.
     *
     * @return its pid, when it was stopped
     */
    private static Optional<Long> stopPostmaster(Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()
                || !servesDataDir(process.get(), dataDir, lines.get(1).strip())) {
            return Optional.empty();
        }
        ProcessHandle postmaster = process.get();
        // SIGTERM: a smart shutdown, quick as its clients died with the JVM; SIGKILL if it does not end
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            postmaster.destroyForcibly();
        }
        return Optional.of(pid);
    }

    /** Ours only: the pid file names this data directory, and the process was started with {@code -D} for it. */
    private static boolean servesDataDir(ProcessHandle process, Path dataDir, String recordedDataDir) {
        if (!samePath(Path.of(recordedDataDir), dataDir)) {
            return false;
        }
        String[] arguments = process.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && samePath(Path.of(arguments[i + 1]), dataDir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePath(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e, e);
        }
    }
}
