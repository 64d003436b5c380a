package dev.cutover.runtime.adapters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded PostgreSQL's run directory: gone after a clean stop, reaped after a killed run. */
class EmbeddedDatabasesTest {

    @TempDir
    Path work;

    private List<Path> runs() throws Exception {
        try (Stream<Path> entries = Files.list(work)) {
            return entries.toList();
        }
    }

    @Test
    void aKilledRunsPostgresIsStoppedByTheNextStart() throws Exception {
        // given a running PostgreSQL whose owner then dies without stopping it (as under SIGKILL)
        EmbeddedDatabases first = EmbeddedDatabases.start(work);
        Path run = runs().get(0);
        long postmasterPid = Long.parseLong(
                Files.readAllLines(run.resolve("data/postmaster.pid")).get(0).strip());
        Process gone = new ProcessBuilder("true").start();
        Optional<java.time.Instant> started = gone.info().startInstant();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(run.resolve(PostgresRuns.OWNER), PostgresRuns.ownerLine(gone.pid(), started));

        // when the next run starts
        try (EmbeddedDatabases second = EmbeddedDatabases.start(work)) {
            // then the orphan is stopped and its directory deleted; the new run is the only one
            Optional<ProcessHandle> orphan = ProcessHandle.of(postmasterPid);
            orphan.ifPresent(p -> p.onExit().orTimeout(15, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive))
                    .isEmpty();
            assertThat(run).doesNotExist();
            assertThat(runs()).hasSize(1);
            second.create("probe");
        } finally {
            try {
                first.close();
            } catch (RuntimeException alreadyStopped) {
                // its server was stopped by the reaper: nothing left to stop
            }
        }
        // and a clean stop leaves nothing behind
        assertThat(runs()).isEmpty();
    }
}
