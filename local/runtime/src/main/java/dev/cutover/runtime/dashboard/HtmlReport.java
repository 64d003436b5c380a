package dev.cutover.runtime.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code --report FILE}: a deployment as one self-contained HTML file, to attach to a change ticket or a CI run.
 * Its numbers are the summary JSON's ({@code --summary-json}): outcome, final weights, requests, stages with their
 * verdicts, hooks, rollback; its charts (inline SVG) are the {@link DeploymentFeed}'s samples, with the gates'
 * thresholds drawn and the bake windows shaded. Inline CSS, no script, no link to anything: it reads the same with
 * no network. Each number carries a {@code data-field} naming the summary field it shows.
 */
public final class HtmlReport {

    private static final int W = 560;
    private static final int H = 170;
    private static final int L = 44;
    private static final int R = 10;
    private static final int T = 8;
    private static final int B = 22;

    private HtmlReport() {}

    /**
     * @param summary the summary JSON ({@code DemoSummary.toJson()})
     * @param events  what the feed recorded (for the charts); empty for a report without charts
     */
    public static String render(JsonNode summary, List<DeploymentFeed.Event> events) {
        StringBuilder out = new StringBuilder(16_384);
        String outcome = summary.path("outcome").asText();
        out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Cutover ")
                .append(esc(outcome))
                .append(' ')
                .append(esc(summary.path("deploymentId").asText()))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style></head>\n<body>\n");
        out.append("<h1>Cutover deployment <span data-field=\"deploymentId\">")
                .append(esc(summary.path("deploymentId").asText()))
                .append("</span></h1>\n");
        out.append("<p class=\"outcome ")
                .append(esc(outcome))
                .append("\">Outcome: <strong data-field=\"outcome\">")
                .append(esc(outcome))
                .append("</strong> &middot; scenario <span data-field=\"scenario\">")
                .append(esc(summary.path("scenario").asText()))
                .append("</span> &middot; ")
                .append(field("durationMs", summary.path("durationMs").asText()))
                .append(" ms</p>\n");

        JsonNode weights = summary.path("finalWeights");
        JsonNode requests = summary.path("requests");
        out.append("<h2>Numbers</h2>\n<table class=\"numbers\">\n");
        row(
                out,
                "final weights (blue / green)",
                field("finalWeights.blue", weights.path("blue").asText()) + " / "
                        + field("finalWeights.green", weights.path("green").asText()));
        row(out, "requests sent", field("requests.total", requests.path("total").asText()));
        row(
                out,
                "requests failed",
                field("requests.failed", requests.path("failed").asText()));
        row(
                out,
                "served by blue / green slot",
                field("requests.blue", requests.path("blue").asText()) + " / "
                        + field("requests.green", requests.path("green").asText()));
        row(
                out,
                "request rate (/s)",
                field("requests.ratePerSecond", requests.path("ratePerSecond").asText()));
        requests.path("byRelease")
                .fields()
                .forEachRemaining(e -> row(
                        out,
                        "served by " + e.getKey(),
                        field("requests.byRelease." + e.getKey(), e.getValue().asText())));
        out.append("</table>\n");

        JsonNode rollback = summary.path("rollback");
        if (rollback.isObject()) {
            out.append(
                            "<section class=\"rollback\"><h2>Rolled back</h2>\n<p>Why: <strong data-field=\"rollback.reason\">")
                    .append(esc(rollback.path("reason").asText()))
                    .append("</strong></p>\n<p>Decided by ")
                    .append(field("rollback.trigger", rollback.path("trigger").asText()))
                    .append(", ")
                    .append(field(
                            "rollback.detectedAfterMs",
                            rollback.path("detectedAfterMs").asText()))
                    .append(" ms after the fault showed; traffic back on blue ")
                    .append(field(
                            "rollback.trafficRestoredAfterMs",
                            rollback.path("trafficRestoredAfterMs").asText()))
                    .append(" ms after the decision.</p></section>\n");
        }

        out.append("<h2>Stages</h2>\n<table class=\"stages\"><tr><th>#</th><th>target</th><th>bake</th>"
                + "<th>weights (blue / green)</th><th>verdict</th><th>what the gates saw</th></tr>\n");
        int i = 0;
        for (JsonNode stage : summary.path("stages")) {
            String p = "stages." + i + ".";
            JsonNode verdict = stage.path("verdict");
            out.append("<tr data-stage=\"")
                    .append(i)
                    .append("\"><td>")
                    .append(i + 1)
                    .append("</td><td>")
                    .append(field(p + "percent", stage.path("percent").asText()))
                    .append("%</td><td>")
                    .append(field(p + "bakeSeconds", stage.path("bakeSeconds").asText()))
                    .append(" s</td><td>")
                    .append(field(
                            p + "weights.blue",
                            stage.path("weights").path("blue").asText()))
                    .append(" / ")
                    .append(field(
                            p + "weights.green",
                            stage.path("weights").path("green").asText()))
                    .append("</td><td class=\"verdict ")
                    .append(esc(verdict.path("status").asText("-")))
                    .append("\">")
                    .append(field(p + "verdict.status", verdict.path("status").asText("-")))
                    .append("</td><td>")
                    .append(esc(
                            verdict.path("summary").asText(verdict.path("error").asText(""))))
                    .append("</td></tr>\n");
            i++;
        }
        out.append("</table>\n");

        out.append("<h2>Lifecycle hooks</h2>\n<table class=\"hooks\"><tr><th>hook</th><th>status</th>"
                + "<th>duration</th><th>reason</th></tr>\n");
        i = 0;
        for (JsonNode hook : summary.path("hooks")) {
            String p = "hooks." + i + ".";
            out.append("<tr><td>")
                    .append(field(p + "name", hook.path("name").asText()))
                    .append("</td><td class=\"")
                    .append(esc(hook.path("status").asText()))
                    .append("\">")
                    .append(field(p + "status", hook.path("status").asText()))
                    .append("</td><td>")
                    .append(field(p + "durationMs", hook.path("durationMs").asText()))
                    .append(" ms</td><td>")
                    .append(esc(hook.path("reason").asText()))
                    .append("</td></tr>\n");
            i++;
        }
        out.append("</table>\n");

        List<String> alarms = new ArrayList<>();
        summary.path("alarms").forEach(a -> alarms.add(a.asText()));
        if (!alarms.isEmpty()) {
            out.append("<h2>Alarms</h2>\n<ul>");
            alarms.forEach(a -> out.append("<li>").append(esc(a)).append("</li>"));
            out.append("</ul>\n");
        }

        charts(out, events);
        DeploymentFeed.Event lastHistory = null;
        for (DeploymentFeed.Event e : events) {
            if (e.kind().equals("history")) {
                lastHistory = e;
            }
        }
        if (lastHistory != null) {
            List<JsonNode> records = new ArrayList<>();
            lastHistory.data().path("deployments").forEach(records::add);
            history(out, lastHistory.data().path("service").asText(), records);
        }
        out.append("<p class=\"muted\">Written by cutover at ")
                .append(esc(Instant.now().toString()))
                .append(".</p>\n</body></html>\n");
        return out.toString();
    }

