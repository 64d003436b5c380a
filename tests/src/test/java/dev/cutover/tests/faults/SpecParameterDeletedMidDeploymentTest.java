package dev.cutover.tests.faults;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.Weights;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.ExecutionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: the spec's SSM parameter is deleted (every version at once, as DeleteParameter does) while a
 * deployment is between two stages. The next stage cannot load its pinned spec and the workflow rolls back; the
 * rollback cannot either, and without the spec Cutover has no listener to put back on blue. What it can do, it does:
 * CodeDeploy is told Failed once (so CodeDeploy's own rollback reroutes production to the original target group),
 * the ledger says the rollback failed and why, with the split the listener was last set to, and the lock is kept so
 * that no other deployment starts on top of a listener that may still send traffic to green.
 */
class SpecParameterDeletedMidDeploymentTest {

    @Test
    void theRollbackFailsLoudlyNamingTheMissingParameterTellsCodeDeployOnceAndKeepsTheLock() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate secondStage = world.deliverAndHoldAt("ShiftTraffic", 2);

        world.specs.delete();
        secondStage.open();
        ExecutionResult run = world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(run.status()).as("%s", run).isEqualTo(ExecutionStatus.FAILED);
        DeploymentRecord record = world.record(FaultWorld.DEPLOYMENT);
        assertThat(record.status()).isEqualTo(Status.FAILED);
        assertThat(record.outcomeReason())
                .hasValueSatisfying(
                        r -> assertThat(r).contains("rollback failed").contains("parameter not found"));
        assertThat(world.codeDeploy.reports(FaultWorld.DEPLOYMENT))
                .singleElement()
                .extracting(FaultWorld.Report::status)
                .isEqualTo(HookStatus.FAILED);
        Weights lastSet = new Weights(90, 10);
        assertThat(world.traffic()).isEqualTo(lastSet);
        assertThat(record.stagesReached())
                .last()
                .satisfies(e ->
                        assertThat(new Weights(e.blueWeight(), e.greenWeight())).isEqualTo(lastSet));
        assertThat(world.liveLease())
                .as("the lock, kept while traffic may be on green")
                .hasValueSatisfying(l -> assertThat(l.deploymentId()).isEqualTo(FaultWorld.DEPLOYMENT));
        assertThat(world.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("parameter not found"));
    }
}
