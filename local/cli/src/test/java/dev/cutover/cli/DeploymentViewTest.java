package dev.cutover.cli;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The text view of a ledger record, as {@code cutover status} prints it. */
class DeploymentViewTest {

    @Test
    void aStatisticallyJudgedStageListsOneIndentedLinePerFindingUnderIt() throws Exception {
        // given a record whose second entry the statistical judge decided, with two findings
        JsonNode record = new ObjectMapper().readTree("""
                {"deploymentId": "d-ABCDEF123", "service": "orders", "specVersion": "3", "status": "IN_PROGRESS",
                 "startedAt": "2026-03-01T10:00:00Z", "updatedAt": "2026-03-01T10:05:00Z",
                 "stages": [
                   {"index": 0, "percent": 10, "blueWeight": 90, "greenWeight": 10, "verdict": "shifted",
                    "at": "2026-03-01T10:00:00Z"},
                   {"index": 0, "percent": 10, "blueWeight": 90, "greenWeight": 10,
                    "verdict": "UNHEALTHY: statistical latency worse", "at": "2026-03-01T10:05:00Z",
                    "findings": [
                      {"metric": "latency", "outcome": "FAIL", "text": "latency worse: blue median 41.5 ms vs green 57.3 ms"},
                      {"metric": "5xx-rate", "outcome": "PASS", "text": "5xx-rate no difference: blue 0.00% vs green 0.00%"}
                    ]}
                 ]}
                """);

        // when it is shown
        String text = DeploymentView.describe(record, Instant.parse("2026-03-01T10:06:00Z"));

        // then each finding is a line indented under its stage, after it and before anything else
        assertThat(text)
                .contains("  stage 1 at 10%: blue 90 / green 10, shifted (at 2026-03-01T10:00:00Z)\n"
                        + "  stage 1 at 10%: blue 90 / green 10, UNHEALTHY: statistical latency worse"
                        + " (at 2026-03-01T10:05:00Z)\n"
                        + "    [FAIL] latency worse: blue median 41.5 ms vs green 57.3 ms\n"
                        + "    [PASS] 5xx-rate no difference: blue 0.00% vs green 0.00%\n");
    }
}
