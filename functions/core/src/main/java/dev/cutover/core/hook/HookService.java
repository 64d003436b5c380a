package dev.cutover.core.hook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.TargetHealthCheck;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.port.DatabaseCredentials;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.ServiceRevisions;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.DataSync;
import dev.cutover.core.spec.Migrations;
import dev.cutover.core.spec.Routing;

/**
 * Which checks each lifecycle hook runs, and their verdict. Never throws for a failing check: an exception from a
 * check becomes a failed result named after the check and the exception, so the hook can always report.
 *
 * <ul>
 *   <li>BeforeInstall: database migrations (expand phase), when the spec has any.</li>
 *   <li>AfterInstall: green's healthy target count.</li>
 *   <li>AfterAllowTestTraffic: smoke tests against the test listener.</li>
 *   <li>BeforeAllowTraffic: blue vs green data-sync checks, when the spec has any; then the
 *       {@link BeforeAllowTrafficExtension}.</li>
 *   <li>AfterAllowTraffic: smoke tests against the production listener, and the alarms.</li>
 * </ul>
 */
public final class HookService {

    /** MDC key naming the check running on this thread, so the checks' own log lines say which check they are. */
    public static final String MDC_CHECK = "check";

    public static final String MIGRATIONS = "migrations";
    public static final String TEST_LISTENER_SMOKE = "smoke-tests(test listener)";
    public static final String PRODUCTION_LISTENER_SMOKE = "smoke-tests(production listener)";
    public static final String DATA_SYNC = "data-sync";
    public static final String BEFORE_ALLOW_TRAFFIC_EXTENSION = "before-allow-traffic-extension";

    private static final Logger LOG = LoggerFactory.getLogger(HookService.class);

    private final SecretReader secrets;
    private final MigrationRunner migrationRunner;
    private final TargetHealthCheck targetHealth;
    private final SmokeTestRunner smokeTests;
    private final DataSyncChecker dataSyncChecker;
    private final AlarmCheck alarms;
    private final BeforeAllowTrafficExtension beforeAllowTraffic;
    private final Clock clock;
    private final Optional<DeploymentControl> codeDeploy;
    private final Optional<ServiceRevisions> serviceRevisions;