    /**
     * A deployment as the ledger recorded it ({@code cutover report DEPLOYMENT}): the Query function's RECORD (see
     * docs/workflow.md). Every number and name carries a {@code data-field} naming its path in that JSON, so a test
     * (or a reader) can hold the page to the record.
     */
    public static String renderRecord(JsonNode record) {
        return renderRecord(record, List.of());
    }

    /**
     * As {@link #renderRecord(JsonNode)}, followed by the service's history ({@code cutover deploy --report}): the
     * Query function's {@code deployments}, newest first.
     */
    public static String renderRecord(JsonNode record, List<JsonNode> history) {
        StringBuilder out = new StringBuilder(8_192);
        String id = record.path("deploymentId").asText();
        String status = record.path("status").asText();
        out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Cutover ")
                .append(esc(status))
                .append(' ')
                .append(esc(id))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style></head>\n<body>\n");
        out.append("<h1>Cutover deployment ")
                .append(field("deploymentId", id))
                .append(" of ")
                .append(field("service", record.path("service").asText()))
                .append("</h1>\n");
        out.append("<p class=\"outcome ")
                .append(esc(status))
                .append("\">Status: <strong data-field=\"status\">")
                .append(esc(status))
                .append("</strong></p>\n");
        out.append("<h2>Record</h2>\n<table class=\"numbers\">\n");
        for (String name : List.of(
                "specVersion",
                "startedAt",
                "finishedAt",
                "updatedAt",
                "blueTargetGroup",
                "greenTargetGroup",
                "outcomeReason")) {
            if (record.hasNonNull(name)) {
                row(out, name, field(name, record.path(name).asText()));
            }
        }
        JsonNode approval = record.path("pendingApproval");
        if (approval.isObject()) {
            row(
                    out,
                    "waiting for approval",
                    "stage "
                            + field(
                                    "pendingApproval.stageIndex",
                                    approval.path("stageIndex").asText()) + " ("
                            + field(
                                    "pendingApproval.percent",
                                    approval.path("percent").asText())
                            + "%) until "
                            + field(
                                    "pendingApproval.expiresAt",
                                    approval.path("expiresAt").asText()));
        }
        JsonNode window = record.path("rollbackWindow");
        if (window.isObject()) {
            row(
                    out,
                    "rollback window",
                    "until "
                            + field(
                                    "rollbackWindow.endsAt",
                                    window.path("endsAt").asText())
                            + (window.hasNonNull("closedAt")
                                    ? ", closed "
                                            + field(
                                                    "rollbackWindow.closedAt",
                                                    window.path("closedAt").asText())
                                    : ""));
        }
        out.append("</table>\n");
        out.append("<h2>Stages reached</h2>\n<table class=\"stages\"><tr><th>#</th><th>target</th>"
                + "<th>weights (blue / green)</th><th>at</th><th>verdict</th></tr>\n");
        int i = 0;
        for (JsonNode stage : record.path("stages")) {
            String p = "stages." + i + ".";
            out.append("<tr data-stage=\"")
                    .append(i)
                    .append("\"><td>")
                    .append(field(p + "index", stage.path("index").asText()))
                    .append("</td><td>")
                    .append(field(p + "percent", stage.path("percent").asText()))
                    .append("%</td><td>")
                    .append(field(p + "blueWeight", stage.path("blueWeight").asText()))
                    .append(" / ")
                    .append(field(p + "greenWeight", stage.path("greenWeight").asText()))
                    .append("</td><td>")
                    .append(field(p + "at", stage.path("at").asText()))
                    .append("</td><td>")
                    .append(field(p + "verdict", stage.path("verdict").asText()));
            int f = 0;
            for (JsonNode finding : stage.path("findings")) {
                // the statistical judge's findings as data: one line each under the verdict
                String q = p + "findings." + f + ".";
                out.append("<br><span class=\"muted\">[")
                        .append(field(q + "outcome", finding.path("outcome").asText()))
                        .append("] ")
                        .append(field(q + "text", finding.path("text").asText()))
                        .append("</span>");
                f++;
            }
            out.append("</td></tr>\n");
            i++;
        }
        out.append("</table>\n");
        if (!history.isEmpty()) {
            history(out, record.path("service").asText(), history);
        }
        out.append("<p class=\"muted\">Written by cutover from the ledger at ")
                .append(esc(Instant.now().toString()))
                .append(".</p>\n</body></html>\n");
        return out.toString();
    }

