package dev.cutover.runtime.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a SIGKILLed or interrupted local run leaves of its PostgreSQL, and the next run's clean-up. A stand-in
 * postmaster (a shell started like pg_ctl starts postgres, with {@code -D <data>}) keeps it deterministic.
 */
class PostgresRunsTest {

    @TempDir
    Path work;

    private Process postmaster;

    @AfterEach
    void killStandIn() {
        if (postmaster != null) {
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.destroyForcibly();
        }
    }

    /** A run directory whose owner JVM is gone (the pid of a process that has exited). */
    private Path deadRun(String name) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        Optional<java.time.Instant> started = gone.info().startInstant();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path run = Files.createDirectories(work.resolve(PostgresRuns.RUN_PREFIX + name));
        Files.writeString(run.resolve(PostgresRuns.OWNER), PostgresRuns.ownerLine(gone.pid(), started));
        return run;
    }

    /** Starts a long-lived process with {@code -D dataDir} among its arguments and records it as postmaster. */
    private Process standInPostmaster(Path dataDir, Path servedDir) throws IOException {
        Files.createDirectories(dataDir);
        Process process = new ProcessBuilder(
                        "/bin/sh",
                        "-c",
                        "trap 'kill $! 2>/dev/null; exit 0' TERM; sleep 300 & wait",
                        "postgres",
                        "-D",
                        servedDir.toString())
                .start();
        Files.writeString(dataDir.resolve("postmaster.pid"), process.pid() + "\n" + dataDir + "\n1765100000\n5432\n");
        return process;
    }

    @Test
    void aKilledRunsPostmasterIsStoppedAndItsDataDirectoryDeleted() throws Exception {
        // given a run whose JVM was SIGKILLed, its postmaster still running
        Path run = deadRun("killed");
        Path data = run.resolve("data");
        postmaster = standInPostmaster(data, data);

        // when the next run starts
        List<PostgresRuns.Reaped> reaped = PostgresRuns.reapStale(work);

        // then that postmaster is stopped and the run's directory is gone
        assertThat(reaped).containsExactly(new PostgresRuns.Reaped(run, Optional.of(postmaster.pid())));
        assertThat(postmaster.waitFor(15, TimeUnit.SECONDS))
                .as("postmaster stopped")
                .isTrue();
        assertThat(run).doesNotExist();
    }

    @Test
    void aPartialDataDirectoryLeftByAnInterruptedInitdbIsWiped() throws Exception {
        Path run = deadRun("initdb");
        Files.createDirectories(run.resolve("data/base/1"));
        Files.writeString(run.resolve("data/PG_VERSION"), "14\n");

        List<PostgresRuns.Reaped> reaped = PostgresRuns.reapStale(work);

        assertThat(reaped).containsExactly(new PostgresRuns.Reaped(run, Optional.empty()));
        assertThat(run).doesNotExist();
    }

    @Test
    void aRunWhoseOwnerIsAliveIsLeftAlone() throws Exception {
        // given this JVM's own run, postmaster up
        Path data = PostgresRuns.newRun(work);
        postmaster = standInPostmaster(data, data);

        assertThat(PostgresRuns.reapStale(work)).isEmpty();

        assertThat(postmaster.isAlive()).isTrue();
        assertThat(data).exists();
        assertThat(Files.readString(data.getParent().resolve(PostgresRuns.OWNER)))
                .startsWith(ProcessHandle.current().pid() + " ");
    }

    @Test
    void aProcessThatDoesNotServeTheRunsDataDirectoryIsNeverStopped() throws Exception {
        // given a stale run whose pid file names a live process started for another data directory (a reused pid)
        Path run = deadRun("reused-pid");
        postmaster = standInPostmaster(run.resolve("data"), work.resolve("someone-elses-data"));

        List<PostgresRuns.Reaped> reaped = PostgresRuns.reapStale(work);

        assertThat(reaped).containsExactly(new PostgresRuns.Reaped(run, Optional.empty()));
        assertThat(postmaster.isAlive()).as("not ours: left running").isTrue();
    }

    @Test
    void onlyRunDirectoriesAreConsidered() throws Exception {
        Path other = Files.createDirectories(work.resolve("not-a-run"));
        Files.writeString(work.resolve("notes.txt"), "kept");

        assertThat(PostgresRuns.reapStale(work)).isEmpty();
        assertThat(other).exists();
        assertThat(PostgresRuns.reapStale(work.resolve("absent"))).isEmpty();
    }
}
