package dev.cutover.tests.faults;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.Weights;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.ExecutionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: the spec's SSM parameter is deleted (every version at once, as DeleteParameter does) while a
 * deployment is between two stages. The next stage cannot load its pinned spec and the workflow rolls back. The
 * rollback cannot load it either, but it does not need to: the plan carries the production route ValidateAndLock
 * resolved, so traffic goes straight back to 100% blue, the deployment ends ROLLED_BACK with a reason naming the
 * missing parameter, CodeDeploy is told Failed once, and the lock is free.
 */
class SpecParameterDeletedMidDeploymentTest {

    @Test
    void theRollbackPutsTrafficBackOnBlueFromThePlansRouteAndSaysTheSpecIsGone() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate secondStage = world.deliverAndHoldAt("ShiftTraffic", 2);

        world.specs.delete();
        secondStage.open();
        ExecutionResult run = world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(run.status()).as("%s", run).isEqualTo(ExecutionStatus.FAILED);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, "parameter not found");
        DeploymentRecord record = world.record(FaultWorld.DEPLOYMENT);
        assertThat(record.outcomeReason())
                .hasValueSatisfying(r -> assertThat(r).contains("the spec could not be read"));
        assertThat(record.stagesReached())
                .last()
                .satisfies(e ->
                        assertThat(new Weights(e.blueWeight(), e.greenWeight())).isEqualTo(Weights.ALL_BLUE));
        assertThat(world.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.outcome()).isEqualTo(Status.ROLLED_BACK));
    }
}
