package dev.cutover.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A ledger record (the Query function's RECORD) as people read it: a summary, stage lines, a history table. */
final class DeploymentView {

    private DeploymentView() {}

    /** Several lines: id, status, times, target groups, each ledger entry, a pending approval, the reason. */
    static String describe(JsonNode record, Instant now) {
        StringBuilder text = new StringBuilder();
        String id = record.path("deploymentId").asText();
        text.append("deployment ")
                .append(id)
                .append(" (")
                .append(record.path("service").asText())
                .append("): ")
                .append(record.path("status").asText())
                .append('\n');
        line(text, "spec version", record.path("specVersion").asText(""));
        line(text, "started", record.path("startedAt").asText("") + "  (" + human(duration(record, now)) + ")");
        line(text, "finished", record.path("finishedAt").asText(""));
        if (record.hasNonNull("blueTargetGroup")) {
            line(text, "blue", record.path("blueTargetGroup").asText());
            line(text, "green", record.path("greenTargetGroup").asText(""));
        }
        for (JsonNode stage : record.path("stages")) {
            text.append("  ").append(stageLine(stage)).append('\n');
            for (JsonNode finding : stage.path("findings")) {
                text.append("    ").append(findingLine(finding)).append('\n');
            }
        }
        String approval = approvalHint(record);
        if (!approval.isEmpty()) {
            text.append("  ").append(approval).append('\n');
        }
        JsonNode window = record.path("rollbackWindow");
        if (window.isObject()) {
            line(
                    text,
                    "rollback window",
                    window.hasNonNull("closedAt")
                            ? "closed " + window.path("closedAt").asText()
                            : "open until " + window.path("endsAt").asText());
        }
        line(text, "reason", record.path("outcomeReason").asText(""));
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        if (!value.isBlank()) {
            text.append(String.format(Locale.ROOT, "  %-16s%s%n", label, value));
        }
    }

    /**
     * One statistical finding under its stage: its outcome, then the judge's own line, e.g.
     * {@code [FAIL] latency worse: blue median 41.3 ms vs green 57.1 ms ...}.
     */
    static String findingLine(JsonNode finding) {
        return "[" + finding.path("outcome").asText("?") + "] "
                + finding.path("text").asText("");
    }

    /** One ledger entry: {@code stage 2 at 25%: blue 75 / green 25, HEALTHY: ... (at ...)}. */
    static String stageLine(JsonNode stage) {
        int percent = stage.path("percent").asInt();
        // the rollback's entry (rolled back, aborted, rollback failed) is the only one at 0%: stages are 1..100
        String what =
                percent == 0 ? "rollback" : "stage " + (stage.path("index").asInt() + 1) + " at " + percent + "%";
        return what + ": blue " + stage.path("blueWeight").asText("?") + " / green "
                + stage.path("greenWeight").asText("?") + ", "
                + stage.path("verdict").asText("")
                + (stage.hasNonNull("at") ? " (at " + stage.path("at").asText() + ")" : "");
    }

    /** How to answer a pending approval, or "" when nothing waits. */
    static String approvalHint(JsonNode record) {
        JsonNode pending = record.path("pendingApproval");
        if (!pending.isObject()) {
            return "";
        }
        String id = record.path("deploymentId").asText();
        return "waiting for approval to shift stage "
                + (pending.path("stageIndex").asInt() + 1) + " to "
                + pending.path("percent").asText() + "% (until "
                + pending.path("expiresAt").asText()
                + "): cutover approve " + id + "  |  cutover deny " + id + " --reason TEXT";
    }

    /** The stages reached and the last verdict of each, e.g. {@code 10% HEALTHY, 25% UNHEALTHY}. */
    static String stagesReached(JsonNode record) {
        Map<Integer, String> last = new LinkedHashMap<>();
        for (JsonNode stage : record.path("stages")) {
            int percent = stage.path("percent").asInt();
            if (percent == 0) {
                continue;
            }
            String verdict = stage.path("verdict").asText("");
            int colon = verdict.indexOf(':');
            last.put(percent, colon > 0 ? verdict.substring(0, colon) : verdict);
        }
        List<String> parts = new ArrayList<>();
        last.forEach((percent, verdict) -> parts.add(percent + "% " + verdict));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** From start to finish, or to {@code now} while it runs. */
    static Duration duration(JsonNode record, Instant now) {
        Instant start = instant(record.path("startedAt").asText(null));
        if (start == null) {
            return Duration.ZERO;
        }
        Instant end = instant(record.path("finishedAt").asText(null));
        if (end == null) {
            end = record.path("status").asText().equals("IN_PROGRESS")
                    ? now
                    : instant(record.path("updatedAt").asText(null));
        }
        return end == null || end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
    }

    /** {@code 1h02m03s}, {@code 4m05s}, {@code 6s}. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A table, newest first as given: DEPLOYMENT, STATUS, STARTED, DURATION, STAGES, REASON. */
    static String table(List<JsonNode> records, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DEPLOYMENT", "STATUS", "STARTED", "DURATION", "STAGES", "REASON"});
        for (JsonNode r : records) {
            rows.add(new String[] {
                r.path("deploymentId").asText(),
                r.path("status").asText(),
                r.path("startedAt").asText(""),
                human(duration(r, now)),
                stagesReached(r),
                r.path("outcomeReason").asText("")
            });
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            line.append(row[5]);
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
