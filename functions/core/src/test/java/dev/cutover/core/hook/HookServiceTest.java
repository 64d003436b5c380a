package dev.cutover.core.hook;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.TargetHealthCheck;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.ServiceRevisions;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.DatabaseTls;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class HookServiceTest {

    static final DatabaseCredentials DB = new DatabaseCredentials("db.internal", 5432, "orders", "app", "s3cret");
    static final DatabaseCredentials BLUE = new DatabaseCredentials("blue.internal", 5432, "orders", "app", "b");
    static final DatabaseCredentials GREEN = new DatabaseCredentials("green.internal", 5432, "orders", "app", "g");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final SecretReader secrets = mock(SecretReader.class);
    final MigrationRunner migrations = mock(MigrationRunner.class);
    final TargetHealthReader targets = mock(TargetHealthReader.class);
    final SmokeTestRunner smoke = mock(SmokeTestRunner.class);
    final DataSyncChecker dataSync = mock(DataSyncChecker.class);
    final AlarmStateReader alarmReader = mock(AlarmStateReader.class);
    final List<CutoverSpec> extensionCalls = new ArrayList<>();
    final BeforeAllowTrafficExtension extension = (spec, execution, deadline) -> {
        extensionCalls.add(spec);
        return BeforeAllowTrafficExtension.Outcome.nothing();
    };
    final HookService service = new HookService(
            secrets,
            migrations,
            new TargetHealthCheck(targets, clock, clock.sleeper()),
            smoke,
            dataSync,
            new AlarmCheck(alarmReader, clock),
            extension,
            clock);
    final Deadline deadline = Deadline.after(clock, Duration.ofMinutes(10));
    final HookProgress progress = new HookProgress();

    HookVerdict run(LifecycleHook hook, CutoverSpec spec) {
        return service.run(hook, spec, clock.instant(), deadline, progress);
    }

    static CheckResult pass(String name) {
        return CheckResult.pass(name, name + " fine", Duration.ofMillis(5));
    }

    static CheckResult fail(String name, String detail) {
        return CheckResult.fail(name, detail, Duration.ofMillis(5));
    }

    @Test
    void beforeInstallReadsTheSecretAndMigrates() {
        CutoverSpec spec = TestSpecs.withMigrations();
        when(secrets.databaseCredentials("orders/db")).thenReturn(DB);
        when(migrations.migrate(DB, spec.migrations().get())).thenReturn(pass("migrations"));

        HookVerdict verdict = run(LifecycleHook.BEFORE_INSTALL, spec);

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.results()).extracting(CheckResult::name).containsExactly("migrations");
        assertThat(verdict.reason()).isEqualTo("all 1 check passed");
    }

    @Test
    void theSecretsDatabaseIsReachedWithTheSpecsTlsSettings() throws Exception {
        // given a spec whose databaseTls is verify-ca with its own bundle, and the secret naming the database
        CutoverSpec spec = SpecParser.parse(Path.of(
                HookServiceTest.class.getResource("/specs/valid/full.yaml").toURI()));
        DatabaseTls specTls = new DatabaseTls(DatabaseTls.Mode.VERIFY_CA, Optional.of("/opt/certs/orders-ca.pem"));
        assertThat(spec.databaseTls()).isEqualTo(specTls);
        when(secrets.databaseCredentials(any())).thenReturn(DB);
        when(migrations.migrate(any(), any())).thenReturn(pass("migrations"));

        // when BeforeInstall migrates
        run(LifecycleHook.BEFORE_INSTALL, spec);

        // then the runner connects to the secret's database with the spec's settings, not the secret reader's
        assertThat(DB.tls()).isEqualTo(DatabaseTls.verifyFull());
        verify(migrations).migrate(DB.withTls(specTls), spec.migrations().get());
    }

    @Test
    void beforeInstallPassesSayingSoWhenThereAreNoMigrations() {
        HookVerdict verdict = run(LifecycleHook.BEFORE_INSTALL, TestSpecs.spec());

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.results().get(0).detail()).isEqualTo("no migrations configured");
        verifyNoInteractions(secrets, migrations);
    }

    @Test
    void beforeInstallFailsNamingTheCheckWhenTheSecretCannotBeRead() {
        when(secrets.databaseCredentials("orders/db"))
                .thenThrow(new DependencyException("Secrets Manager GetSecretValue orders/db: AccessDenied"));

        HookVerdict verdict = run(LifecycleHook.BEFORE_INSTALL, TestSpecs.withMigrations());

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason())
                .isEqualTo("migrations: threw DependencyException: "
                        + "Secrets Manager GetSecretValue orders/db: AccessDenied");
        verifyNoInteractions(migrations);
    }

    @Test
    void beforeInstallFailsWhenTheMigrationIsRefused() {
        when(secrets.databaseCredentials(any())).thenReturn(DB);
        when(migrations.migrate(any(), any()))
                .thenReturn(fail("migrations", "V3__drop.sql line 1: DROP TABLE is not an expand change"));

        HookVerdict verdict = run(LifecycleHook.BEFORE_INSTALL, TestSpecs.withMigrations());

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason()).isEqualTo("migrations: V3__drop.sql line 1: DROP TABLE is not an expand change");
    }

    @Test
    void aCheckThatReturnsNothingFails() {
        when(secrets.databaseCredentials(any())).thenReturn(DB);
        when(migrations.migrate(any(), any())).thenReturn(null);

        HookVerdict verdict = run(LifecycleHook.BEFORE_INSTALL, TestSpecs.withMigrations());

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason()).contains("returned no result");
    }

    @Test
    void anErrorInACheckBecomesAFailedResultToo() {
        when(secrets.databaseCredentials(any())).thenReturn(DB);
        when(migrations.migrate(any(), any())).thenThrow(new NoClassDefFoundError("org/flywaydb/core/Flyway"));

        HookVerdict verdict = run(LifecycleHook.BEFORE_INSTALL, TestSpecs.withMigrations());

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason()).contains("NoClassDefFoundError: org/flywaydb/core/Flyway");
    }

    @Test
    void afterInstallChecksGreensTargets() {
        when(targets.describe(TestSpecs.GREEN_TG)).thenReturn(new TargetHealth(2, 2));

        HookVerdict verdict = run(LifecycleHook.AFTER_INSTALL, TestSpecs.spec());

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.results()).extracting(CheckResult::name).containsExactly("target-health");
    }

    @Test
    void afterInstallMarksTooFewHealthyTargetsAsNotYetMetWhileWaitRemains() {
        when(targets.describe(TestSpecs.GREEN_TG)).thenReturn(new TargetHealth(1, 2));

        HookVerdict verdict = service.run(
                LifecycleHook.AFTER_INSTALL,
                TestSpecs.spec(),
                clock.instant(),
                Deadline.after(clock, Duration.ofSeconds(30)),
                progress);

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.notYetMet()).containsExactly("target-health");
        assertThat(verdict.failedOnlyOnNotYetMet()).isTrue();
    }

    @Test
    void afterInstallDependencyFailureIsNotSomethingToWaitFor() {
        when(targets.describe(TestSpecs.GREEN_TG)).thenThrow(new DependencyException("ELBv2 down"));

        HookVerdict verdict = service.run(
                LifecycleHook.AFTER_INSTALL,
                TestSpecs.spec(),
                clock.instant(),
                Deadline.after(clock, Duration.ofSeconds(30)),
                progress);

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.failedOnlyOnNotYetMet()).isFalse();
    }

    /** The spec as it is stored: the pair of target groups, no roles (they are resolved per deployment). */
    static CutoverSpec unresolved(CutoverSpec spec) {
        return spec.withRouting(spec.routing().withoutRoles());
    }

    HookService withServiceRevisions(ServiceRevisions revisions) {
        return new HookService(
                secrets,
                migrations,
                new TargetHealthCheck(targets, clock, clock.sleeper()),
                smoke,
                dataSync,
                new AlarmCheck(alarmReader, clock),
                extension,
                clock,
                Optional.empty(),
                Optional.of(revisions));
    }

    static final String REVISION =
            "arn:aws:ecs:us-east-1:123456789012:service-revision/orders-cluster/orders/4863226416794238001";

    @Test
    void anEcsHookChecksTheTargetGroupOfTheRevisionItDeploysWhicheverOfThePairThatIs() {
        // given the second ECS deployment: ECS swapped the groups, the new revision sits behind the spec's first
        CutoverSpec spec = unresolved(TestSpecs.spec());
        String first = spec.routing().targetGroupArns().get(0);
        ServiceRevisions ecs = revision -> revision.equals(REVISION) ? List.of(first) : List.of();
        when(targets.describe(first)).thenReturn(new TargetHealth(2, 2));

        // when AfterInstall's checks run for that revision
        HookVerdict verdict = withServiceRevisions(ecs)
                .run(
                        LifecycleHook.AFTER_INSTALL,
                        spec,
                        Optional.empty(),
                        Optional.of(REVISION),
                        clock.instant(),
                        deadline,
                        progress);

        // then the group counted is the revision's, not the one the spec happens to name second
        assertThat(verdict.succeeded()).as(verdict.reason()).isTrue();
        verify(targets).describe(first);
        verify(targets, never()).describe(TestSpecs.GREEN_TG);
    }

    @Test
    void anEcsRevisionBehindNeitherOrBothOfThePairFailsNamingWhatEcsSaid() {
        CutoverSpec spec = unresolved(TestSpecs.spec());
        ServiceRevisions both = revision -> spec.routing().targetGroupArns();
        ServiceRevisions other = revision -> List.of(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:" + "targetgroup/payments/0000000000000000");

        for (ServiceRevisions ecs : List.of(both, other)) {
            HookVerdict verdict = withServiceRevisions(ecs)
                    .run(
                            LifecycleHook.AFTER_INSTALL,
                            spec,
                            Optional.empty(),
                            Optional.of(REVISION),
                            clock.instant(),
                            deadline,
                            new HookProgress());

            assertThat(verdict.succeeded()).isFalse();
            assertThat(verdict.reason())
                    .contains(REVISION)
                    .contains("exactly one of the spec's pair")
                    .contains("routing.targetGroupArns");
        }
        verifyNoInteractions(targets);
    }

    @Test
    void withNeitherCodeDeployNorAnEcsRevisionAfterInstallFailsSayingWhatItLacks() {
        HookVerdict verdict = run(LifecycleHook.AFTER_INSTALL, unresolved(TestSpecs.spec()));

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason()).contains("targetServiceRevisionArn").contains("GetDeploymentTarget");
        verifyNoInteractions(targets);
    }

    @Test
    void afterAllowTestTrafficRunsTheSmokeTestsAgainstTheTestListener() {
        CutoverSpec spec = TestSpecs.spec();
        when(smoke.run(eq(TestSpecs.TEST_URL), eq(spec.smokeTests()), any()))
                .thenReturn(List.of(pass("smoke:health"), fail("smoke:orders", "expected 200, got 503")));

        HookVerdict verdict = run(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, spec);

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason()).isEqualTo("smoke:orders: expected 200, got 503");
        assertThat(verdict.results()).hasSize(2);
        verify(smoke, never()).run(eq(TestSpecs.PRODUCTION_URL), any(), any());
    }

    @Test
    void smokeTestsThatReturnNoResultsFail() {
        when(smoke.run(any(), any(), any())).thenReturn(List.of());

        HookVerdict verdict = run(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, TestSpecs.spec());

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.reason()).contains("returned no results for 1 configured tests");
    }

    @Test
    void noSmokeTestsConfiguredPassesSayingSo() {
        HookVerdict verdict = run(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, TestSpecs.withoutSmokeTests());

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.results().get(0).detail()).isEqualTo("no smoke tests configured");
        verifyNoInteractions(smoke);
    }

    @Test
    void beforeAllowTrafficComparesBlueAndGreenThenCallsTheExtension() {
        CutoverSpec spec = TestSpecs.withDataSync();
        when(secrets.databaseCredentials("orders/blue-db")).thenReturn(BLUE);
        when(secrets.databaseCredentials("orders/green-db")).thenReturn(GREEN);
        when(dataSync.check(BLUE, GREEN, spec.dataSync().get())).thenReturn(List.of(pass("data-sync:orders")));

        HookVerdict verdict = run(LifecycleHook.BEFORE_ALLOW_TRAFFIC, spec);

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.results()).extracting(CheckResult::name).containsExactly("data-sync:orders");
        assertThat(extensionCalls).containsExactly(spec);
    }

    @Test
    void beforeAllowTrafficSkipsTheExtensionWhenDataSyncFails() {
        when(secrets.databaseCredentials(any())).thenReturn(BLUE);
        when(dataSync.check(any(), any(), any()))
                .thenReturn(List.of(fail("data-sync:orders", "green has 10 rows fewer than blue (tolerance 0)")));

        HookVerdict verdict = run(LifecycleHook.BEFORE_ALLOW_TRAFFIC, TestSpecs.withDataSync());

        assertThat(verdict.succeeded()).isFalse();
        assertThat(extensionCalls).isEmpty();
    }

    @Test
    void beforeAllowTrafficWithoutDataSyncPasses() {
        HookVerdict verdict = run(LifecycleHook.BEFORE_ALLOW_TRAFFIC, TestSpecs.spec());

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.results().get(0).detail()).isEqualTo("no data-sync checks configured");
        verifyNoInteractions(secrets, dataSync);
    }

    @Test
    void afterAllowTrafficRunsProductionSmokeTestsAndAlarmsEvenWhenTheFirstFails() {
        CutoverSpec spec = TestSpecs.spec();
        when(smoke.run(eq(TestSpecs.PRODUCTION_URL), any(), any())).thenThrow(new IllegalStateException("runner bug"));
        when(alarmReader.states(List.of("orders-5xx"))).thenReturn(Map.of("orders-5xx", AlarmState.ALARM));

        HookVerdict verdict = run(LifecycleHook.AFTER_ALLOW_TRAFFIC, spec);

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.results())
                .extracting(CheckResult::name)
                .containsExactly("smoke-tests(production listener)", "alarms");
        assertThat(verdict.reason())
                .isEqualTo("smoke-tests(production listener): threw IllegalStateException: "
                        + "runner bug; alarms: 1 alarm in ALARM: orders-5xx");
    }

    @Test
    void afterAllowTrafficSucceedsWhenSmokeAndAlarmsPass() {
        when(smoke.run(eq(TestSpecs.PRODUCTION_URL), any(), any())).thenReturn(List.of(pass("smoke:health")));
        when(alarmReader.states(any())).thenReturn(Map.of("orders-5xx", AlarmState.OK));

        HookVerdict verdict = run(LifecycleHook.AFTER_ALLOW_TRAFFIC, TestSpecs.spec());

        assertThat(verdict.succeeded()).isTrue();
        assertThat(verdict.reason()).isEqualTo("all 2 checks passed");
    }

    @Test
    void startsNoCheckOnceInterrupted() {
        Thread.currentThread().interrupt();
        try {
            HookVerdict verdict = run(LifecycleHook.AFTER_ALLOW_TRAFFIC, TestSpecs.spec());
            assertThat(verdict.succeeded()).isFalse();
            assertThat(verdict.reason()).isEqualTo("no checks ran");
            verifyNoInteractions(smoke, alarmReader);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theVerdictsReasonIsOneLineWhateverTheDetailsContain() {
        HookVerdict verdict = HookVerdict.of(
                LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC,
                List.of(fail("smoke:orders", "expected 200, got 500\n  body: {\"error\": \"db down\"}\n")),
                java.util.Set.of());

        assertThat(verdict.reason()).isEqualTo("smoke:orders: expected 200, got 500; body: {\"error\": \"db down\"}");
    }

    @Test
    void verdictRefusesSuccessWithoutChecks() {
        assertThat(HookVerdict.of(LifecycleHook.AFTER_INSTALL, List.of(), java.util.Set.of())
                        .succeeded())
                .isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HookVerdict(
                        LifecycleHook.AFTER_INSTALL, HookStatus.SUCCEEDED, List.of(), "x", java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
