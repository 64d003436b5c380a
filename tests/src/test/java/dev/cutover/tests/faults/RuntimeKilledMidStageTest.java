package dev.cutover.tests.faults;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: the runtime is killed while a stage is shifted (its workflow never runs another state) and started
 * again over the same lock, ledger and load balancer. The dead deployment keeps the service's lock until its lease
 * ends; an operator's abort rolls it back at once; a deployment after the lease ended starts from where traffic
 * is; and the dead runtime, should it wake, cannot move traffic any more.
 */
class RuntimeKilledMidStageTest {

    private static final String NEXT = "d-FAULTS002";

    /** The runtime dies with 10% on green: the second ShiftTraffic never returns. */
    private static FaultWorld.Gate killedAfterTheFirstStage(FaultWorld world) throws Exception {
        FaultWorld.Gate secondStage = world.deliverAndHoldAt("ShiftTraffic", 2);
        world.restart();
        assertThat(world.traffic()).isEqualTo(new Weights(90, 10));
        return secondStage;
    }

    @Test
    void untilItsLeaseEndsTheDeadDeploymentKeepsTheLockAndANewOneIsReportedFailedNamingIt() throws Exception {
        FaultWorld world = new FaultWorld();
        killedAfterTheFirstStage(world);

        world.invoke("BeforeAllowTraffic", FaultWorld.hookEvent(NEXT, "eyJuZXh0IjoiaG9vayJ9"));
        world.awaitWorkflow(NEXT);

        assertThat(world.codeDeploy.reports(NEXT))
                .singleElement()
                .extracting(FaultWorld.Report::status)
                .isEqualTo(HookStatus.FAILED);
        assertThat(world.traffic())
                .as("the refused deployment touched no traffic")
                .isEqualTo(new Weights(90, 10));
        assertThat(world.liveLease())
                .hasValueSatisfying(l -> assertThat(l.deploymentId()).isEqualTo(FaultWorld.DEPLOYMENT));
    }

    @Test
    void anAbortAfterTheRestartRollsTheDeadDeploymentBackAndFreesTheService() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate zombie = killedAfterTheFirstStage(world);

        Map<String, Object> answer = world.invoke(
                "Abort",
                Map.of("deploymentId", FaultWorld.DEPLOYMENT, "reason", "runtime restarted", "requestedBy", "ops"));

        // CodeDeploy is not told: the hook's execution id was in the workflow's input, which died with the runtime
        // (as the local CodeDeploy did; on AWS the Step Functions execution outlives any function)
        assertThat(answer.get("message")).asString().contains("aborted deployment " + FaultWorld.DEPLOYMENT);
        assertThat(world.codeDeploy.reports()).isEmpty();
        assertThat(world.record(FaultWorld.DEPLOYMENT).status()).isEqualTo(Status.ABORTED);
        assertThat(world.record(FaultWorld.DEPLOYMENT).outcomeReason())
                .hasValueSatisfying(r -> assertThat(r).contains("runtime restarted"));
        assertThat(world.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(world.liveLease()).isEmpty();

        // the old runtime wakes: its shift is fenced off and moves nothing; its rollback reports the open hook
        zombie.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);
        assertThat(world.router.history(world.routing())).last().isEqualTo(Weights.ALL_BLUE);
        assertThat(world.record(FaultWorld.DEPLOYMENT).status()).isEqualTo(Status.ABORTED);
    }

    @Test
    void afterTheLeaseEndsTheNextDeploymentTakesTheServiceOverAndConverges() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate zombie = killedAfterTheFirstStage(world);
        Duration lease = Duration.between(
                world.clock.instant(), world.liveLease().orElseThrow().expiresAt());

        world.clock.advance(lease.plusSeconds(1));
        world.invoke("BeforeAllowTraffic", FaultWorld.hookEvent(NEXT, "eyJuZXh0IjoiaG9vayJ9"));
        world.awaitWorkflow(NEXT);
        world.assertEnded(NEXT, Status.PROMOTED, "");

        // the old runtime wakes after the next deployment ended: it must not take the listener back
        zombie.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);
        assertThat(world.router.history(world.routing()))
                .as("the listener's history")
                .last()
                .isEqualTo(Weights.ALL_GREEN);
        world.assertEnded(NEXT, Status.PROMOTED, "");
    }
}
