package dev.cutover.runtime.adapters;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCodeDeployTest {

    private static final String GROUP_A =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-a/0123456789abcdef";
    private static final String GROUP_B =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-b/fedcba9876543210";
    private static final TargetGroupRoles ROLES = new TargetGroupRoles(GROUP_A, GROUP_B);

    private final List<String> steps = new ArrayList<>();
    private final LocalCodeDeploy codeDeploy = new LocalCodeDeploy(Clock.systemUTC(), e -> {}, ROLES);

    private final LocalCodeDeploy.Actions actions = new LocalCodeDeploy.Actions() {
        @Override
        public void install() {
            steps.add("Install");
        }

        @Override
        public void allowTestTraffic() {
            steps.add("AllowTestTraffic");
        }

        @Override
        public void allowTraffic() {
            steps.add("AllowTraffic");
        }

        @Override
        public void rollBack(String reason) {
            steps.add("Rollback: " + reason);
        }
    };

    /** A hook that reports {@code status} itself, as the CodeDeploy hook handlers do. */
    private RequestHandler<Map<String, Object>, Map<String, Object>> reporting(String name, HookStatus status) {
        return (event, context) -> {
            steps.add(name);
            assertThat(event).containsOnlyKeys("DeploymentId", "LifecycleEventHookExecutionId");
            codeDeploy.report(
                    new HookExecution(
                            (String) event.get("DeploymentId"), (String) event.get("LifecycleEventHookExecutionId")),
                    status);
            return Map.of("status", status.wireValue(), "reason", name + " said so", "delivery", "REPORTED");
        };
    }

    private Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> allSucceeding() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = new LinkedHashMap<>();
        for (LifecycleHook hook : LifecycleHook.values()) {
            hooks.put(hook, reporting(hook.codeDeployName(), HookStatus.SUCCEEDED));
        }
        return hooks;
    }

    @Test
    void deploymentIdsLookLikeCodeDeploys() {
        assertThat(LocalCodeDeploy.newDeploymentId()).matches("d-[A-Z0-9]{9}");
        assertThat(LocalCodeDeploy.newDeploymentId()).isNotEqualTo(LocalCodeDeploy.newDeploymentId());
    }

    @Test
    void runsHooksAndStepsInCodeDeploysOrder() {
        LocalCodeDeploy.Result result =
                codeDeploy.deploy("d-ABCDEFGHI", allSucceeding(), actions, Duration.ofSeconds(5));

        assertThat(result.succeeded()).isTrue();
        assertThat(steps)
                .containsExactly(
                        "BeforeInstall",
                        "Install",
                        "AfterInstall",
                        "AllowTestTraffic",
                        "AfterAllowTestTraffic",
                        "BeforeAllowTraffic",
                        "AllowTraffic",
                        "AfterAllowTraffic");
        assertThat(result.hooks())
                .extracting(LocalCodeDeploy.HookRecord::status)
                .containsOnly("Succeeded");
    }

    @Test
    void theGroupsSwapAfterEverySuccessfulDeploymentAsCodeDeploysDo() {
        List<TargetGroupRoles> seen = new ArrayList<>();
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = allSucceeding();
        hooks.put(LifecycleHook.BEFORE_ALLOW_TRAFFIC, (event, context) -> {
            // what GetDeploymentTarget says while the deployment runs
            seen.add(codeDeploy.targetGroupRoles((String) event.get("DeploymentId"), List.of(GROUP_A, GROUP_B)));
            return reporting("BeforeAllowTraffic", HookStatus.SUCCEEDED).handleRequest(event, context);
        });

        codeDeploy.deploy("d-AAAAAAAA1", hooks, actions, Duration.ofSeconds(5));
        codeDeploy.deploy("d-AAAAAAAA2", hooks, actions, Duration.ofSeconds(5));
        codeDeploy.deploy("d-AAAAAAAA3", hooks, actions, Duration.ofSeconds(5));

        assertThat(seen)
                .containsExactly(
                        new TargetGroupRoles(GROUP_A, GROUP_B),
                        new TargetGroupRoles(GROUP_B, GROUP_A),
                        new TargetGroupRoles(GROUP_A, GROUP_B));
        assertThat(codeDeploy.roles()).isEqualTo(new TargetGroupRoles(GROUP_B, GROUP_A));
    }

    @Test
    void aRolledBackDeploymentLeavesTheGroupsAsTheyWere() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = allSucceeding();
        hooks.put(LifecycleHook.AFTER_ALLOW_TRAFFIC, reporting("AfterAllowTraffic", HookStatus.FAILED));

        assertThat(codeDeploy
                        .deploy("d-AAAAAAAA1", hooks, actions, Duration.ofSeconds(5))
                        .succeeded())
                .isFalse();

        assertThat(codeDeploy.roles()).isEqualTo(ROLES);
        assertThatThrownBy(() -> codeDeploy.targetGroupRoles("d-OTHER0000", List.of(GROUP_A, GROUP_B)))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("d-OTHER0000");
    }

    @Test
    void aFailedHookRollsBackAndStops() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = allSucceeding();
        hooks.put(LifecycleHook.AFTER_ALLOW_TEST_TRAFFIC, reporting("AfterAllowTestTraffic", HookStatus.FAILED));

        LocalCodeDeploy.Result result = codeDeploy.deploy("d-ABCDEFGHI", hooks, actions, Duration.ofSeconds(5));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedHook()).contains("AfterAllowTestTraffic");
        assertThat(steps)
                .containsExactly(
                        "BeforeInstall",
                        "Install",
                        "AfterInstall",
                        "AllowTestTraffic",
                        "AfterAllowTestTraffic",
                        "Rollback: AfterAllowTestTraffic Failed: AfterAllowTestTraffic said so");
    }

    @Test
    void aHandedOffHookWaitsForTheStatusReportedLater() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = allSucceeding();
        hooks.put(LifecycleHook.BEFORE_ALLOW_TRAFFIC, (event, context) -> {
            HookExecution execution = new HookExecution(
                    (String) event.get("DeploymentId"), (String) event.get("LifecycleEventHookExecutionId"));
            // the workflow reports later, from another thread
            CompletableFuture.runAsync(() -> {
                sleep(200);
                assertThat(codeDeploy.report(execution, HookStatus.SUCCEEDED))
                        .isEqualTo(HookStatusReporter.Outcome.REPORTED);
                assertThat(codeDeploy.report(execution, HookStatus.FAILED))
                        .isEqualTo(HookStatusReporter.Outcome.ALREADY_COMPLETED);
            });
            return Map.of("status", "Succeeded", "delivery", "HANDED_OFF", "reason", "started the workflow");
        });

        LocalCodeDeploy.Result result = codeDeploy.deploy("d-ABCDEFGHI", hooks, actions, Duration.ofSeconds(5));

        assertThat(result.succeeded()).isTrue();
        LocalCodeDeploy.HookRecord bat = result.hooks().get(3);
        assertThat(bat.name()).isEqualTo("BeforeAllowTraffic");
        assertThat(bat.durationMs()).isGreaterThanOrEqualTo(150);
        assertThat(bat.delivery()).isEqualTo("HANDED_OFF");
    }

    @Test
    void aHookThatNeverReportsFailsAtTheEndOfTheWindow() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = allSucceeding();
        hooks.put(LifecycleHook.BEFORE_INSTALL, (event, context) -> Map.of("delivery", "HANDED_OFF"));

        LocalCodeDeploy.Result result = codeDeploy.deploy("d-ABCDEFGHI", hooks, actions, Duration.ofMillis(100));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.reason().orElseThrow()).contains("hook window");
        assertThat(steps).singleElement().asString().startsWith("Rollback: ");
    }

    @Test
    void aHookLeftOpenPastItsWindowIsRecordedFailedAndALateReportIsAlreadyCompleted() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = allSucceeding();
        List<HookExecution> handedOff = new ArrayList<>();
        hooks.put(LifecycleHook.BEFORE_INSTALL, (event, context) -> {
            handedOff.add(new HookExecution(
                    (String) event.get("DeploymentId"), (String) event.get("LifecycleEventHookExecutionId")));
            return Map.of("delivery", "HANDED_OFF");
        });

        codeDeploy.deploy("d-ABCDEFGHI", hooks, actions, Duration.ofMillis(100));

        assertThat(codeDeploy.recordedHookStatus("d-ABCDEFGHI", "BeforeInstall"))
                .contains(HookStatus.FAILED);
        assertThat(codeDeploy.report(handedOff.get(0), HookStatus.SUCCEEDED))
                .isEqualTo(HookStatusReporter.Outcome.ALREADY_COMPLETED);
        assertThat(codeDeploy.recordedHookStatus("d-ABCDEFGHI", "AfterInstall")).isEmpty();
    }

    @Test
    void aReportedHookIsRecordedAsReported() {
        codeDeploy.deploy("d-ABCDEFGHI", allSucceeding(), actions, Duration.ofSeconds(5));

        assertThat(codeDeploy.recordedHookStatus("d-ABCDEFGHI", "BeforeAllowTraffic"))
                .contains(HookStatus.SUCCEEDED);
        assertThat(codeDeploy.recordedHookStatus("d-OTHER0000", "BeforeAllowTraffic"))
                .isEmpty();
    }

    @Test
    void refusesStatusesForOtherDeployments() {
        codeDeploy.deploy("d-ABCDEFGHI", allSucceeding(), actions, Duration.ofSeconds(5));

        assertThatThrownBy(() -> codeDeploy.report(new HookExecution("d-OTHER0000", "x"), HookStatus.SUCCEEDED))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("d-OTHER0000");
        assertThatThrownBy(() -> codeDeploy.report(new HookExecution("d-ABCDEFGHI", "unknown"), HookStatus.FAILED))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("unknown");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
