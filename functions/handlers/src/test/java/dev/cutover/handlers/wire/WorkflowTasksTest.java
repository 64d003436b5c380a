package dev.cutover.handlers.wire;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.ProductionRoute;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static dev.cutover.testing.WorkflowFixture.HOOK_EXECUTION_ID;
import static dev.cutover.testing.WorkflowFixture.PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tasks as the state machine calls them: maps in and out, shaped as docs/workflow.md says. */
class WorkflowTasksTest {

    final WorkflowFixture fx = new WorkflowFixture();
    final WorkflowTasks tasks = new WorkflowTasks(fx.tasks());

    static Map<String, Object> codeDeployInput() {
        return Map.of(
                "service",
                "orders",
                "specParameter",
                PARAMETER,
                "codeDeploy",
                Map.of(
                        "deploymentId",
                        CODEDEPLOY_ID,
                        "lifecycleEventHookExecutionId",
                        HOOK_EXECUTION_ID,
                        "hook",
                        "BeforeAllowTraffic"));
    }

    static Map<String, Object> wrapped(Map<String, Object> input, String executionName) {
        return Map.of(
                "input",
                input,
                "execution",
                Map.of(
                        "id",
                        WorkflowFixture.STATE_MACHINE.replace("stateMachine", "execution") + ":" + executionName,
                        "name",
                        executionName,
                        "startTime",
                        "2026-03-01T10:00:00Z"));
    }