    // ---- history -----------------------------------------------------------------------------------------------

    /**
     * The ledger's deployments of the service, newest first, one row each: outcome, reason, stages reached,
     * duration (the page's history shows the same columns). Each cell's {@code data-ledger} is
     * {@code history.<row>.<what>}: an attribute of its own, since these are the ledger's numbers, not the record's
     * or the summary's that {@code data-field} names.
     */
    private static void history(StringBuilder out, String service, List<JsonNode> records) {
        out.append("<h2>History of ")
                .append(esc(service))
                .append(" (the ledger, newest first)</h2>\n<table class=\"history\"><tr><th>deployment</th>")
                .append("<th>outcome</th><th>reason</th><th>stages reached</th><th>duration</th></tr>\n");
        int i = 0;
        for (JsonNode record : records) {
            String p = "history." + i + ".";
            Optional<Long> duration = durationMs(record);
            out.append("<tr><td>")
                    .append(ledger(
                            p + "deploymentId", record.path("deploymentId").asText()))
                    .append("</td><td class=\"")
                    .append(esc(record.path("status").asText()))
                    .append("\">")
                    .append(ledger(p + "status", record.path("status").asText()))
                    .append("</td><td>")
                    .append(ledger(
                            p + "outcomeReason", record.path("outcomeReason").asText("")))
                    .append("</td><td>")
                    .append(ledger(p + "stagesReached", String.valueOf(stagesReached(record))))
                    .append(maxPercent(record).map(m -> " (up to " + m + "%)").orElse(""))
                    .append("</td><td>")
                    .append(duration.map(d -> ledger(p + "durationMs", String.valueOf(d)) + " ms")
                            .orElse("running"))
                    .append("</td></tr>\n");
            i++;
        }
        out.append("</table>\n");
    }

