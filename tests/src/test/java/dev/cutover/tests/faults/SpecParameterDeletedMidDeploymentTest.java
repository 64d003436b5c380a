package dev.cutover.tests.faults;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: the spec's SSM parameter is deleted (every version at once, as DeleteParameter does) while a
 * deployment is between two stages.
 */
class SpecParameterDeletedMidDeploymentTest {

    @Test
    void theDeploymentRollsBackToBlueNamingTheMissingParameter() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate secondStage = world.faults.gate("ShiftTraffic", 2);

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        secondStage.awaitReached();
        world.specs.delete();
        secondStage.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, "parameter not found");
        assertThat(world.notifier.published()).isNotEmpty();
    }
}