    /** Without CodeDeploy to ask: AfterInstall then needs a spec whose routing already has its roles. */
    public HookService(
            SecretReader secrets,
            MigrationRunner migrationRunner,
            TargetHealthCheck targetHealth,
            SmokeTestRunner smokeTests,
            DataSyncChecker dataSyncChecker,
            AlarmCheck alarms,
            BeforeAllowTrafficExtension beforeAllowTraffic,
            Clock clock) {
        this(
                secrets,
                migrationRunner,
                targetHealth,
                smokeTests,
                dataSyncChecker,
                alarms,
                beforeAllowTraffic,
                clock,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * @param codeDeploy       where a CodeDeploy hook learns which target group is green in its deployment
     * @param serviceRevisions where an ECS native hook learns it: the target group of the revision it deploys
     */
    public HookService(
            SecretReader secrets,
            MigrationRunner migrationRunner,
            TargetHealthCheck targetHealth,
            SmokeTestRunner smokeTests,
            DataSyncChecker dataSyncChecker,
            AlarmCheck alarms,
            BeforeAllowTrafficExtension beforeAllowTraffic,
            Clock clock,
            Optional<DeploymentControl> codeDeploy,
            Optional<ServiceRevisions> serviceRevisions) {
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
        this.serviceRevisions = Objects.requireNonNull(serviceRevisions, "serviceRevisions");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.migrationRunner = Objects.requireNonNull(migrationRunner, "migrationRunner");
        this.targetHealth = Objects.requireNonNull(targetHealth, "targetHealth");
        this.smokeTests = Objects.requireNonNull(smokeTests, "smokeTests");
        this.dataSyncChecker = Objects.requireNonNull(dataSyncChecker, "dataSyncChecker");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.beforeAllowTraffic = Objects.requireNonNull(beforeAllowTraffic, "beforeAllowTraffic");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the hook's checks in order. Stops starting new checks once this thread is interrupted (the caller gave
     * up waiting).
     *
     * @param hookStartedAt when the hook first started (waits such as {@code healthyTargetsWait} count from here)
     * @param deadline      checks must be done by then
     * @param progress      receives each check as it starts and each result as it comes
     */
    public HookVerdict run(
            LifecycleHook hook, CutoverSpec spec, Instant hookStartedAt, Deadline deadline, HookProgress progress) {
        return run(hook, spec, Optional.empty(), hookStartedAt, deadline, progress);
    }

    /**
     * As {@link #run(LifecycleHook, CutoverSpec, Instant, Deadline, HookProgress)}, for a CodeDeploy hook execution:
     * BeforeAllowTraffic's extension may then hand the hook off (the verdict says so and the caller must not
     * report it).
     *
     * @param execution the CodeDeploy hook execution; empty for an ECS lifecycle hook, which is never handed off
     */
    public HookVerdict run(
            LifecycleHook hook,
            CutoverSpec spec,
            Optional<HookExecution> execution,
            Instant hookStartedAt,
            Deadline deadline,
            HookProgress progress) {
        return run(hook, spec, execution, Optional.empty(), hookStartedAt, deadline, progress);
    }

    /**
     * As {@link #run(LifecycleHook, CutoverSpec, Optional, Instant, Deadline, HookProgress)}, naming the ECS service
     * revision an ECS native hook deploys: its target group is green (AfterInstall's target health check).
     *
     * @param ecsTargetRevision the payload's {@code executionDetails.targetServiceRevisionArn}; empty for CodeDeploy
     */
    public HookVerdict run(
            LifecycleHook hook,
            CutoverSpec spec,
            Optional<HookExecution> execution,
            Optional<String> ecsTargetRevision,
            Instant hookStartedAt,
            Deadline deadline,
            HookProgress progress) {
        Set<String> notYetMet = new HashSet<>();
        switch (hook) {
            case BEFORE_INSTALL -> step(MIGRATIONS, progress, () -> one(migrations(spec)));
            case AFTER_INSTALL ->
                step(TargetHealthCheck.NAME, progress, () -> {
                    TargetHealthCheck.Outcome outcome =
                            targetHealth.check(routingOf(spec, execution, ecsTargetRevision), hookStartedAt, deadline);
                    if (outcome.notYetHealthy()) {
                        notYetMet.add(TargetHealthCheck.NAME);
                    }
                    return one(outcome.result());
                });
            case AFTER_ALLOW_TEST_TRAFFIC ->
                step(
                        TEST_LISTENER_SMOKE,
                        progress,
                        () -> smoke(TEST_LISTENER_SMOKE, spec, spec.routing().testUrl(), deadline));
            case BEFORE_ALLOW_TRAFFIC -> {
                Optional<BeforeAllowTrafficExtension.Outcome> earlier = alreadyHandedOff(spec, execution);
                if (earlier.isPresent()) {
                    step(BEFORE_ALLOW_TRAFFIC_EXTENSION, progress, () -> handOff(earlier.get(), progress));
                    break;
                }
                step(DATA_SYNC, progress, () -> dataSync(spec));
                if (progress.results().stream().allMatch(CheckResult::passed)) {
                    step(
                            BEFORE_ALLOW_TRAFFIC_EXTENSION,
                            progress,
                            () -> handOff(
                                    beforeAllowTraffic.afterChecksPassed(
                                            spec, execution, deadline, handOffOf(progress)),
                                    progress));
                }
            }
            case AFTER_ALLOW_TRAFFIC -> {
                step(
                        PRODUCTION_LISTENER_SMOKE,
                        progress,
                        () -> smoke(
                                PRODUCTION_LISTENER_SMOKE, spec, spec.routing().productionUrl(), deadline));
                step(AlarmCheck.NAME, progress, () -> one(alarms.check(spec.health())));
            }
        }
        HookVerdict verdict = HookVerdict.of(hook, progress.results(), notYetMet);
        Optional<String> handedOffTo = progress.handedOffTo();
        return handedOffTo.isPresent() && verdict.succeeded() ? verdict.handedOff(handedOffTo.get()) : verdict;
    }

    /**
     * The spec's routing with this deployment's roles. Green alternates between the two groups from one deployment
     * to the next, so it is asked for every time: a CodeDeploy hook asks its deployment (GetDeploymentTarget), an
     * ECS native hook asks ECS which group the revision it deploys is associated with (DescribeServiceRevisions);
     * blue is then the other group of the spec's pair.
     *
     * @throws IllegalStateException when nothing can tell which group is green (the step then fails)
     */
    private Routing routingOf(CutoverSpec spec, Optional<HookExecution> execution, Optional<String> ecsRevision) {
        Routing routing = spec.routing();
        if (routing.roles().isPresent()) {
            return routing;
        }
        if (execution.isPresent() && codeDeploy.isPresent()) {
            TargetGroupRoles roles =
                    codeDeploy.get().targetGroupRoles(execution.get().deploymentId(), routing.targetGroupArns());
            if (!routing.fits(roles)) {
                throw new IllegalStateException(
                        "CodeDeploy deployment " + execution.get().deploymentId()
                                + " runs with " + roles + ", but the spec names the target groups "
                                + routing.targetGroupArns());
            }
            return routing.withRoles(roles);
        }
        if (ecsRevision.isPresent() && serviceRevisions.isPresent()) {
            return routing.withRoles(ecsRoles(routing.targetGroupArns(), ecsRevision.get()));
        }
        throw new IllegalStateException("cannot tell which of the target groups " + routing.targetGroupArns()
                + " is green: a CodeDeploy hook asks its deployment (GetDeploymentTarget), an ECS lifecycle hook the"
                + " revision it deploys (executionDetails.targetServiceRevisionArn), and this run has neither");
    }

    /** Green is the one of the spec's pair the revision is associated with; both or neither is an error. */
    private TargetGroupRoles ecsRoles(List<String> pair, String revision) {
        List<String> associated = serviceRevisions.get().targetGroupArns(revision);
        List<String> green = pair.stream().filter(associated::contains).toList();
        if (green.size() != 1) {
            throw new IllegalStateException("ECS service revision " + revision + " is associated with the target"
                    + " groups " + associated + ", which must hold exactly one of the spec's pair " + pair
                    + " (routing.targetGroupArns)");
        }
        String blue = pair.get(0).equals(green.get(0)) ? pair.get(1) : pair.get(0);
        return new TargetGroupRoles(blue, green.get(0));
    }

    private Optional<BeforeAllowTrafficExtension.Outcome> alreadyHandedOff(
            CutoverSpec spec, Optional<HookExecution> execution) {
        if (execution.isEmpty()) {
            return Optional.empty();
        }
        try {
            return beforeAllowTraffic
                    .alreadyHandedOff(spec, execution)
                    .filter(outcome -> outcome.handedOffTo().isPresent());
        } catch (RuntimeException e) {
            LOG.warn("could not tell whether the hook was already handed off; running the checks", e);
            return Optional.empty();
        }
    }

    private static BeforeAllowTrafficExtension.HandOff handOffOf(HookProgress progress) {
        return new BeforeAllowTrafficExtension.HandOff() {
            @Override
            public boolean claim(String to) {
                return progress.handingOff(to);
            }

            @Override
            public void withdraw() {
                progress.handOffFailed();
            }
        };
    }

    private static List<CheckResult> handOff(BeforeAllowTrafficExtension.Outcome outcome, HookProgress progress) {
        if (outcome == null) {
            return null;
        }
        outcome.handedOffTo().ifPresent(progress::handedOff);
        return outcome.results();
    }

    /** A one-result list that keeps a null result, so that a check returning nothing is caught as such. */
    private static List<CheckResult> one(CheckResult result) {
        return Collections.singletonList(result);
    }

    private CheckResult migrations(CutoverSpec spec) {
        if (spec.migrations().isEmpty()) {
            return CheckResult.pass(MIGRATIONS, "no migrations configured", Duration.ZERO);
        }
        Migrations migrations = spec.migrations().get();
        // the spec's TLS settings, whatever the secret reader assumed (verify-full)
        DatabaseCredentials database =
                secrets.databaseCredentials(migrations.databaseSecret()).withTls(spec.databaseTls());
        return migrationRunner.migrate(database, migrations);
    }

    private List<CheckResult> smoke(String step, CutoverSpec spec, URI listener, Deadline deadline) {
        int configured = spec.smokeTests().tests().size();
        if (configured == 0) {
            return List.of(CheckResult.pass(step, "no smoke tests configured", Duration.ZERO));
        }
        List<CheckResult> results = smokeTests.run(listener, spec.smokeTests(), deadline);
        if (results == null || results.isEmpty()) {
            return List.of(CheckResult.fail(
                    step,
                    "the smoke test runner returned no results for " + configured + " configured tests against "
                            + listener,
                    Duration.ZERO));
        }
        return results;
    }

    private List<CheckResult> dataSync(CutoverSpec spec) {
        if (spec.dataSync().isEmpty()) {
            return List.of(CheckResult.pass(DATA_SYNC, "no data-sync checks configured", Duration.ZERO));
        }
        DataSync dataSync = spec.dataSync().get();
        DatabaseCredentials blue =
                secrets.databaseCredentials(dataSync.blueDatabaseSecret()).withTls(spec.databaseTls());
        DatabaseCredentials green =
                secrets.databaseCredentials(dataSync.greenDatabaseSecret()).withTls(spec.databaseTls());
        List<CheckResult> results = dataSyncChecker.check(blue, green, dataSync);
        if ((results == null || results.isEmpty()) && !dataSync.tables().isEmpty()) {
            return List.of(CheckResult.fail(
                    DATA_SYNC,
                    "the data-sync checker returned no results for "
                            + dataSync.tables().size() + " configured tables",
                    Duration.ZERO));
        }
        return results == null ? List.of() : results;
    }

    private void step(String name, HookProgress progress, Supplier<List<CheckResult>> body) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        Instant started = clock.instant();
        progress.started(name, started);
        MDC.put(MDC_CHECK, name);
        List<CheckResult> results;
        try {
            results = body.get();
            if (results == null || results.stream().anyMatch(Objects::isNull)) {
                results = List.of(CheckResult.fail(name, name + " returned no result", since(started)));
            }
        } catch (RuntimeException | Error e) {
            // Fail closed: whatever went wrong inside a check, the hook gets a failed result it can report.
            LOG.warn("check {} threw", name, e);
            results = List.of(CheckResult.fail(name, "threw " + describe(e), since(started)));
        } finally {
            MDC.remove(MDC_CHECK);
        }
        for (CheckResult result : results) {
            LOG.info(
                    "{} {} in {} ms: {}",
                    result.passed() ? "PASS" : "FAIL",
                    result.name(),
                    result.duration().toMillis(),
                    result.detail());
            progress.finished(result);
        }
        progress.stepEnded();
    }

    /** Exception class and message, for a one-line detail. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + oneLine(message));
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private Duration since(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
