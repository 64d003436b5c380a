package dev.cutover.runtime.dashboard;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The report is one file that needs nothing else: no script, no link, its text escaped. */
class HtmlReportTest {

    private static final String SUMMARY = """
            {"scenario":"faulty-5xx","outcome":"ROLLED_BACK","deploymentId":"d-ABCDEFGHI","durationMs":21000,
             "finalWeights":{"blue":100,"green":0},
             "requests":{"total":4626,"failed":9,"blue":4536,"green":90,"ratePerSecond":207,
                         "byRelease":{"v1":4536,"v2":90}},
             "stages":[{"index":0,"percent":10,"bakeSeconds":3,"weights":{"blue":90,"green":10},
                        "shiftedAt":"2026-01-01T00:00:05Z",
                        "verdict":{"status":"FAILED","error":"green <script>alert(1)</script> 5xx"}}],
             "hooks":[{"name":"BeforeAllowTraffic","status":"Failed","durationMs":13003,
                       "reason":"the staged shift rolled back & reported Failed"}],
             "rollback":{"reason":"alarm orders-green-5xx-rate in ALARM","trigger":"alarm",
                         "detectedAfterMs":1075,"trafficRestoredAfterMs":1600},
             "alarms":["orders-green-5xx-rate -> ALARM"]}
            """;

    @Test
    void aSelfContainedPageWithTheSummarysNumbersAndChartsFromTheFeed() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(SUMMARY);
        DeploymentFeed feed = new DeploymentFeed(Clock.systemUTC());
        feed.publish("plan", (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
                .readTree("{\"gates\":[{\"metric\":\"ERROR_RATE_5XX\",\"threshold\":0.02},"
                        + "{\"metric\":\"LATENCY\",\"threshold\":250}]}"));
        for (int i = 0; i < 3; i++) {
            feed.publish("metrics", (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
                    .readTree("{\"weights\":{\"blue\":90,\"green\":10},"
                            + "\"blue\":{\"rps\":200,\"errorRate\":0,\"p99Ms\":12.5},"
                            + "\"green\":{\"rps\":20,\"errorRate\":0.1,\"p99Ms\":30}}"));
        }

        feed.publish("stage", (com.fasterxml.jackson.databind.node.ObjectNode)
                summary.path("stages").get(0));

        String html = HtmlReport.render(summary, feed.events());

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("http://", "https://", "src=");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "rolled back &amp; reported");
        assertThat(html)
                .contains("data-field=\"outcome\">ROLLED_BACK<", "data-field=\"requests.total\">4626<")
                .contains("data-field=\"rollback.trafficRestoredAfterMs\">1600<")
                .contains("data-field=\"stages.0.verdict.status\">FAILED<");
        assertThat(html).contains("<svg", "class=\"threshold\"", "class=\"line green\"", "class=\"bake\"");
    }

    @Test
    void withoutTheFeedTheNumbersStillRender() throws Exception {
        String html = HtmlReport.render(new ObjectMapper().readTree(SUMMARY), List.of());
        assertThat(html).contains("data-field=\"finalWeights.blue\">100<").doesNotContain("<svg");
    }

    @Test
    void theLastHistoryTheFeedHadClosesTheReportOneRowPerLedgerRecordNewestFirst() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> records = List.of(
                json.readTree("{\"deploymentId\":\"d-2\",\"status\":\"ROLLED_BACK\","
                        + "\"startedAt\":\"2026-01-01T00:01:00Z\",\"finishedAt\":\"2026-01-01T00:01:09.500Z\","
                        + "\"outcomeReason\":\"alarm <b>\",\"stages\":[{\"index\":0,\"percent\":10},"
                        + "{\"index\":0,\"percent\":10},{\"index\":0,\"percent\":0}]}"),
                json.readTree("{\"deploymentId\":\"d-1\",\"status\":\"IN_PROGRESS\","
                        + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"stages\":[{\"index\":0,\"percent\":10},"
                        + "{\"index\":1,\"percent\":50}]}"));
        DeploymentFeed feed = new DeploymentFeed(Clock.systemUTC());
        feed.publish("history", LedgerQueries.historyEvent("orders", List.of()));
        feed.publish("history", LedgerQueries.historyEvent("orders", records));

        String html = HtmlReport.render(json.readTree(SUMMARY), feed.events());

        assertThat(html)
                .contains("History of orders")
                .contains("data-ledger=\"history.0.deploymentId\">d-2<")
                .contains("data-ledger=\"history.0.status\">ROLLED_BACK<")
                .contains("data-ledger=\"history.0.outcomeReason\">alarm &lt;b&gt;<")
                .contains("data-ledger=\"history.0.stagesReached\">1<")
                .contains("data-ledger=\"history.0.durationMs\">9500<")
                .contains("data-ledger=\"history.1.stagesReached\">2<")
                .doesNotContain("history.1.durationMs");
        assertThat(html.indexOf(">d-2<")).isLessThan(html.indexOf(">d-1<"));
    }

    @Test
    void aLedgerRecordsStatisticalFindingsShowUnderTheirStagesVerdict() throws Exception {
        // given a record whose stage the statistical judge failed
        var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"deploymentId":"d-1","service":"orders","status":"ROLLED_BACK","startedAt":"2026-01-01T00:00:00Z",
                 "stages":[{"index":0,"percent":10,"blueWeight":90,"greenWeight":10,"at":"2026-01-01T00:01:00Z",
                  "verdict":"UNHEALTHY: statistical latency worse",
                  "findings":[{"metric":"latency","outcome":"FAIL","text":"latency worse: <b>41.5 ms</b> vs 57.3 ms"}]}]}
                """);

        // when it is rendered
        String html = HtmlReport.renderRecord(record);

        // then the finding's outcome and line are under the verdict, escaped
        assertThat(html)
                .contains("data-field=\"stages.0.findings.0.outcome\">FAIL<")
                .contains(
                        "data-field=\"stages.0.findings.0.text\">latency worse: &lt;b&gt;41.5 ms&lt;/b&gt; vs 57.3 ms<");
    }
}