    /**
     * How many of its stages a deployment reached: the distinct stage indexes its ledger entries name (the
     * rollback's entry, at 0%, is no stage).
     */
    public static int stagesReached(JsonNode record) {
        java.util.Set<Integer> indexes = new java.util.HashSet<>();
        record.path("stages").forEach(s -> {
            if (s.path("percent").asInt() > 0) {
                indexes.add(s.path("index").asInt());
            }
        });
        return indexes.size();
    }

    private static Optional<Integer> maxPercent(JsonNode record) {
        int max = -1;
        for (JsonNode stage : record.path("stages")) {
            max = Math.max(max, stage.path("percent").asInt());
        }
        return max <= 0 ? Optional.empty() : Optional.of(max);
    }

    /** From {@code startedAt} to {@code finishedAt}; empty while it runs. */
    public static Optional<Long> durationMs(JsonNode record) {
        if (!record.hasNonNull("finishedAt") || !record.hasNonNull("startedAt")) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.Duration.between(
                            Instant.parse(record.path("startedAt").asText()),
                            Instant.parse(record.path("finishedAt").asText()))
                    .toMillis());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // ---- charts ------------------------------------------------------------------------------------------------

    private record Sample(double t, JsonNode data) {}

    private record Series(String cls, List<double[]> points) {}

    private static void charts(StringBuilder out, List<DeploymentFeed.Event> events) {
        List<DeploymentFeed.Event> metrics =
                events.stream().filter(e -> e.kind().equals("metrics")).toList();
        if (metrics.isEmpty()) {
            return;
        }
        Instant t0 = events.get(0).at();
        List<Sample> samples = metrics.stream()
                .map(e -> new Sample(seconds(t0, e.at()), e.data()))
                .toList();
        List<double[]> bakes = new ArrayList<>();
        for (DeploymentFeed.Event e : events) {
            if (e.kind().equals("stage") && e.data().has("shiftedAt")) {
                double from =
                        seconds(t0, Instant.parse(e.data().path("shiftedAt").asText()));
                double to = e.data().has("judgedAt")
                        ? seconds(t0, Instant.parse(e.data().path("judgedAt").asText()))
                        : from + e.data().path("bakeSeconds").asDouble();
                bakes.removeIf(b -> b[0] == from);
                bakes.add(new double[] {from, to});
            }
        }
        Optional<JsonNode> plan = events.stream()
                .filter(e -> e.kind().equals("plan"))
                .map(e -> (JsonNode) e.data())
                .findFirst();
        Optional<Double> errorGate = threshold(plan, "ERROR_RATE_5XX").map(v -> v * 100);
        Optional<Double> latencyGate = threshold(plan, "LATENCY");
        out.append("<h2>Over time</h2>\n<div class=\"charts\">\n");
        chart(
                out,
                "Traffic weight on green (%)",
                List.of(series(
                        samples, "green", s -> s.path("weights").path("green").asDouble())),
                bakes,
                Optional.empty(),
                100);
        chart(
                out,
                "Requests per second",
                both(samples, v -> v.path("rps").asDouble(), false),
                bakes,
                Optional.empty(),
                0);
        chart(
                out,
                "5xx error rate (%)",
                both(samples, v -> v.path("errorRate").asDouble() * 100, true),
                bakes,
                errorGate,
                0);
        chart(out, "p99 latency (ms)", both(samples, v -> v.path("p99Ms").asDouble(), true), bakes, latencyGate, 0);
        out.append("</div>\n<p class=\"muted\">blue and green lines; dashed red: the gate's threshold; shaded: bake"
                + " windows.</p>\n");
    }

    private static Optional<Double> threshold(Optional<JsonNode> plan, String metric) {
        return plan.flatMap(p -> {
            for (JsonNode gate : p.path("gates")) {
                if (metric.equals(gate.path("metric").asText())) {
                    return Optional.of(gate.path("threshold").asDouble());
                }
            }
            return Optional.empty();
        });
    }

    /** Blue's and green's lines; with {@code busyOnly}, a second a version served nothing in is left out. */
    private static List<Series> both(List<Sample> samples, ToDoubleFunction<JsonNode> value, boolean busyOnly) {
        return List.of(
                series(samples, "blue", s -> valueOf(s.path("blue"), value, busyOnly)),
                series(samples, "green", s -> valueOf(s.path("green"), value, busyOnly)));
    }

    private static double valueOf(JsonNode version, ToDoubleFunction<JsonNode> value, boolean busyOnly) {
        return busyOnly && version.path("p99Ms").isNull() ? Double.NaN : value.applyAsDouble(version);
    }

