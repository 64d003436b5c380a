package dev.cutover.handlers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.JudgeFinding;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.handlers.wire.RecordJson;
import dev.cutover.handlers.wiring.MockPorts;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.memory.InMemoryDeploymentLedger;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Query function on the sample requests in {@code events/}, over an in-memory ledger. */
class QueryHandlerTest {

    static final String BLUE =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/0123456789abcdef";
    static final String GREEN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-b/fedcba9876543210";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);
    QueryHandler handler;

    @BeforeEach
    void wire() {
        handler = new QueryHandler(WorkflowDependencies.of(
                MockPorts.builder().ledger(ledger).clock(clock).build()));
    }

    Map<String, Object> invoke(Map<String, Object> request) {
        return handler.handleRequest(request, new FakeContext(Duration.ofSeconds(30), "cutover-orders-query"));
    }

    /** d-OLDER promoted with a window closed; d-ABCDEF123 in flight, waiting at stage 1's approval. */
    void twoDeployments() {
        ledger.start(DeploymentRecord.started("d-OLDER0001", "orders", "2", clock.instant()));
        ledger.finish("d-OLDER0001", Status.PROMOTED, "all stages healthy", clock.instant());
        ledger.openRollbackWindow("d-OLDER0001", clock.instant().plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofHours(1));
        ledger.closeRollbackWindow("d-OLDER0001", clock.instant());
        ledger.start(DeploymentRecord.started(
                "d-ABCDEF123", "orders", "3", clock.instant(), new TargetGroupRoles(BLUE, GREEN)));
        ledger.stageReached("d-ABCDEF123", new StageEntry(0, 10, 90, 10, "shifted", clock.instant()));
        ledger.awaitApproval(
                "d-ABCDEF123",
                new PendingApproval(
                        "AQCEAAAAKgAAAAMAAAAA",
                        1,
                        50,
                        clock.instant(),
                        clock.instant().plus(Duration.ofHours(1))));
    }

