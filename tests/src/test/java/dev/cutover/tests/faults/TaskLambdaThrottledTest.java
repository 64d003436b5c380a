package dev.cutover.tests.faults;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.ExecutionStatus;
import dev.cutover.states.StatesError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix: a task's Lambda function is throttled. Lambda answers the invocation itself with
 * TooManyRequestsException (the function never runs), which Step Functions names {@code
 * Lambda.TooManyRequestsException} and the workflow retries with back-off
 * (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html).
 */
class TaskLambdaThrottledTest {

    private static final String THROTTLED = "Lambda.TooManyRequestsException";

    private static StatesError throttled() {
        return new StatesError(THROTTLED, "Rate Exceeded. (Service: Lambda, Status Code: 429)");
    }

    @Test
    void aShiftThrottledTwiceIsRetriedAndTheDeploymentIsPromoted() throws Exception {
        FaultWorld world = new FaultWorld();
        world.faults.failBefore("ShiftTraffic", n -> n <= 2 ? throttled() : null);

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        ExecutionResult run = world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(run.status()).as("%s", run).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(world.faults.invocations("ShiftTraffic")).isEqualTo(3 + 2);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.PROMOTED, "");
    }

    @Test
    void aShiftThrottledBeyondItsRetriesRollsBackToBlueNamingTheThrottling() throws Exception {
        FaultWorld world = new FaultWorld();
        // the first stage shifts; from the second on, every invocation of ShiftTraffic is throttled
        world.faults.failBefore("ShiftTraffic", n -> n >= 2 ? throttled() : null);

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        ExecutionResult run = world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(run.status()).as("%s", run).isEqualTo(ExecutionStatus.FAILED);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, "TooManyRequestsException");
        assertThat(world.router.history(world.routing()))
                .as("green had 10% before the throttling, then all went back to blue")
                .containsExactly(
                        dev.cutover.core.port.model.Weights.ALL_BLUE,
                        new dev.cutover.core.port.model.Weights(90, 10),
                        dev.cutover.core.port.model.Weights.ALL_BLUE);
    }

    @Test
    void aThrottledRollbackIsRetriedAndStillEndsOnBlue() throws Exception {
        FaultWorld world = new FaultWorld();
        world.alarms.put(FaultWorld.ALARM, dev.cutover.core.port.AlarmStateReader.AlarmState.ALARM);
        world.faults.failBefore("Rollback", n -> n <= 2 ? throttled() : null);

        world.invoke("BeforeAllowTraffic", FaultWorld.beforeAllowTraffic());
        world.awaitWorkflow(FaultWorld.DEPLOYMENT);

        assertThat(world.faults.invocations("Rollback")).isEqualTo(3);
        world.assertEnded(FaultWorld.DEPLOYMENT, Status.ROLLED_BACK, FaultWorld.ALARM);
    }
}
