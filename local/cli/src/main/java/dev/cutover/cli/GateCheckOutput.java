package dev.cutover.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.cutover.core.plan.GateCheck;
import dev.cutover.core.plan.GateCheck.Result;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.HealthGates;

/** {@code cutover plan --check-gates}: a {@link GateCheck.Report} as text and as JSON, with the same numbers. */
final class GateCheckOutput {

    /** The spec's name of the 5xx-rate metric. */
    private static final String ERROR_RATE = "5xx-rate";

    static final String MEANING = "each gate judged on blue's numbers now, as if green behaved like blue does now";

    private GateCheckOutput() {}

    static String text(GateCheck.Report report) {
        StringBuilder t = new StringBuilder();
        t.append("\ngates on current data (").append(MEANING).append(")\n");
        t.append("  live (blue) group  ").append(report.roles().blue()).append(" (100% on the production route)\n");
        t.append("  window             ")
                .append(report.window().start())
                .append(" to ")
                .append(report.window().end())
                .append(": the first stage's bake (")
                .append(DeploymentView.human(report.bake()))
                .append(") in whole published metric periods\n");
        report.blue()
                .ifPresent(b -> t.append("  blue served        ")
                        .append(b.requests())
                        .append(" requests, ")
                        .append(b.errors5xx())
                        .append(" 5xx\n"));
        if (report.gates().isEmpty() && report.alarms().isEmpty()) {
            t.append("  the spec has no health gates or alarms: nothing judges green but the smoke tests\n");
            return t.toString();
        }
        t.append(String.format(Locale.ROOT, "  %-28s %-14s %-12s %s%n", "gate", "threshold", "now", "result"));
        for (GateCheck.Gate g : report.gates()) {
            t.append(String.format(
                    Locale.ROOT,
                    "  %-28s %-14s %-12s %s%n",
                    name(g.gate()),
                    value(g.gate(), g.gate().threshold()),
                    g.current().map(v -> value(g.gate(), v)).orElse("-"),
                    words(g.result()) + explain(g)));
        }
        for (GateCheck.Alarm a : report.alarms()) {
            t.append(String.format(
                    Locale.ROOT,
                    "  %-28s %-14s %-12s %s%n",
                    "alarm " + a.name(),
                    "not ALARM",
                    a.state(),
                    words(a.result()) + explain(a)));
        }
        t.append("  ").append(conclusion(report)).append('\n');
        return t.toString();
    }

    static Map<String, Object> toJson(GateCheck.Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("meaning", MEANING);
        json.put("liveTargetGroup", report.roles().blue());
        json.put("otherTargetGroup", report.roles().green());
        json.put(
                "window",
                Map.of(
                        "start", report.window().start().toString(),
                        "end", report.window().end().toString(),
                        "bakeSeconds", report.bake().toSeconds()));
        report.blue().ifPresent(b -> json.put("blue", Map.of("requests", b.requests(), "errors5xx", b.errors5xx())));
        List<Map<String, Object>> gates = new ArrayList<>();
        for (GateCheck.Gate g : report.gates()) {
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("metric", g.gate().metric() == Metric.LATENCY ? "latency" : ERROR_RATE);
            gate.put("percentile", g.gate().percentile().orElse(null));
            gate.put("threshold", g.gate().threshold());
            gate.put("maxIncreaseOverBlue", g.gate().maxIncreaseOverBlue().orElse(null));
            gate.put("minRequests", g.gate().minRequests());
            gate.put("current", g.current().orElse(null));
            gate.put("requests", g.judged().greenRequests());
            gate.put("result", g.result().name());
            gate.put("explanation", explain(g).replaceFirst("^: ", ""));
            gates.add(gate);
        }
        json.put("gates", gates);
        List<Map<String, Object>> alarms = new ArrayList<>();
        for (GateCheck.Alarm a : report.alarms()) {
            Map<String, Object> alarm = new LinkedHashMap<>();
            alarm.put("name", a.name());
            alarm.put("state", a.state().name());
            alarm.put("result", a.result().name());
            alarms.add(alarm);
        }
        json.put("alarms", alarms);
        json.put("wouldFail", report.wouldFail());
        json.put("conclusion", conclusion(report));
        return json;
    }

    private static String conclusion(GateCheck.Report report) {
        if (report.wouldFail()) {
            return "FAIL: a gate or alarm fails on blue's own numbers today, so every deployment would roll back"
                    + " whatever green does; fix the gate (or what blue does) first";
        }
        boolean noData = report.gates().stream().anyMatch(g -> g.result() == Result.NO_DATA);
        return noData
                ? "no gate fails on today's data, but some could not be judged: a stage judged on as little is"
                        + " inconclusive, which rolls back"
                : "PASS: a green that behaves like blue does now would pass every gate";
    }

    private static String name(HealthGates.MetricGate gate) {
        return gate.metric() == Metric.LATENCY
                ? "latency p"
                        + new BigDecimal(gate.percentile().orElseThrow().toString())
                                .stripTrailingZeros()
                                .toPlainString()
                : ERROR_RATE;
    }

    private static String value(HealthGates.MetricGate gate, double value) {
        return gate.metric() == Metric.LATENCY
                ? String.format(Locale.ROOT, "%.1f ms", value)
                : String.format(Locale.ROOT, "%.2f%%", value * 100);
    }

    private static String words(Result result) {
        return result == Result.NO_DATA ? "NO DATA" : result.name();
    }

    private static String explain(GateCheck.Gate g) {
        long requests = g.judged().greenRequests();
        return switch (g.result()) {
            case PASS -> "";
            case FAIL -> ": above the threshold on blue's own numbers";
            case NO_DATA ->
                requests < g.gate().minRequests()
                        ? ": blue served " + requests + " requests in the window, fewer than minRequests "
                                + g.gate().minRequests()
                        : ": no " + name(g.gate()).replace("latency ", "") + " value in the metrics";
        };
    }

    private static String explain(GateCheck.Alarm a) {
        return switch (a.state()) {
            case ALARM -> ": in ALARM now";
            case MISSING -> ": no such alarm (check health.alarms)";
            case INSUFFICIENT_DATA -> ": INSUFFICIENT_DATA, which does not fail a stage";
            case OK -> "";
        };
    }
}
