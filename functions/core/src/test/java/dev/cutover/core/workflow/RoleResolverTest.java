package dev.cutover.core.workflow;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.memory.InMemoryTrafficRouter;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.BLUE_TG;
import static dev.cutover.testing.WorkflowFixture.GREEN_TG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Blue is a role of one deployment: the spec names the pair, the deployment decides which one is live. */
class RoleResolverTest {

    final CutoverSpec spec = SpecParser.parse(WorkflowFixture.specJson(null), "test");
    final DeploymentControl codeDeploy = mock(DeploymentControl.class);
    final Optional<CodeDeployHook> hook = Optional.of(new CodeDeployHook(
            WorkflowFixture.CODEDEPLOY_ID,
            WorkflowFixture.HOOK_EXECUTION_ID,
            dev.cutover.core.hook.LifecycleHook.BEFORE_ALLOW_TRAFFIC));

    TargetGroupRoles standalone(Weights route) {
        // the route's split as the load balancer holds it, in the spec's order of the pair
        return new RoleResolver(new InMemoryTrafficRouter(route), codeDeploy)
                .resolve(spec.routing(), Optional.empty(), "spec");
    }

    @Test
    void standaloneBlueIsTheGroupServingAllOfProductionNow() {
        assertThat(standalone(Weights.ALL_BLUE)).isEqualTo(new TargetGroupRoles(BLUE_TG, GREEN_TG));
        // after a promotion the second group serves everything: it is this deployment's blue
        assertThat(standalone(Weights.ALL_GREEN)).isEqualTo(new TargetGroupRoles(GREEN_TG, BLUE_TG));
        verifyNoInteractions(codeDeploy);
    }

    @Test
    void aSplitRouteRefusesToStartNamingTheWeightsItFound() {
        assertThatThrownBy(() -> standalone(new Weights(70, 30)))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("routing.targetGroupArns")
                .hasMessageContaining("70% to " + BLUE_TG)
                .hasMessageContaining("30% to " + GREEN_TG);
    }

    @Test
    void underCodeDeployTheDeploymentSaysWhichGroupIsBlue() {
        when(codeDeploy.targetGroupRoles(WorkflowFixture.CODEDEPLOY_ID, List.of(BLUE_TG, GREEN_TG)))
                .thenReturn(new TargetGroupRoles(GREEN_TG, BLUE_TG));
        InMemoryTrafficRouter router = new InMemoryTrafficRouter();

        TargetGroupRoles roles = new RoleResolver(router, codeDeploy).resolve(spec.routing(), hook, "spec");

        assertThat(roles).isEqualTo(new TargetGroupRoles(GREEN_TG, BLUE_TG));
    }

    @Test
    void aCodeDeployDeploymentOnOtherGroupsIsRefused() {
        String other = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/0000000000000000";
        when(codeDeploy.targetGroupRoles(WorkflowFixture.CODEDEPLOY_ID, List.of(BLUE_TG, GREEN_TG)))
                .thenReturn(new TargetGroupRoles(other, BLUE_TG));

        assertThatThrownBy(() ->
                        new RoleResolver(new InMemoryTrafficRouter(), codeDeploy).resolve(spec.routing(), hook, "spec"))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining(other);
    }

    @Test
    void theSecondDeploymentShiftsTowardsTheGroupThatIsNotLiveAndRollsBackToTheLiveOne() {
        WorkflowFixture fx = new WorkflowFixture();
        // the first deployment promoted: GREEN_TG serves everything, so CodeDeploy's next replacement is BLUE_TG
        fx.router = new InMemoryTrafficRouter(Weights.ALL_GREEN);
        when(fx.codeDeploy.targetGroupRoles(WorkflowFixture.CODEDEPLOY_ID, List.of(BLUE_TG, GREEN_TG)))
                .thenReturn(new TargetGroupRoles(GREEN_TG, BLUE_TG));
        var tasks = fx.tasks();

        DeploymentPlan plan = tasks.validateAndLock().run(WorkflowFixture.codeDeployInput(), Optional.empty());
        assertThat(plan.roles()).isEqualTo(new TargetGroupRoles(GREEN_TG, BLUE_TG));
        assertThat(fx.ledger.find(plan.deploymentId()).orElseThrow().roles()).contains(plan.roles());
        tasks.shiftTraffic().run(plan, plan.stages().get(0));

        // 10% to the new version (BLUE_TG), not 90%; the route holds it per group: GREEN_TG 90, BLUE_TG 10
        var pairOrder = spec.routing().withRoles(new TargetGroupRoles(BLUE_TG, GREEN_TG));
        assertThat(fx.router.read(pairOrder)).isEqualTo(new Weights(10, 90));

        tasks.rollback().run(plan, "HealthGateFailedException: test", java.time.Duration.ofMinutes(5));
        // back to the group that was live: GREEN_TG at 100%
        assertThat(fx.router.read(pairOrder)).isEqualTo(Weights.ALL_GREEN);
        org.mockito.Mockito.verify(fx.hooks).report(WorkflowFixture.HOOK, HookStatus.FAILED);
    }
}
