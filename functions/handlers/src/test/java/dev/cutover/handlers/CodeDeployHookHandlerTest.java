package dev.cutover.handlers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.HookStatusReporter.Outcome;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/** What every CodeDeploy hook handler does, whichever hook it is. */
class CodeDeployHookHandlerTest {

    final Fixture fx = new Fixture().allPass();

    record Case(String file, LifecycleHook hook, Function<HookDependencies, CodeDeployHookHandler> make) {
        @Override
        public String toString() {
            return hook.codeDeployName();
        }
    }

    static Stream<Case> handlers() {
        return Stream.of(
                new Case("codedeploy-before-install.json", LifecycleHook.BEFORE_INSTALL, BeforeInstallHandler::new),
                new Case("codedeploy-after-install.json", LifecycleHook.AFTER_INSTALL, AfterInstallHandler::new),
                new Case(
                        "codedeploy-after-allow-test-traffic.json",
                        LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC,
                        AfterAllowTestTrafficHandler::new),
                new Case(
                        "codedeploy-before-allow-traffic.json",
                        LifecycleHook.BEFORE_ALLOW_TRAFFIC,
                        BeforeAllowTrafficHandler::new),
                new Case(
                        "codedeploy-after-allow-traffic.json",
                        LifecycleHook.AFTER_ALLOW_TRAFFIC,
                        AfterAllowTrafficHandler::new));
    }

    Map<String, Object> invoke(Case c) {
        return c.make()
                .apply(fx.dependencies())
                .handleRequest(Fixture.event(c.file()), new FakeContext(Duration.ofMinutes(5)));
    }

    static HookExecution ids(Case c) {
        return HookEventParser.parse(Fixture.event(c.file()));
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void reportsSucceededExactlyOnceWithTheEventsTwoIds(Case c) {
        Map<String, Object> response = invoke(c);

        assertThat(c.make().apply(fx.dependencies()).hook()).isEqualTo(c.hook());
        assertThat(response)
                .containsEntry("status", "Succeeded")
                .containsEntry("hook", c.hook().codeDeployName());
        HookExecution ids = ids(c);
        assertThat(ids.lifecycleEventHookExecutionId()).startsWith("eyJ");
        verify(fx.reporter, times(1)).report(ids, HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void reportsFailedOnceWhenEveryCheckThrows(Case c) {
        IllegalStateException boom = new IllegalStateException("boom");
        when(fx.migrations.migrate(any(), any())).thenThrow(boom);
        when(fx.targets.describe(anyString())).thenThrow(boom);
        when(fx.smoke.run(any(), any(), any())).thenThrow(boom);
        when(fx.dataSync.check(any(), any(), any())).thenThrow(boom);
        when(fx.alarms.states(any())).thenThrow(boom);

        Map<String, Object> response = invoke(c);

        assertThat(response).containsEntry("status", "Failed");
        assertThat((String) response.get("reason")).contains("threw IllegalStateException: boom");
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void reportsFailedOnceWhenTheSpecStoreIsDown(Case c) {
        when(fx.specs.load(Fixture.SPEC_PARAMETER))
                .thenThrow(new DependencyException(
                        "SSM GetParameter /cutover/orders: " + "connection timed out", null, true));

        Map<String, Object> response = invoke(c);

        assertThat((String) response.get("reason"))
                .isEqualTo("spec: could not load the Cutover spec: "
                        + "DependencyException: SSM GetParameter /cutover/orders: connection timed out");
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void aDuplicateDeliveryIsNotAnError(Case c) {
        reset(fx.reporter);
        when(fx.reporter.report(any(), any())).thenReturn(Outcome.ALREADY_COMPLETED);

        Map<String, Object> response = invoke(c);

        assertThat(response).containsEntry("status", "Succeeded").containsEntry("delivery", "ALREADY_COMPLETED");
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.SUCCEEDED);
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void throwsAfterOneReportAttemptWhenTheReportFails(Case c) {
        reset(fx.reporter);
        DependencyException down = new DependencyException(
                "CodeDeploy PutLifecycleEventHookExecutionStatus: ThrottlingException after 4 attempts", null, true);
        when(fx.reporter.report(any(), any())).thenThrow(down);

        assertThatThrownBy(() -> invoke(c)).isSameAs(down);
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.SUCCEEDED);
        verifyNoMoreInteractions(fx.reporter);
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void extraFieldsInTheEventAreIgnored(Case c) {
        Map<String, Object> event = new java.util.HashMap<>(Fixture.event(c.file()));
        event.put("LifecycleEventName", c.hook().codeDeployName());
        event.put("x-debug", List.of(1, 2));

        Map<String, Object> response =
                c.make().apply(fx.dependencies()).handleRequest(event, new FakeContext(Duration.ofMinutes(5)));

        assertThat(response).containsEntry("status", "Succeeded");
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.SUCCEEDED);
    }

    @Test
    void reportsFailedBeforeAThreeSecondBudgetRunsOutWhenACheckHangs() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch abandoned = new CountDownLatch(1);
        when(fx.smoke.run(any(), any(), any())).thenAnswer(call -> {
            try {
                never.await();
                return List.of(Fixture.pass("smoke:health"));
            } finally {
                abandoned.countDown();
            }
        });
        AtomicLong reportedAfterMs = new AtomicLong(-1);
        long t0 = System.nanoTime();
        reset(fx.reporter);
        when(fx.reporter.report(any(), any())).thenAnswer(call -> {
            reportedAfterMs.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return Outcome.REPORTED;
        });
        Case c = handlers()
                .filter(h -> h.hook() == LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC)
                .findFirst()
                .orElseThrow();
        AfterAllowTestTrafficHandler handler =
                new AfterAllowTestTrafficHandler(fx.dependencies(Clock.systemUTC(), Sleeper.SYSTEM));

        Map<String, Object> response =
                handler.handleRequest(Fixture.event(c.file()), new FakeContext(Duration.ofSeconds(3)));

        assertThat(reportedAfterMs.get()).isBetween(0L, 2999L);
        assertThat(response).containsEntry("status", "Failed");
        assertThat((String) response.get("reason"))
                .matches(
                        "Lambda time budget about to run out after \\d{4} ms; still running: smoke-tests\\(test listener\\)");
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.FAILED);
        assertThat(abandoned.await(5, TimeUnit.SECONDS))
                .as("the hung check was interrupted")
                .isTrue();
        verifyNoMoreInteractions(fx.reporter);
    }

    @Test
    void worksWithoutALambdaContext() {
        Case c = handlers().findFirst().orElseThrow();

        Map<String, Object> response = c.make().apply(fx.dependencies()).handleRequest(Fixture.event(c.file()), null);

        assertThat(response).containsEntry("status", "Succeeded");
        verify(fx.reporter, times(1)).report(ids(c), HookStatus.SUCCEEDED);
    }
}
