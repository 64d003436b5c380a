package dev.cutover.tests.statemachine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cutover.core.plan.DeploymentEstimate;
import dev.cutover.core.plan.DeploymentEstimate.Entry;
import dev.cutover.core.plan.DeploymentEstimator;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover plan}'s numbers are what a run records: the deployment state machine runs on the in-process
 * engine with the mock config's happy paths, and the states entered, the billed transitions and the Lambda
 * invocations of its history equal {@link DeploymentEstimator}'s for a spec with the same stages.
 *
 * <p>A transition is counted as AWS bills it (Step Functions pricing, https://aws.amazon.com/step-functions/pricing/:
 * "Step Functions counts a state transition each time a step of your workflow is executed ... including retries"):
 * every {@code *StateEntered} event plus every retry attempt ({@link ExecutionHistory#billedTransitions()}).
 */
class PlanTransitionsTest {

    /**
     * examples/minimal.cutover.yaml with the stages the mock config's ValidateAndLock returns: their percents and
     * bakes, and an approval gate where the mocked stage has one (of one minute: the states entered depend on the
     * gate's presence, and a short one keeps the spec inside the hook window), plus a rollback window if asked.
     */
    static CutoverSpec specWithTheMockedStages(JsonNode mockedPlan, boolean rollbackWindow) {
        StringBuilder stages = new StringBuilder();
        for (JsonNode stage : mockedPlan.path("stages")) {
            stages.append("    - { percent: ")
                    .append(stage.path("percent").asInt())
                    .append(", bakeSeconds: ")
                    .append(stage.path("bakeSeconds").asInt())
                    .append(stage.has("approvalTimeoutSeconds") ? ", approval: { timeoutMinutes: 1 }" : "")
                    .append(" }\n");
        }
        String minimal = RepoFiles.read("examples/minimal.cutover.yaml");
        String line = "    - { percent: 100, bakeSeconds: 300 }\n";
        assertThat(minimal).contains(line);
        String spec =
                minimal.replace(line, stages.toString()) + (rollbackWindow ? "rollback:\n  windowMinutes: 30\n" : "");
        return SpecParser.parse(spec, "minimal with the mocked stages");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "StandaloneHappyPath, events/workflow-input-standalone.json, ValidateAndLockStandalone, STANDALONE, false",
        "HappyPath, events/workflow-input-codedeploy.json, ValidateAndLockCodeDeploy, CODEDEPLOY, false",
        "ApprovedAtStage2, events/workflow-input-codedeploy.json, ValidateAndLockWithApprovalGate, CODEDEPLOY, false",
        "PromotedWithRollbackWindow, events/workflow-input-codedeploy.json, ValidateAndLockCodeDeploy, CODEDEPLOY, true"
    })
    void thePlansTransitionsAreThoseOfARunOfTheSameStages(
            String testCase, String input, String mockedPlan, Entry entry, boolean rollbackWindow) {
        DeploymentStateMachineTest.load();
        JsonNode plan = DeploymentStateMachineTest.mockReturn(mockedPlan, 0);
        DeploymentEstimate estimate =
                DeploymentEstimator.estimate(specWithTheMockedStages(plan, rollbackWindow), entry);

        ExecutionHistory run = DeploymentStateMachineTest.run(testCase, input);

        assertThat(run.result().succeeded()).as(run.describe()).isTrue();
        assertThat(estimate.transitions().states()).isEqualTo(run.entered());
        assertThat(estimate.transitions().success()).isEqualTo(run.billedTransitions());

        Map<String, Integer> invoked = new LinkedHashMap<>();
        run.lambdaEvents().stream()
                .filter(t -> t.event().type().equals("LambdaFunctionScheduled"))
                .forEach(t -> invoked.merge(t.state(), 1, Integer::sum));
        // AwaitApproval invokes RequestApproval through the lambda:invoke.waitForTaskToken integration: TaskScheduled
        run.ofType("TaskScheduled").forEach(e -> invoked.merge("RequestApproval", 1, Integer::sum));
        Map<String, Integer> planned = new LinkedHashMap<>(estimate.invocations());
        // CodeDeploy invokes the lifecycle hooks outside the state machine
        planned.keySet()
                .removeAll(List.of(
                        "BeforeInstall",
                        "AfterInstall",
                        "AfterAllowTestTraffic",
                        "BeforeAllowTraffic",
                        "AfterAllowTraffic"));
        assertThat(planned).isEqualTo(invoked);
    }

    @org.junit.jupiter.api.Test
    void theMetricWaitRetrierIsTheOneTheEstimatorCounts() {
        DeploymentStateMachineTest.load();
        List<JsonNode> retriers = new ArrayList<>();
        Asl.allStates(DeploymentStateMachineTest.asl).stream()
                .filter(s -> s.name().equals("JudgeHealth"))
                .forEach(s -> s.state().path("Retry").forEach(retriers::add));
        JsonNode metrics = retriers.stream()
                .filter(r -> r.path("ErrorEquals").toString().contains("MetricsNotPublishedYetException"))
                .findFirst()
                .orElseThrow();
        assertThat(metrics.path("IntervalSeconds").asDouble())
                .isEqualTo(DeploymentEstimator.METRIC_RETRY_INTERVAL_SECONDS);
        assertThat(metrics.path("BackoffRate").asDouble()).isEqualTo(DeploymentEstimator.METRIC_RETRY_BACKOFF);
        assertThat(metrics.path("MaxDelaySeconds").asDouble())
                .isEqualTo(DeploymentEstimator.METRIC_RETRY_MAX_DELAY_SECONDS);
        assertThat(metrics.path("MaxAttempts").asInt()).isEqualTo(DeploymentEstimator.METRIC_RETRY_MAX_ATTEMPTS);
    }
}