    private static Series series(List<Sample> samples, String cls, ToDoubleFunction<JsonNode> value) {
        List<double[]> points = new ArrayList<>();
        for (Sample s : samples) {
            double v = value.applyAsDouble(s.data());
            if (!Double.isNaN(v)) {
                points.add(new double[] {s.t(), v});
            }
        }
        return new Series(cls, points);
    }

    private static void chart(
            StringBuilder out,
            String title,
            List<Series> series,
            List<double[]> bakes,
            Optional<Double> threshold,
            double fixedMax) {
        double tMax = 10;
        double vMax = 1;
        for (Series s : series) {
            for (double[] p : s.points()) {
                tMax = Math.max(tMax, p[0]);
                vMax = Math.max(vMax, p[1]);
            }
        }
        for (double[] b : bakes) {
            tMax = Math.max(tMax, b[1]);
        }
        double yMax = fixedMax > 0 ? fixedMax : Math.max(vMax, threshold.orElse(0.0) * 1.2) * 1.1;
        double tEnd = tMax;
        java.util.function.DoubleUnaryOperator x = t -> L + (W - L - R) * t / tEnd;
        java.util.function.DoubleUnaryOperator y = v -> H - B - (H - T - B) * Math.min(v, yMax) / yMax;
        out.append("<figure><figcaption>")
                .append(esc(title))
                .append("</figcaption>")
                .append(fmt("<svg viewBox=\"0 0 %d %d\" role=\"img\">", W, H));
        for (double[] b : bakes) {
            out.append(fmt(
                    "<rect class=\"bake\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                    x.applyAsDouble(b[0]), T, Math.max(1, x.applyAsDouble(b[1]) - x.applyAsDouble(b[0])), H - T - B));
        }
        out.append(fmt("<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, H - B, W - R, H - B));
        out.append(fmt("<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, T, L, H - B));
        for (double v : new double[] {0, yMax / 2, yMax}) {
            out.append(fmt(
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    L - 4, y.applyAsDouble(v) + 3, v >= 10 ? Long.toString(Math.round(v)) : fmt("%.1f", v)));
        }
        out.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d s</text>", W - R, H - 6, Math.round(tMax)));
        threshold.ifPresent(v -> out.append(fmt(
                "<line class=\"threshold\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                L, y.applyAsDouble(v), W - R, y.applyAsDouble(v))));
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                points.append(fmt("%.1f,%.1f ", x.applyAsDouble(p[0]), y.applyAsDouble(p[1])));
            }
            out.append("<polyline class=\"line ")
                    .append(s.cls())
                    .append("\" points=\"")
                    .append(points.toString().strip())
                    .append("\"/>");
        }
        out.append("</svg></figure>\n");
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private static double seconds(Instant t0, Instant at) {
        return (at.toEpochMilli() - t0.toEpochMilli()) / 1000.0;
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><th>")
                .append(esc(label))
                .append("</th><td>")
                .append(value)
                .append("</td></tr>\n");
    }

    private static String field(String name, String value) {
        return "<span data-field=\"" + esc(name) + "\">" + esc(value) + "</span>";
    }

    private static String ledger(String name, String value) {
        return "<span data-ledger=\"" + esc(name) + "\">" + esc(value) + "</span>";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = String.join(
            "\n",
            "body{font:14px/1.4 system-ui,sans-serif;color:#1f2937;margin:24px;max-width:1200px}",
            "h1{font-size:20px}h2{font-size:16px;margin-top:24px}",
            "table{border-collapse:collapse}th,td{text-align:left;padding:4px 10px;border-bottom:1px solid #e5e7eb}",
            ".outcome.PROMOTED strong{color:#23a55a}.outcome.ROLLED_BACK strong,.outcome.FAILED strong,"
                    + ".outcome.ABORTED strong{color:#d64545}",
            ".rollback{border-left:4px solid #d64545;padding:4px 12px;background:#fef2f2}",
            ".verdict.HEALTHY,.Succeeded{color:#23a55a;font-weight:600}",
            ".verdict.UNHEALTHY,.verdict.FAILED,.Failed{color:#d64545;font-weight:600}",
            ".charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;width:560px}",
            "figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto}",
            "svg text{font:10px system-ui,sans-serif;fill:#4b5563}.axis{stroke:#9ca3af}",
            ".line{fill:none;stroke-width:2}.line.blue{stroke:#2f6fdb}.line.green{stroke:#23a55a}",
            ".threshold{stroke:#d64545;stroke-dasharray:5 4}.bake{fill:#fde68a;opacity:.45}",
            ".muted{color:#6b7280}");
}