    @Test
    void theWholeRoundTripThroughMaps() {
        Map<String, Object> deployment = tasks.validateAndLock(wrapped(codeDeployInput(), CODEDEPLOY_ID));

        assertThat(deployment)
                .containsEntry("deploymentId", CODEDEPLOY_ID)
                .containsEntry("service", "orders")
                .containsEntry("standalone", false)
                .containsEntry("specParameter", PARAMETER + ":1")
                .containsEntry("specVersion", "1")
                .containsKey("lockToken")
                .doesNotContainKey("spec");
        assertThat(deployment.get("stages"))
                .isEqualTo(List.of(
                        Map.of("index", 0, "percent", 10, "bakeSeconds", 60),
                        Map.of("index", 1, "percent", 50, "bakeSeconds", 60),
                        Map.of("index", 2, "percent", 100, "bakeSeconds", 60)));
        assertThat(deployment.get("codeDeploy")).isEqualTo(codeDeployInput().get("codeDeploy"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) deployment.get("stages");
        for (Map<String, Object> stage : stages) {
            Map<String, Object> weights = tasks.shiftTraffic(Map.of("deployment", deployment, "stage", stage));
            assertThat(weights).containsEntry("green", stage.get("percent")).containsKey("shiftedAt");
            fx.serve(150, 1, 150);
            fx.clock.advance(Duration.ofSeconds(60));
            Map<String, Object> verdict =
                    tasks.judgeHealth(Map.of("deployment", deployment, "stage", stage, "weights", weights));
            assertThat(verdict).containsEntry("status", "HEALTHY").containsEntry("alarmsInAlarm", List.of());
            assertThat(verdict.get("gates"))
                    .asList()
                    .singleElement()
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("metric", "ERROR_RATE_5XX")
                    .containsEntry("greenRequests", 150L)
                    .containsEntry("status", "HEALTHY")
                    .containsKey("reason");
        }
        Map<String, Object> state = new LinkedHashMap<>(codeDeployInput());
        state.put("deployment", deployment);
        Map<String, Object> result = tasks.finalizeDeployment(state);

        assertThat(result).containsEntry("status", "PROMOTED").containsEntry("stageReached", 100);
        assertThat(fx.traffic()).isEqualTo(Weights.ALL_GREEN);
    }

    @Test
    void rollbackReadsTheCaughtErrorAndReturnsReasonAndWeights() {
        Map<String, Object> deployment = tasks.validateAndLock(wrapped(codeDeployInput(), CODEDEPLOY_ID));
        tasks.shiftTraffic(
                Map.of("deployment", deployment, "stage", Map.of("index", 0, "percent", 10, "bakeSeconds", 60)));
        Map<String, Object> state = new LinkedHashMap<>(codeDeployInput());
        state.put("deployment", deployment);
        state.put(
                "error",
                Map.of(
                        "Error",
                        "dev.cutover.core.error.HealthGateFailedException",
                        "Cause",
                        "{\"errorMessage\":\"green 5xx rate 4.1% over 1 210 requests > 1%\",\"errorType\":"
                                + "\"dev.cutover.core.error.HealthGateFailedException\",\"stackTrace\":[]}"));

        Map<String, Object> rollback = tasks.rollBack(state, Duration.ofMinutes(10));

        assertThat(rollback)
                .containsEntry("reason", "HealthGateFailedException: green 5xx rate 4.1% over 1 210 requests > 1%")
                .containsEntry("weights", Map.of("blue", 100, "green", 0))
                .containsEntry("status", "ROLLED_BACK");
        assertThat(fx.record(CODEDEPLOY_ID).status()).isEqualTo(Status.ROLLED_BACK);
    }

    @Test
    void rollbackWithoutADeploymentOnlyTellsCodeDeployAndPeople() {
        Map<String, Object> state = new LinkedHashMap<>(codeDeployInput());
        state.put(
                "error", Map.of("Error", "dev.cutover.core.error.SpecException", "Cause", "invalid Cutover spec ..."));

        Map<String, Object> rollback = tasks.rollBack(state, Duration.ofMinutes(10));

        assertThat(rollback)
                .containsEntry("weights", null)
                .containsEntry("status", "FAILED")
                .containsEntry("reason", "SpecException: invalid Cutover spec ...");
        assertThat(fx.router.requested(fx.routing())).isEmpty();
        org.mockito.Mockito.verify(fx.hooks)
                .report(WorkflowFixture.HOOK, dev.cutover.core.port.model.HookStatus.FAILED);
    }

    @Test
    void aBareInputWithoutExecutionMustNameItsDeployment() {
        Map<String, Object> input = Map.of("service", "orders", "specParameter", PARAMETER);

        assertThatThrownBy(() -> tasks.validateAndLock(input))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("deploymentId: missing");
    }

    @Test
    void everyInputProblemIsNamedByItsPath() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("service", "Orders!");
        input.put("spec", Map.of());
        input.put("specParameter", "/cutover/orders/spec");
        input.put("codeDeploy", Map.of("deploymentId", "12345", "hook", "BeforeDeploy"));
        input.put("specParamter", "/typo");

        assertThatThrownBy(() -> tasks.validateAndLock(wrapped(input, "x")))
                .isInstanceOfSatisfying(
                        InvalidWorkflowInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::path)
                                .containsExactlyInAnyOrder(
                                        "specParamter",
                                        "service",
                                        "specParameter",
                                        "codeDeploy.deploymentId",
                                        "codeDeploy.lifecycleEventHookExecutionId",
                                        "codeDeploy.hook"));
    }

    @Test
    void aPayloadWithoutAPlanIsRefusedNamingTheField() {
        assertThatThrownBy(() -> tasks.shiftTraffic(Map.of("stage", Map.of("index", 0))))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("deployment: missing")
                .hasMessageContaining("stage.percent: missing");
    }

    @Test
    void reasonsComeFromTheCatchsErrorAndCause() {
        assertThat(WorkflowTasks.reasonFrom(JsonMaps.tree(Map.of("Error", "States.Timeout", "Cause", ""))))
                .as("AwaitApproval is the one state with a timeout")
                .isEqualTo("Timeout: the approval gate timed out without an answer (States.Timeout)");
        assertThat(WorkflowTasks.reasonFrom(JsonMaps.tree(Map.of(
                        "Error",
                        "dev.cutover.core.error.TrafficShiftException",
                        "Cause",
                        "{\"errorMessage\":\"did not take\\nat all\"}"))))
                .isEqualTo("TrafficShiftException: did not take; at all");
        assertThat(WorkflowTasks.reasonFrom(JsonMaps.JSON.missingNode())).contains("$.error is missing");
    }

    @Test
    void aPlanSurvivesTheTripThroughJson() {
        Map<String, Object> deployment = tasks.validateAndLock(wrapped(codeDeployInput(), CODEDEPLOY_ID));

        DeploymentPlan plan = PlanJson.planFromMap(deployment);

        assertThat(PlanJson.toMap(plan)).isEqualTo(deployment);
        assertThat(plan.codeDeploy())
                .contains(WorkflowFixture.hook(dev.cutover.core.hook.LifecycleHook.BEFORE_ALLOW_TRAFFIC));
        // what a rollback needs when the spec can no longer be read
        assertThat(plan.route()).contains(fx.spec().routing().productionRoute());
        assertThat(deployment).containsKey("productionRoute");
    }

    @Test
    void aPlanShiftingDnsRecordsKeepsThemThroughTheTripSoARollbackWithoutTheSpecCanPutBlueBack() {
        DeploymentPlan planned = PlanJson.planFromMap(tasks.validateAndLock(wrapped(codeDeployInput(), CODEDEPLOY_ID)));
        for (DnsRecords records : List.of(
                new DnsRecords(
                        "Z0123456789ABCDEFGHIJ",
                        "orders.example.com",
                        DnsRecords.Type.CNAME,
                        Optional.of(Duration.ofSeconds(30)),
                        List.of("orders-a", "orders-b")),
                new DnsRecords(
                        "Z0123456789ABCDEFGHIJ",
                        "orders.example.com.",
                        DnsRecords.Type.A,
                        Optional.empty(),
                        List.of("orders-a", "orders-b")))) {
            ProductionRoute route = new ProductionRoute(
                    planned.route().orElseThrow().listenerArn(), Optional.empty(), Optional.of(records));
            DeploymentPlan plan = planned.withRoute(route);

            Map<String, Object> json = PlanJson.toMap(plan);

            assertThat(PlanJson.planFromMap(json).route()).contains(route);
        }
    }

    @Test
    void aPlanMadeBeforeItRecordedItsRouteIsStillRead() {
        Map<String, Object> deployment =
                new java.util.LinkedHashMap<>(tasks.validateAndLock(wrapped(codeDeployInput(), CODEDEPLOY_ID)));
        deployment.remove("productionRoute");

        assertThat(PlanJson.planFromMap(deployment).route()).isEmpty();
    }
}
