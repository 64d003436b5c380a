package dev.cutover.handlers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.handlers.wiring.MockPorts;
import dev.cutover.memory.InMemoryServiceRevisions;
import dev.cutover.testing.MutableClock;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Mocked ports and checks for handler tests, and the sample events in {@code events/}. */
final class Fixture {

    static final DatabaseCredentials DB = new DatabaseCredentials("db.internal", 5432, "orders", "app", "pw");
    static final DatabaseCredentials BLUE = new DatabaseCredentials("blue.internal", 5432, "orders", "app", "pw");
    static final DatabaseCredentials GREEN = new DatabaseCredentials("green.internal", 5432, "orders", "app", "pw");

    static final String SPEC_PARAMETER = "/cutover/orders/spec";

    final SpecRepository specs = mock(SpecRepository.class);
    final HookStatusReporter reporter = mock(HookStatusReporter.class);
    final TargetHealthReader targets = mock(TargetHealthReader.class);
    final AlarmStateReader alarms = mock(AlarmStateReader.class);
    final SecretReader secrets = mock(SecretReader.class);
    final SmokeTestRunner smoke = mock(SmokeTestRunner.class);
    final MigrationRunner migrations = mock(MigrationRunner.class);
    final DataSyncChecker dataSync = mock(DataSyncChecker.class);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryServiceRevisions revisions = new InMemoryServiceRevisions();

    HookDependencies dependencies() {
        return dependencies(clock, clock.sleeper());
    }

    HookDependencies dependencies(Clock time, Sleeper sleeper) {
        return HookDependencies.of(
                        MockPorts.builder()
                                .specs(specs)
                                .statusReporter(reporter)
                                .targetHealth(targets)
                                .alarms(alarms)
                                .secrets(secrets)
                                .serviceRevisions(revisions)
                                .clock(time)
                                .sleeper(sleeper)
                                .build(),
                        SPEC_PARAMETER)
                .withChecks(smoke, migrations, dataSync);
    }

    /** The spec as the repository hands it over. */
    static VersionedSpec versioned(CutoverSpec spec) {
        return new VersionedSpec(spec, "1", SPEC_PARAMETER + ":1");
    }

    static CheckResult pass(String name) {
        return CheckResult.pass(name, name + " fine", Duration.ofMillis(7));
    }

    static CheckResult fail(String name, String detail) {
        return CheckResult.fail(name, detail, Duration.ofMillis(7));
    }

    /** Every port answers and every check passes. */
    Fixture allPass() {
        CutoverSpec spec = Specs.full();
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(spec));
        when(secrets.databaseCredentials(Specs.MIGRATIONS_SECRET)).thenReturn(DB);
        when(secrets.databaseCredentials(Specs.BLUE_SECRET)).thenReturn(BLUE);
        when(secrets.databaseCredentials(Specs.GREEN_SECRET)).thenReturn(GREEN);
        when(migrations.migrate(DB, spec.migrations().get())).thenReturn(pass("migrations"));
        when(targets.describe(anyString())).thenReturn(new TargetHealth(2, 2));
        when(smoke.run(any(), eq(spec.smokeTests()), any())).thenReturn(List.of(pass("smoke:health")));
        when(dataSync.check(BLUE, GREEN, spec.dataSync().get())).thenReturn(List.of(pass("data-sync:orders")));
        when(alarms.states(spec.health().alarms()))
                .thenReturn(Map.of("orders-5xx", AlarmState.OK, "orders-p99-latency", AlarmState.OK));
        when(reporter.report(any(), any())).thenReturn(HookStatusReporter.Outcome.REPORTED);
        return this;
    }

    static Path eventsDir() {
        String root = System.getProperty("cutover.repo.root");
        if (root == null) {
            throw new IllegalStateException("system property cutover.repo.root is not set (surefire sets it)");
        }
        Path dir = Path.of(root, "events");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no events directory at " + dir);
        }
        return dir;
    }

    /** A sample event from {@code events/}, as the Lambda runtime would hand it over. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> event(String file) {
        return EventLoader.loadEvent(eventsDir().resolve(file).toString(), Map.class);
    }
}
