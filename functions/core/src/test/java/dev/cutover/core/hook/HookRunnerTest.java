package dev.cutover.core.hook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.TargetHealthCheck;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.HookStatusReporter.Outcome;
import dev.cutover.core.port.SecretReader;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class HookRunnerTest {

    static final HookExecution EXECUTION = new HookExecution("d-7QXK2M4RB", "eyJlbmNyeXB0ZWREYXRhIjoiYWJjIn0=");

    static final String SPEC_PARAMETER = "/cutover/orders/spec";

    final SpecRepository specs = mock(SpecRepository.class);
    final SmokeTestRunner smoke = mock(SmokeTestRunner.class);
    final HookStatusReporter reporter = mock(HookStatusReporter.class);

    HookRunner runner(Clock clock) {
        HookService service = new HookService(
                mock(SecretReader.class),
                mock(MigrationRunner.class),
                new TargetHealthCheck(mock(TargetHealthReader.class), clock, Sleeper.SYSTEM),
                smoke,
                mock(DataSyncChecker.class),
                new AlarmCheck(mock(AlarmStateReader.class), clock),
                BeforeAllowTrafficExtension.NONE,
                clock);
        return new HookRunner(new HookEvaluator(specs, SPEC_PARAMETER, service, clock), reporter, clock);
    }

    final MutableClock fixed = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final HookRunner runner = runner(fixed);

    static CheckResult pass(String name) {
        return CheckResult.pass(name, "fine", Duration.ofMillis(3));
    }

    void smokePasses() {
        when(smoke.run(any(), any(), any())).thenReturn(List.of(pass("smoke:health")));
    }

    @Test
    void reportsSucceededOnceWhenEveryCheckPasses() {
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        smokePasses();
        when(reporter.report(EXECUTION, HookStatus.SUCCEEDED)).thenReturn(Outcome.REPORTED);

        HookReport report = runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMinutes(5));

        assertThat(report.status()).isEqualTo(HookStatus.SUCCEEDED);
        assertThat(report.delivery()).isEqualTo(HookReport.Delivery.REPORTED);
        assertThat(report.summary()).isEqualTo("Succeeded reported: all 1 check passed");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(reporter);
    }

    @Test
    void reportsFailedWithEverySpecErrorOnOneLine() {
        when(specs.load(SPEC_PARAMETER))
                .thenThrow(new SpecException(
                        "ssm:/cutover/orders",
                        List.of(
                                new FieldError("routing.testUrl", "must be an absolute http(s) URL"),
                                new FieldError("stages[1].percent", "must be greater than stages[0].percent (50)"))));

        HookReport report = runner.handle(LifecycleHook.AFTER_INSTALL, EXECUTION, Duration.ofMinutes(5));

        assertThat(report.status()).isEqualTo(HookStatus.FAILED);
        assertThat(report.verdict().reason())
                .isEqualTo("spec: invalid Cutover spec ssm:/cutover/orders (2 errors): "
                        + "routing.testUrl: must be an absolute http(s) URL; "
                        + "stages[1].percent: must be greater than stages[0].percent (50)");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
        verifyNoMoreInteractions(reporter);
    }

    @Test
    void reportsFailedWhenTheSpecCannotBeFetched() {
        when(specs.load(SPEC_PARAMETER))
                .thenThrow(new DependencyException("SSM GetParameter /cutover/orders: throttled"));

        HookReport report = runner.handle(LifecycleHook.AFTER_INSTALL, EXECUTION, Duration.ofMinutes(5));

        assertThat(report.verdict().reason())
                .isEqualTo("spec: could not load the Cutover spec: "
                        + "DependencyException: SSM GetParameter /cutover/orders: throttled");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
    }

    @Test
    void reportsFailedWhenTheSpecSourceReturnsNothing() {
        HookReport report = runner.handle(LifecycleHook.AFTER_INSTALL, EXECUTION, Duration.ofMinutes(5));

        assertThat(report.verdict().reason()).isEqualTo("spec: the spec source returned no spec");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
    }

    @Test
    void reportsFailedOnceWhenAnErrorIsThrown() {
        when(specs.load(SPEC_PARAMETER)).thenThrow(new ExceptionInInitializerError("bad static init"));

        HookReport report = runner.handle(LifecycleHook.AFTER_INSTALL, EXECUTION, Duration.ofMinutes(5));

        assertThat(report.status()).isEqualTo(HookStatus.FAILED);
        assertThat(report.verdict().reason())
                .contains("ExceptionInInitializerError")
                .contains("bad static init");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
    }

    @Test
    void reportsFailedOnceWhenACheckThrows() {
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        when(smoke.run(any(), any(), any())).thenThrow(new IllegalArgumentException("bad URL"));

        HookReport report = runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMinutes(5));

        assertThat(report.verdict().reason()).contains("IllegalArgumentException: bad URL");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
    }

    @Test
    void reportsFailedBeforeTheBudgetEndsWhenACheckHangs() throws Exception {
        HookRunner realTime = runner(Clock.systemUTC());
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch workerStopped = new CountDownLatch(1);
        when(smoke.run(any(), any(), any())).thenAnswer(call -> {
            try {
                never.await();
                return List.of(pass("smoke:health"));
            } finally {
                workerStopped.countDown();
            }
        });

        long t0 = System.nanoTime();
        HookReport report = realTime.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMillis(600));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(tookMs).isLessThan(600);
        assertThat(report.status()).isEqualTo(HookStatus.FAILED);
        assertThat(report.verdict().reason())
                .matches("Lambda time budget about to run out after \\d+ ms; still running: "
                        + "smoke-tests\\(test listener\\)");
        assertThat(workerStopped.await(5, TimeUnit.SECONDS))
                .as("worker interrupted")
                .isTrue();
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
        verifyNoMoreInteractions(reporter);
    }

    @Test
    void reportsOnceWhenACheckFinishesJustAsTheDeadlineHits() throws Exception {
        HookRunner realTime = runner(Clock.systemUTC());
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        CountDownLatch workerDone = new CountDownLatch(1);
        // The check completes, passing, at the very moment the runner gives up on it.
        when(smoke.run(any(), any(), any())).thenAnswer(call -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                return List.of(pass("smoke:health"));
            } finally {
                workerDone.countDown();
            }
            return List.of();
        });

        HookReport report = realTime.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMillis(400));
        assertThat(workerDone.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(report.status()).isEqualTo(HookStatus.FAILED);
        verify(reporter, times(1)).report(any(), any());
        verifyNoMoreInteractions(reporter);
    }

    @Test
    void reportsFromTheCallingThreadAndRunsChecksOnADaemonWorker() {
        // (That the worker's log lines carry the invocation's MDC is tested in cutover-functions, where a real MDC
        // adapter is on the classpath; slf4j-simple's here ignores MDC.)
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        AtomicReference<Thread> checkThread = new AtomicReference<>();
        when(smoke.run(any(), any(), any())).thenAnswer(call -> {
            checkThread.set(Thread.currentThread());
            return List.of(pass("smoke:health"));
        });
        AtomicReference<Thread> reportThread = new AtomicReference<>();
        when(reporter.report(any(), any())).thenAnswer(call -> {
            reportThread.set(Thread.currentThread());
            return Outcome.REPORTED;
        });

        runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMinutes(1));

        assertThat(reportThread.get()).isSameAs(Thread.currentThread());
        assertThat(checkThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(checkThread.get().isDaemon()).isTrue();
    }

    @Test
    void aDuplicateDeliveryIsNotAnError() {
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        smokePasses();
        when(reporter.report(EXECUTION, HookStatus.SUCCEEDED)).thenReturn(Outcome.ALREADY_COMPLETED);

        HookReport report = runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMinutes(1));

        assertThat(report.delivery()).isEqualTo(HookReport.Delivery.ALREADY_COMPLETED);
        assertThat(report.reportFailed()).isFalse();
        assertThat(report.summary()).contains("duplicate delivery");
    }

    @Test
    void aFailedReportIsAttemptedOnceAndSaidSo() {
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        smokePasses();
        DependencyException down = new DependencyException(
                "CodeDeploy PutLifecycleEventHookExecutionStatus: " + "ThrottlingException after 3 attempts",
                null,
                true);
        when(reporter.report(any(), any())).thenThrow(down);

        HookReport report = runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMinutes(1));

        assertThat(report.reportFailed()).isTrue();
        assertThat(report.reportError()).containsSame(down);
        assertThat(report.summary()).startsWith("Succeeded but the report failed: CodeDeploy");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.SUCCEEDED);
    }

    @Test
    void anUnexpectedReporterExceptionIsAFailedReportNamingCodeDeploy() {
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        smokePasses();
        when(reporter.report(any(), any())).thenThrow(new IllegalStateException("SdkClientException: no region"));

        HookReport report = runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofMinutes(1));

        assertThat(report.reportFailed()).isTrue();
        assertThat(report.reportError().get().getMessage())
                .contains("PutLifecycleEventHookExecutionStatus for d-7QXK2M4RB")
                .contains("IllegalStateException: SdkClientException: no region");
    }

    @Test
    void rejectReportsFailedWithoutRunningChecks() {
        HookReport report = runner.reject(LifecycleHook.BEFORE_INSTALL, EXECUTION, "DeploymentId has whitespace");

        assertThat(report.status()).isEqualTo(HookStatus.FAILED);
        assertThat(report.verdict().reason()).isEqualTo("DeploymentId has whitespace");
        verify(reporter, times(1)).report(EXECUTION, HookStatus.FAILED);
        verify(specs, times(0)).load(anyString());
    }

    @Test
    void keepsASafetyMarginThatGrowsWithTheBudgetButLeavesHalfForChecks() {
        assertThat(HookEvaluator.safetyMargin(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(1500));
        assertThat(HookEvaluator.safetyMargin(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(10));
        assertThat(HookEvaluator.safetyMargin(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(90));
        assertThat(HookEvaluator.safetyMargin(Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(HookEvaluator.safetyMargin(Duration.ofSeconds(-1))).isEqualTo(Duration.ZERO);
    }

    @Test
    void checksGetTheBudgetLessTheMargin() {
        when(specs.load(SPEC_PARAMETER)).thenReturn(versioned(TestSpecs.spec()));
        AtomicReference<Instant> checkDeadline = new AtomicReference<>();
        when(smoke.run(any(), any(), any())).thenAnswer(call -> {
            checkDeadline.set(
                    call.getArgument(2, dev.cutover.core.check.Deadline.class).at());
            return List.of(pass("smoke:health"));
        });

        runner.handle(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, EXECUTION, Duration.ofSeconds(60));

        assertThat(checkDeadline.get()).isEqualTo(fixed.instant().plusSeconds(50));
        verify(smoke).run(eq(TestSpecs.TEST_URL), any(), any());
    }

    static VersionedSpec versioned(CutoverSpec spec) {
        return new VersionedSpec(spec, "1", SPEC_PARAMETER + ":1");
    }
}
