package dev.cutover.handlers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.aws.InvocationDeadline;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentOrigin;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.Notifications;
import dev.cutover.handlers.wiring.DeploymentGuard;
import dev.cutover.handlers.wiring.SpecTopicNotifier;
import dev.cutover.memory.InMemoryNotifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** A CodeDeploy hook fails closed: it reports Failed whatever goes wrong, acts only on its own deployments, pages. */
class FailClosedHookTest {

    static final String EVENT = "codedeploy-after-install.json";
    static final String SPEC_TOPIC = "arn:aws:sns:us-east-1:111122223333:orders-oncall";
    static final String STACK_TOPIC = "arn:aws:sns:us-east-1:111122223333:cutover-orders";

    final Fixture fx = new Fixture().allPass();
    final InMemoryNotifier stackTopic = new InMemoryNotifier();
    final Map<String, InMemoryNotifier> topics = new LinkedHashMap<>();

    HookDependencies dependencies() {
        return fx.dependencies().withService("orders");
    }

    /** The AWS wiring's notifier: the stack's topic always, the spec's when it names another. */
    HookDependencies withStackTopic(HookDependencies deps) {
        return new HookDependencies(
                deps.ports().toBuilder()
                        .notifier(new SpecTopicNotifier(
                                stackTopic,
                                Optional.of(STACK_TOPIC),
                                topic -> topics.computeIfAbsent(topic, t -> new InMemoryNotifier())))
                        .build(),
                deps.specReference(),
                deps.smokeTestRunner(),
                deps.migrationRunner(),
                deps.dataSyncChecker(),
                deps.beforeAllowTraffic(),
                deps.deploymentGuard(),
                deps.service());
    }

    static Map<String, Object> invoke(CodeDeployHookHandler handler) {
        return handler.handleRequest(Fixture.event(EVENT), new FakeContext(Duration.ofMinutes(5)));
    }

    static HookExecution ids() {
        return HookEventParser.parse(Fixture.event(EVENT));
    }

