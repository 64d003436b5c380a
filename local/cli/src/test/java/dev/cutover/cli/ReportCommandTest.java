package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.cutover.cli.FakeAws.Reply;

import static dev.cutover.cli.OperatorCommandsTest.record;
import static dev.cutover.cli.OperatorCommandsTest.stage;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cutover report DEPLOYMENT}: the ledger's record as one HTML file, every number held to the record. */
class ReportCommandTest extends FakeAwsCommandTest {

    private static final Pattern FIELD = Pattern.compile("data-field=\"([^\"]+)\">([^<]*)<");

    @Test
    void theReportShowsTheRecordsNumbersAndNothingElse() throws Exception {
        // given a rolled-back deployment in the ledger, with two stages and its target groups
        String stages = stage(0, 10, "HEALTHY: green 5xx 0.00% (0/987)", "2026-12-07T10:05:00Z") + ","
                + stage(1, 0, "rolled back: alarm orders-5xx in ALARM <b>", "2026-12-07T10:07:00Z");
        String json = record(
                "orders-9",
                "ROLLED_BACK",
                stages,
                "'finishedAt':'2026-12-07T10:07:01Z','outcomeReason':'alarm orders-5xx in ALARM',"
                        + "'blueTargetGroup':'arn:tg/orders-a','greenTargetGroup':'arn:tg/orders-b'");
        aws.functions.put("Query", body -> Reply.ok("{'deployment':" + json + "}"));
        Path file = dir.resolve("report.html");

        // when it is reported
        CliRun run = cutover("report", "orders-9", "--file", file.toString());

        // then every field on the page is the record's, and the record's are all there
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("orders-9 (ROLLED_BACK) written to");
        String html = Files.readString(file);
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(html);
        while (m.find()) {
            shown.put(m.group(1), unescape(m.group(2)));
        }
        JsonNode expected = OperatorApi.JSON.readTree(json);
        for (Map.Entry<String, String> field : shown.entrySet()) {
            assertThat(field.getValue()).as(field.getKey()).isEqualTo(at(expected, field.getKey()));
        }
        assertThat(shown)
                .containsKeys(
                        "deploymentId",
                        "status",
                        "outcomeReason",
                        "blueTargetGroup",
                        "greenTargetGroup",
                        "stages.1.verdict",
                        "stages.1.blueWeight");
        assertThat(html).doesNotContain("<script").doesNotContain("<b>").doesNotContain("http");
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        aws.functions.put("Query", body -> Reply.ok("{'deployment':null}"));

        CliRun run = cutover("report", "nothing-here");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("no deployment nothing-here");
    }

    private static String at(JsonNode node, String path) {
        JsonNode at = node;
        for (String part : path.split("\\.")) {
            at = part.chars().allMatch(Character::isDigit) ? at.path(Integer.parseInt(part)) : at.path(part);
        }
        return at.asText();
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
