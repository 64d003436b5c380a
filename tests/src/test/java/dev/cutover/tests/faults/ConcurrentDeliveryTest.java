package dev.cutover.tests.faults;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.testing.Race;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: one event delivered more than once, one after the other and at the same moment (Lambda's
 * asynchronous invocation is at least once; EventBridge too), and two deployments of one service at once.
 */
class ConcurrentDeliveryTest {

    @Test
    void theSameHookEventDeliveredTwiceAtOnceStartsOneWorkflowAndIsReportedOnce() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate firstStage = world.faults.gate("ShiftTraffic", 1);

        List<Object> answers =
                Race.run(2, i -> () -> world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic()));
        firstStage.awaitReached();
        firstStage.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(Map.class));
        assertThat(world.faults.invocations("ValidateAndLock")).isEqualTo(1);
        assertThat(world.faults.invocations("ShiftTraffic")).isEqualTo(3);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.PROMOTED, "");
    }

    @Test
    void theSameHookEventDeliveredAgainAfterTheDeploymentEndedChangesNothing() throws Exception {
        FaultWorld world = new FaultWorld();
        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());

        assertThat(world.faults.invocations("ValidateAndLock")).isEqualTo(1);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.PROMOTED, "");
    }

    @Test
    void theSameAlarmTwiceAtOnceRollsBackOnceAndReportsOnce() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate judging = world.deliverAndHoldAt("JudgeHealth", 1);

        world.alarms.put(FaultWorld.ALARM, AlarmState.ALARM);
        List<Object> answers =
                Race.run(2, i -> () -> world.invoke("AlarmTrigger", FaultWorld.alarmEvent(FaultWorld.ALARM)));
        judging.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(Map.class));
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, FaultWorld.ALARM);
        // people: both deliveries decided the same rollback (the lease's ROLLING_BACK is a repeatable decision)
        // and the ledger's finish is idempotent, so when they overlap each may announce it: once or twice, the same
        assertThat(world.notifier.published())
                .as("notifications")
                .hasSizeBetween(1, 2)
                .allSatisfy(n -> assertThat(n.outcome()).isEqualTo(Status.ROLLED_BACK))
                .allSatisfy(n -> assertThat(n.reason()).contains(FaultWorld.ALARM));
    }

    @Test
    void anAlarmOfAnotherServiceDuringABakeChangesNothing() throws Exception {
        FaultWorld world = new FaultWorld();
        FaultWorld.Gate judging = world.deliverAndHoldAt("JudgeHealth", 1);

        world.invoke("AlarmTrigger", FaultWorld.alarmEvent("payments-5xx-rate"));
        judging.open();
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        world.assertEnded(FaultWorld.DEPLOYMENT, Status.PROMOTED, "");
    }

    @Test
    void twoDeploymentsOfOneServiceAtOnceOneRunsTheOtherIsReportedFailedNamingTheHolder() throws Exception {
        FaultWorld world = new FaultWorld();
        String other = "d-FAULTS002";
        // whichever takes the lock shifts first and waits there, so the other meets its lock
        FaultWorld.Gate winnerShifts = world.faults.gate("ShiftTraffic", 1);

        List<Object> answers = Race.run(
                2,
                i -> () -> world.invoke(
                        "BeforeAllowTraffic",
                        i == 0
                                ? FaultWorld.beforeAllowTraffic()
                                : FaultWorld.hookEvent(other, "eyJvdGhlciI6Imhvb2sifQ==")));
        winnerShifts.awaitReached();
        String winner = world.liveLease().orElseThrow().deploymentId();
        String loser = winner.equals(other) ? FaultWorld.DEPLOYMENT : other;
        world.awaitWorkflow(loser);
        winnerShifts.open();
        world.awaitWorkflow(winner);

        assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(Map.class));
        world.assertEnded(winner, Status.PROMOTED, "");
        assertThat(world.codeDeploy.reports(loser))
                .singleElement()
                .extracting(FaultWorld.Report::status)
                .isEqualTo(HookStatus.FAILED);
        assertThat(world.ledger.find(loser))
                .as("the refused deployment's ledger entry")
                .isEmpty();
        assertThat(world.notifier.published())
                .as("the refusal names the deployment holding the lock")
                .anySatisfy(n -> assertThat(n.reason()).contains(winner));
    }
}