    @Test
    void aHookWhoseDependenciesCannotBeBuiltStillReportsFailedThroughTheMinimalReporter() {
        HookStatusReporter minimalReporter = mock(HookStatusReporter.class);
        when(minimalReporter.report(any(), any())).thenReturn(HookStatusReporter.Outcome.REPORTED);
        HookAlerts alerts = new HookAlerts(stackTopic, Optional.empty(), "", "orders");
        CodeDeployHookHandler handler = new CodeDeployHookHandler(
                LifecycleHook.AFTER_INSTALL,
                () -> {
                    throw new FunctionMisconfiguredException("environment variable AWS_REGION is not set");
                },
                () -> new HookRuntime.Minimal(minimalReporter, alerts)) {};

        Map<String, Object> response = invoke(handler);

        verify(minimalReporter).report(ids(), HookStatus.FAILED);
        assertThat(response)
                .containsEntry("status", "Failed")
                .containsEntry("delivery", "REPORTED")
                .containsEntry("hook", "AfterInstall");
        assertThat((String) response.get("reason"))
                .contains("dependencies could not be built")
                .contains("AWS_REGION");
        assertThat(stackTopic.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.FAILED);
            assertThat(n.service()).isEqualTo("orders");
            assertThat(n.deploymentId()).isEqualTo(ids().deploymentId());
            assertThat(n.reason()).contains("AfterInstall hook failed").contains("AWS_REGION");
        });
    }

    @Test
    void aDeploymentOfAnotherApplicationOrGroupIsReportedFailedWithoutRunningAnyCheck() {
        List<String> looked = new ArrayList<>();
        DeploymentGuard guard = DeploymentGuard.codeDeploy(
                id -> {
                    looked.add(id);
                    return new DeploymentOrigin(id, "payments", "payments-dg");
                },
                "orders",
                "orders-dg");
        AfterInstallHandler handler =
                new AfterInstallHandler(withStackTopic(dependencies()).withDeploymentGuard(guard));

        Map<String, Object> response = invoke(handler);

        assertThat(looked).containsExactly(ids().deploymentId());
        verify(fx.reporter).report(ids(), HookStatus.FAILED);
        verifyNoInteractions(fx.targets);
        assertThat((String) response.get("reason"))
                .contains("application \"payments\", deployment group \"payments-dg\"")
                .contains("\"orders\"")
                .contains("\"orders-dg\"");
        assertThat(stackTopic.published()).hasSize(1);
    }

    @Test
    void aDeploymentOfTheStacksOwnGroupRunsItsChecks() {
        DeploymentGuard guard = DeploymentGuard.codeDeploy(
                id -> new DeploymentOrigin(id, "orders", "orders-dg"), "orders", "orders-dg");

        Map<String, Object> response =
                invoke(new AfterInstallHandler(withStackTopic(dependencies()).withDeploymentGuard(guard)));

        assertThat(response).containsEntry("status", "Succeeded");
        verify(fx.reporter).report(ids(), HookStatus.SUCCEEDED);
        assertThat(stackTopic.published()).isEmpty();
    }

    @Test
    void aDeploymentWhoseOriginCannotBeReadIsReportedFailed() {
        DeploymentGuard guard = DeploymentGuard.codeDeploy(
                id -> {
                    throw new DependencyException(
                            "CodeDeploy GetDeployment for deployment " + id + " failed: " + "AccessDeniedException");
                },
                "orders",
                "orders-dg");

        Map<String, Object> response =
                invoke(new AfterInstallHandler(withStackTopic(dependencies()).withDeploymentGuard(guard)));

        assertThat(response).containsEntry("status", "Failed");
        assertThat((String) response.get("reason"))
                .contains("cannot tell whose deployment")
                .contains("AccessDenied");
        verify(fx.reporter).report(ids(), HookStatus.FAILED);
    }

    @Test
    void aFailedHookPagesTheStackTopicAndTheSpecsTopic() {
        CutoverSpec spec = Specs.full();
        CutoverSpec withTopic = new CutoverSpec(
                spec.version(),
                spec.service(),
                spec.routing(),
                spec.shifting(),
                spec.health(),
                spec.smokeTests(),
                spec.migrations(),
                spec.dataSync(),
                new Notifications(Optional.of(SPEC_TOPIC)),
                spec.rollback());
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(withTopic));
        when(fx.targets.describe(any())).thenReturn(new TargetHealth(1, 3));

        Map<String, Object> response = invoke(new AfterInstallHandler(withStackTopic(dependencies())));

        assertThat(response).containsEntry("status", "Failed");
        assertThat(stackTopic.published()).singleElement().satisfies(n -> {
            assertThat(n.outcome()).isEqualTo(Status.FAILED);
            assertThat(n.service()).isEqualTo("orders");
            assertThat(n.stageReached()).isEqualTo(DeploymentNotification.NO_STAGE);
        });
        assertThat(topics).containsOnlyKeys(SPEC_TOPIC);
        assertThat(topics.get(SPEC_TOPIC).published()).hasSize(1);
    }

    @Test
    void aSpecNamingTheStacksOwnTopicIsNotToldTwice() {
        CutoverSpec spec = Specs.full();
        when(fx.specs.load(Fixture.SPEC_PARAMETER))
                .thenReturn(Fixture.versioned(new CutoverSpec(
                        spec.version(),
                        spec.service(),
                        spec.routing(),
                        spec.shifting(),
                        spec.health(),
                        spec.smokeTests(),
                        spec.migrations(),
                        spec.dataSync(),
                        new Notifications(Optional.of(STACK_TOPIC)),
                        spec.rollback())));
        when(fx.targets.describe(any())).thenReturn(new TargetHealth(1, 3));

        invoke(new AfterInstallHandler(withStackTopic(dependencies())));

        assertThat(stackTopic.published()).hasSize(1);
        assertThat(topics).isEmpty();
    }

    @Test
    void theStatusReportIsBoundedByWhatIsLeftOfTheLambdaInvocation() {
        List<Duration> seen = new ArrayList<>();
        when(fx.reporter.report(any(), any())).thenAnswer(call -> {
            seen.add(InvocationDeadline.remaining(java.time.Clock.systemUTC()).orElseThrow());
            return HookStatusReporter.Outcome.REPORTED;
        });

        new AfterInstallHandler(dependencies())
                .handleRequest(Fixture.event(EVENT), new FakeContext(Duration.ofSeconds(42)));

        // the handler hands the context's remaining time to the reporter (CodeDeployHookStatusReporter#timeLimit)
        assertThat(seen)
                .singleElement()
                .satisfies(left -> assertThat(left)
                        .isLessThanOrEqualTo(Duration.ofSeconds(42))
                        .isGreaterThan(Duration.ofSeconds(30)));
        assertThat(InvocationDeadline.remaining(java.time.Clock.systemUTC())).isEmpty();
    }
}
