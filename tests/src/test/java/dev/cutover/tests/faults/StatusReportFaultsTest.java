package dev.cutover.tests.faults;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.Weights;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: the workflow's status report to CodeDeploy (PutLifecycleEventHookExecutionStatus) is throttled
 * beyond the AWS client's own retries, then gets through; or fails for good. The client's retries are
 * CodeDeployHookStatusReporterTest's; what reaches the workflow is the adapter's TransientDependencyException
 * (throttling) or DependencyException.
 */
class StatusReportFaultsTest {

    private static TransientDependencyException throttled() {
        return new TransientDependencyException(
                "CodeDeploy PutLifecycleEventHookExecutionStatus for d-FAULTS001: ThrottlingException: Rate exceeded",
                null);
    }

    @Test
    void aPromotionWhoseReportIsThrottledThenGetsThroughIsReportedOnce() throws Exception {
        FaultWorld world = new FaultWorld();
        world.codeDeploy.reportFault = attempt -> attempt <= 2 ? throttled() : null;

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(world.codeDeploy.attempts()).isEqualTo(3);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.PROMOTED, "");
    }

    @Test
    void aRollbackWhoseReportIsThrottledThenGetsThroughIsReportedOnce() throws Exception {
        FaultWorld world = new FaultWorld();
        world.alarms.put(FaultWorld.ALARM, AlarmState.ALARM);
        world.codeDeploy.reportFault = attempt -> attempt <= 2 ? throttled() : null;

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(world.codeDeploy.attempts()).isEqualTo(3);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, FaultWorld.ALARM);
    }

    @Test
    void aRollbackWhoseReportFailsForGoodStillPutsTrafficOnBlueAndSaysCodeDeployWasNotTold() throws Exception {
        FaultWorld world = new FaultWorld();
        world.alarms.put(FaultWorld.ALARM, AlarmState.ALARM);
        world.codeDeploy.reportFault = attempt -> new DependencyException(
                "CodeDeploy PutLifecycleEventHookExecutionStatus for d-FAULTS001: AccessDeniedException");

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        // CodeDeploy never heard: its hook times out and fails the deployment itself; everything else is said
        assertThat(world.codeDeploy.reports()).isEmpty();
        assertThat(world.traffic()).isEqualTo(Weights.ALL_BLUE);
        DeploymentRecord record = world.record(FaultWorld.DEPLOYMENT);
        assertThat(record.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(record.outcomeReason())
                .hasValueSatisfying(r -> assertThat(r)
                        .contains(FaultWorld.ALARM)
                        .contains("CodeDeploy was not told")
                        .contains("AccessDenied"));
        assertThat(world.liveLease()).isEmpty();
        assertThat(world.notifier.published())
                .singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("CodeDeploy was not told"));
        assertThat(world.workflowRunning(FaultWorld.DEPLOYMENT)).isFalse();
    }
}
