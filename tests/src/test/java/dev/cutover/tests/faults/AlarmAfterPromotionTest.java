package dev.cutover.tests.faults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.Weights;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: an alarm of the service after its promotion, while the workflow waits out the spec's rollback window
 * (blue is kept until the window closes). The alarm path rolls the promotion back: traffic all blue, the ledger
 * ROLLED_BACK naming the alarm, CodeDeploy's BeforeAllowTraffic answered Succeeded once (at the promotion) and the
 * deployment stopped with auto-rollback (no hook is left open to fail), the lock free and the execution stopped.
 */
class AlarmAfterPromotionTest {

    @Test
    void anAlarmInsideTheRollbackWindowPutsThePromotionBackOnBlue() throws Exception {
        FaultWorld world = new FaultWorld();
        world.editSpec(spec -> spec.putObject("rollback").put("windowMinutes", 30));
        FaultWorld.Gate windowOpen = world.deliverAndHoldAt("CloseRollbackWindow", 1);
        assertThat(world.record(FaultWorld.DEPLOYMENT).status()).isEqualTo(Status.PROMOTED);
        assertThat(world.traffic()).isEqualTo(Weights.ALL_GREEN);

        world.alarms.put(FaultWorld.ALARM, AlarmState.ALARM);
        Map<String, Object> answer = world.invoke("AlarmTrigger", FaultWorld.alarmEvent(FaultWorld.ALARM));
        windowOpen.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(answer).isNotNull();
        DeploymentRecord record = world.record(FaultWorld.DEPLOYMENT);
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason()).hasValueSatisfying(r -> assertThat(r).contains(FaultWorld.ALARM));
        assertThat(world.traffic()).isEqualTo(Weights.ALL_BLUE);
        assertThat(world.codeDeploy.reports(FaultWorld.DEPLOYMENT))
                .singleElement()
                .extracting(FaultWorld.Report::status)
                .isEqualTo(dev.cutover.core.port.model.HookStatus.SUCCEEDED);
        assertThat(world.codeDeploy.stops()).containsExactly(FaultWorld.DEPLOYMENT);
        assertThat(world.liveLease()).isEmpty();
        assertThat(world.workflowRunning(FaultWorld.DEPLOYMENT)).isFalse();
    }
}