    @Test
    void statusOfADeploymentIsItsWholeRecord() {
        twoDeployments();

        Map<String, Object> answer = invoke(Fixture.event("query-status-deployment.json"));

        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) answer.get("deployment");
        assertThat(record)
                .containsEntry("deploymentId", "d-ABCDEF123")
                .containsEntry("service", "orders")
                .containsEntry("specVersion", "3")
                .containsEntry("status", "IN_PROGRESS")
                .containsEntry("startedAt", "2026-03-01T11:00:00Z")
                .containsEntry("blueTargetGroup", BLUE)
                .containsEntry("greenTargetGroup", GREEN)
                .doesNotContainKeys("finishedAt", "outcomeReason", "rollbackWindow");
        assertThat(record.get("stages"))
                .isEqualTo(List.of(Map.of(
                        "index", 0,
                        "percent", 10,
                        "blueWeight", 90,
                        "greenWeight", 10,
                        "verdict", "shifted",
                        "at", "2026-03-01T11:00:00Z")));
        assertThat(record.get("pendingApproval"))
                .isEqualTo(Map.of(
                        "taskToken", "AQCEAAAAKgAAAAMAAAAA",
                        "stageIndex", 1,
                        "percent", 50,
                        "requestedAt", "2026-03-01T11:00:00Z",
                        "expiresAt", "2026-03-01T12:00:00Z"));
        assertThat(RecordJson.read(record))
                .as("the CLI reads the record back as the ledger holds it")
                .isEqualTo(ledger.find("d-ABCDEF123").orElseThrow());
    }

    @Test
    void aStatisticallyJudgedStageCarriesItsFindingsAsData() {
        // given the in-flight deployment's stage judged by the statistical judge
        twoDeployments();
        JudgeFinding latency = new JudgeFinding(
                "latency",
                "mann-whitney-u",
                OptionalDouble.of(41.5),
                OptionalDouble.of(57.25),
                0.81,
                0.999,
                0.95,
                1_204,
                1_198,
                JudgeFinding.Direction.WORSE,
                JudgeFinding.Outcome.FAIL,
                "latency worse: blue median 41.5 ms vs green 57.3 ms");
        JudgeFinding errors = new JudgeFinding(
                "5xx-rate",
                "fisher-exact",
                OptionalDouble.empty(),
                OptionalDouble.of(0.0),
                0,
                0,
                0.95,
                12,
                0,
                JudgeFinding.Direction.SAME,
                JudgeFinding.Outcome.INCONCLUSIVE,
                "5xx-rate inconclusive: too few requests");
        ledger.stageReached(
                "d-ABCDEF123",
                new StageEntry(
                        0,
                        10,
                        90,
                        10,
                        "UNHEALTHY: statistical latency worse",
                        clock.instant(),
                        List.of(latency, errors)));

        // when its status is asked for
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>)
                invoke(Fixture.event("query-status-deployment.json")).get("deployment");

        // then the stage's findings are in the answer, field by field, and read back as the ledger holds them
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) record.get("stages");
        assertThat(stages.get(0)).doesNotContainKey("findings");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings =
                (List<Map<String, Object>>) stages.get(1).get("findings");
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0))
                .containsEntry("metric", "latency")
                .containsEntry("test", "mann-whitney-u")
                .containsEntry("blueValue", 41.5)
                .containsEntry("greenValue", 57.25)
                .containsEntry("confidence", 0.999)
                .containsEntry("neededConfidence", 0.95)
                .containsEntry("direction", "WORSE")
                .containsEntry("outcome", "FAIL");
        assertThat(findings.get(1)).containsEntry("blueValue", null).containsEntry("outcome", "INCONCLUSIVE");
        assertThat(RecordJson.read(record).stagesReached().get(1).findings()).containsExactly(latency, errors);
    }

    @Test
    void statusOfAServiceIsTheDeploymentInFlightElseTheNewest() {
        twoDeployments();
        assertThat(deploymentId(invoke(Fixture.event("query-status-service.json"))))
                .contains("d-ABCDEF123");

        ledger.finish("d-ABCDEF123", Status.ABORTED, "aborted by alice", clock.instant());
        Map<String, Object> answer = invoke(Fixture.event("query-status-service.json"));
        assertThat(deploymentId(answer)).contains("d-ABCDEF123");
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) answer.get("deployment");
        assertThat(record)
                .containsEntry("status", "ABORTED")
                .containsEntry("outcomeReason", "aborted by alice")
                .doesNotContainKey("pendingApproval");
    }

    @Test
    void statusOfAnUnknownDeploymentOrServiceIsNull() {
        Map<String, Object> answer = invoke(Fixture.event("query-status-deployment.json"));
        assertThat(answer).containsEntry("deployment", null).hasSize(1);
        assertThat(invoke(Map.of("action", "status", "service", "payments"))).containsEntry("deployment", null);
    }

    @Test
    void historyIsNewestFirstWithWindows() {
        twoDeployments();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deployments = (List<Map<String, Object>>)
                invoke(Fixture.event("query-history.json")).get("deployments");

        assertThat(deployments).extracting(d -> d.get("deploymentId")).containsExactly("d-ABCDEF123", "d-OLDER0001");
        assertThat(deployments.get(1))
                .containsEntry("status", "PROMOTED")
                .containsEntry("finishedAt", "2026-03-01T10:00:00Z")
                .containsEntry(
                        "rollbackWindow", Map.of("endsAt", "2026-03-01T10:30:00Z", "closedAt", "2026-03-01T11:00:00Z"));
        assertThat(RecordJson.read(deployments.get(1)).rollbackWindow())
                .contains(new RollbackWindow(
                        Instant.parse("2026-03-01T10:30:00Z"), Optional.of(Instant.parse("2026-03-01T11:00:00Z"))));
        assertThat(invoke(Map.of("action", "history", "service", "orders", "limit", 1)))
                .extracting(a -> ((List<?>) a.get("deployments")).size())
                .isEqualTo(1);
        assertThat(invoke(Map.of("action", "history", "service", "payments")))
                .isEqualTo(Map.of("deployments", List.of()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                                          | action: missing",
                "{\"action\": \"undo\"}                                      | action:",
                "{\"action\": \"status\"}                                    | deploymentId: missing",
                "{\"action\": \"status\", \"deploymentId\": \"d\", \"service\": \"s\"} | service: a status request names a deploymentId or a service, not both",
                "{\"action\": \"status\", \"deploymentId\": 7}               | deploymentId:",
                "{\"action\": \"history\"}                                   | service: missing",
                "{\"action\": \"history\", \"service\": \"orders\", \"limit\": 0}    | limit:",
                "{\"action\": \"history\", \"service\": \"orders\", \"limit\": \"5\"} | limit:",
                "{\"action\": \"history\", \"service\": \"orders\", \"count\": 5}    | count:",
            })
    void aBadRequestIsAFunctionErrorNamingTheField(String json, String expected) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> request = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);

        assertThatThrownBy(() -> invoke(request))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining(expected.strip());
    }

    private static Optional<String> deploymentId(Map<String, Object> answer) {
        return answer.get("deployment") instanceof Map<?, ?> record
                ? Optional.of((String) record.get("deploymentId"))
                : Optional.empty();
    }
}
