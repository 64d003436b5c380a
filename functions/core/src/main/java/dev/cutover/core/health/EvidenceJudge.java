package dev.cutover.core.health;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.health.Evidence.Unreadable;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.GateResult;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HealthVerdict.Status;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.HealthGates;

/**
 * Judges green from the {@link Evidence} of a bake: the spec's alarms, and each metric gate comparing green's
 * traffic with blue's. A pure function: no ports, no clock, no I/O, so the same evidence always gives the same
 * verdict.
 *
 * <ul>
 *   <li>An alarm in ALARM, or one that does not exist, makes green UNHEALTHY. INSUFFICIENT_DATA does not (a new
 *       alarm has no data yet), as in the pre-traffic {@link dev.cutover.core.check.AlarmCheck}.</li>
 *   <li>A gate is INCONCLUSIVE, never HEALTHY, when green served fewer than its {@code minRequests}, or served
 *       enough but has no value for the gate's latency percentile.</li>
 *   <li>A gate is UNHEALTHY when green's value is above its threshold, or, with {@code maxIncreaseOverBlue}, above
 *       blue's by more than that. When blue has no value (no requests, no latency data) only the threshold applies,
 *       and the gate's reason says so. With {@code maxIncreaseOverBlue}, a threshold blue breaches too over the same
 *       window while green stays within that margin of blue is excused ({@link SharedBreach}): load that hurts both
 *       is not green's fault.</li>
 *   <li>With {@code health.judge: statistical}, {@link StatisticalJudge} first compares green's 5xx counts with
 *       blue's (Fisher's exact test; UNHEALTHY only when confidently worse, INCONCLUSIVE below
 *       {@code health.statistical.minSamples}), and its one-line findings lead the summary; the gates above stay
 *       as the second line. Latency is judged by the gates only until a metrics source gives samples.</li>
 *   <li>Overall: UNHEALTHY if any alarm, gate or statistical finding is; else INCONCLUSIVE if any gate or finding
 *       is; else HEALTHY.</li>
 * </ul>
 *
 * <p>Comparisons forgive a difference of one part in a billion, so that a value exactly at a limit is not failed by
 * floating-point rounding (for example {@code 0.3 - 0.1 > 0.2} is true in doubles).
 */
public final class EvidenceJudge {

    private static final String SEPARATOR = " | ";

    private EvidenceJudge() {}

    /**
     * @throws IllegalArgumentException when the spec has metric gates but the evidence holds no traffic for them
     */
    public static HealthVerdict judge(HealthGates health, Evidence evidence) {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(evidence, "evidence");
        AlarmFindings alarmFindings = findAlarms(distinct(health.alarms()), evidence.alarmStates());

        List<GateResult> gates = List.of();
        String metricsUnreadable = null;
        if (!health.metricGates().isEmpty()) {
            if (evidence.traffic() instanceof Measured measured) {
                gates = judgeGates(health.metricGates(), measured.green(), measured.blue());
            } else if (evidence.traffic() instanceof Unreadable unreadable) {
                metricsUnreadable = unreadable.reason();
            } else {
                throw new IllegalArgumentException("the evidence holds no traffic for the spec's metric gates");
            }
        }

        List<StatisticalJudge.Finding> findings = statisticalFindings(health, evidence);
        Status statistical = StatisticalJudge.overall(findings);

        Status status;
        if (alarmFindings.failed()
                || gates.stream().anyMatch(g -> g.status() == Status.UNHEALTHY)
                || statistical == Status.UNHEALTHY) {
            status = Status.UNHEALTHY;
        } else if (gates.stream().anyMatch(g -> g.status() == Status.INCONCLUSIVE)
                || statistical == Status.INCONCLUSIVE) {
            status = Status.INCONCLUSIVE;
        } else {
            status = Status.HEALTHY;
        }
        String summary = summary(status, gates, alarmFindings, metricsUnreadable);
        if (health.judge() == HealthGates.Judge.STATISTICAL && evidence.traffic() instanceof Measured) {
            String rest = summary.substring(status.name().length() + 2);
            summary = status + ": " + statisticalText(health, evidence, findings)
                    + (rest.isEmpty() ? "" : SEPARATOR + rest);
        }
        return new HealthVerdict(
                status,
                gates,
                alarmFindings.inAlarm(),
                alarmFindings.missing(),
                summary,
                findings.stream().map(StatisticalJudge.Finding::toLedger).toList());
    }

    /**
     * With {@code health.judge: statistical}, the statistical judge's findings on the traffic the gates read:
     * green's latency samples against blue's when the metrics source gave them for both sides, and green's 5xx
     * counts against blue's.
     */
    static List<StatisticalJudge.Finding> statisticalFindings(HealthGates health, Evidence evidence) {
        if (health.judge() != HealthGates.Judge.STATISTICAL || !(evidence.traffic() instanceof Measured measured)) {
            return List.of();
        }
        TrafficStats green = measured.green();
        TrafficStats blue = measured.blue();
        List<StatisticalJudge.Finding> findings = new ArrayList<>();
        if (hasLatencySamples(measured)) {
            findings.add(StatisticalJudge.latency(green.latencySamples(), blue.latencySamples(), health.statistical()));
        }
        findings.add(StatisticalJudge.errors(
                new StatisticalJudge.ErrorCounts(
                        green.requests(), green.errors5xx(), blue.requests(), blue.errors5xx()),
                health.statistical()));
        return List.copyOf(findings);
    }

    /** Whether the source gave latency samples at all (a side that served nothing has none, and is judged so). */
    private static boolean hasLatencySamples(Measured measured) {
        return !measured.green().latencySamples().isEmpty()
                || !measured.blue().latencySamples().isEmpty();
    }

    private static String statisticalText(
            HealthGates health, Evidence evidence, List<StatisticalJudge.Finding> findings) {
        List<String> items = new ArrayList<>();
        findings.forEach(f -> items.add("statistical " + f.explanation()));
        if (health.metricGates().stream().anyMatch(g -> g.metric() == Metric.LATENCY)
                && !(evidence.traffic() instanceof Measured measured && hasLatencySamples(measured))) {
            items.add("statistical latency not judged: the metrics give percentiles, not samples (thresholds only)");
        }
        return String.join(SEPARATOR, items);
    }

    /** Whether these alarm states alone make green unhealthy: one is in ALARM, missing or was not reported. */
    static boolean alarmsFail(List<String> alarmNames, Map<String, AlarmState> states) {
        return findAlarms(alarmNames, states).failed();
    }

    /** The spec's alarm names without repeats, in the spec's order. */
    static List<String> distinct(List<String> alarmNames) {
        return List.copyOf(new LinkedHashSet<>(alarmNames));
    }

    /** {@code p99}, {@code p99.9}. */
    static String percentileName(double percentile) {
        return "p" + BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    }

    private static AlarmFindings findAlarms(List<String> names, Map<String, AlarmState> states) {
        List<String> inAlarm = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> noData = new ArrayList<>();
        for (String name : names) {
            AlarmState state = states.get(name);
            // a reader that returns no state for a name is treated like a missing alarm: fail closed
            if (state == null || state == AlarmState.MISSING) {
                missing.add(name);
            } else if (state == AlarmState.ALARM) {
                inAlarm.add(name);
            } else if (state == AlarmState.INSUFFICIENT_DATA) {
                noData.add(name);
            }
        }
        return new AlarmFindings(names.size(), inAlarm, missing, noData);
    }

    private static List<GateResult> judgeGates(
            List<HealthGates.MetricGate> gates, TrafficStats green, TrafficStats blue) {
        List<GateResult> results = new ArrayList<>();
        for (HealthGates.MetricGate gate : gates) {
            results.add(
                    gate.metric() == Metric.ERROR_RATE_5XX
                            ? errorRateGate(gate, green, blue)
                            : latencyGate(gate, green, blue));
        }
        return results;
    }

    private static GateResult errorRateGate(HealthGates.MetricGate gate, TrafficStats green, TrafficStats blue) {
        String label = "5xx-rate";
        Optional<Double> greenRate = boxed(green.errorRate());
        Optional<Double> blueRate = boxed(blue.errorRate());
        String blueText = "blue " + rate(blue);
        if (green.requests() == 0 || green.requests() < gate.minRequests()) {
            String reason = label + " inconclusive: " + tooFew(green, gate) + "; "
                    + (green.requests() == 0 ? "" : "green " + rate(green) + ", ") + blueText;
            return result(gate, greenRate, blueRate, green, blue, Status.INCONCLUSIVE, reason);
        }
        double value = greenRate.orElseThrow();
        Comparison comparison = compare(
                value, gate, blueRate, "blue served no requests", EvidenceJudge::percent, EvidenceJudge::points);
        String reason =
                label + " green " + rate(green) + " " + comparison.clauses() + "; " + blueText + comparison.note();
        return result(gate, greenRate, blueRate, green, blue, comparison.status(), reason);
    }

    private static GateResult latencyGate(HealthGates.MetricGate gate, TrafficStats green, TrafficStats blue) {
        double percentile = gate.percentile().orElseThrow();
        String p = percentileName(percentile);
        String label = "latency " + p;
        Optional<Double> greenMs = boxed(green.latencyMs(percentile));
        Optional<Double> blueMs = boxed(blue.latencyMs(percentile));
        String blueText = "blue " + latency(blue, blueMs, p);
        if (green.requests() == 0 || green.requests() < gate.minRequests()) {
            String reason = label + " inconclusive: " + tooFew(green, gate) + "; "
                    + (green.requests() == 0 ? "" : "green " + latency(green, greenMs, p) + ", ") + blueText;
            return result(gate, greenMs, blueMs, green, blue, Status.INCONCLUSIVE, reason);
        }
        if (greenMs.isEmpty()) {
            String reason = label + " inconclusive: no " + p + " value for green although it served " + green.requests()
                    + " requests; " + blueText;
            return result(gate, greenMs, blueMs, green, blue, Status.INCONCLUSIVE, reason);
        }
        String blueMissing = blue.requests() == 0 ? "blue served no requests" : "blue has no " + p + " value";
        Comparison comparison =
                compare(greenMs.get(), gate, blueMs, blueMissing, EvidenceJudge::millis, EvidenceJudge::millis);
        String reason = label + " green " + latency(green, greenMs, p) + " " + comparison.clauses() + "; " + blueText
                + comparison.note();
        return result(gate, greenMs, blueMs, green, blue, comparison.status(), reason);
    }

    /** Green's value against the threshold and, when the gate has a max increase, against blue's. */
    private static Comparison compare(
            double green,
            HealthGates.MetricGate gate,
            Optional<Double> blue,
            String blueMissing,
            DoubleFunction<String> level,
            DoubleFunction<String> difference) {
        List<String> failed = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        String note = "";
        if (SharedBreach.breachesThreshold(gate, green, blue)) {
            failed.add("> threshold " + level.apply(gate.threshold()));
        } else if (SharedBreach.excused(gate, green, blue)) {
            passed.add("above threshold " + level.apply(gate.threshold()) + " like blue ("
                    + level.apply(blue.orElseThrow()) + "): excused as a shared breach");
        } else {
            passed.add("within threshold " + level.apply(gate.threshold()));
        }
        if (gate.maxIncreaseOverBlue().isPresent()) {
            double max = gate.maxIncreaseOverBlue().get();
            if (blue.isEmpty()) {
                note = "; " + blueMissing + ", so compared with the threshold only";
            } else {
                double increase = green - blue.get();
                if (exceeds(increase, max)) {
                    failed.add("exceeds blue by " + difference.apply(increase) + " > max increase "
                            + difference.apply(max));
                } else {
                    passed.add("within max increase " + difference.apply(max) + " over blue ("
                            + signed(difference.apply(increase), increase) + ")");
                }
            }
        }
        return failed.isEmpty()
                ? new Comparison(Status.HEALTHY, String.join(", ", passed), note)
                : new Comparison(Status.UNHEALTHY, String.join(", ", failed), note);
    }

    private static GateResult result(
            HealthGates.MetricGate gate,
            Optional<Double> greenValue,
            Optional<Double> blueValue,
            TrafficStats green,
            TrafficStats blue,
            Status status,
            String reason) {
        return new GateResult(
                gate.metric(),
                gate.percentile(),
                greenValue,
                blueValue,
                green.requests(),
                blue.requests(),
                gate.threshold(),
                gate.maxIncreaseOverBlue(),
                status,
                reason);
    }

    private static String summary(
            Status status, List<GateResult> gates, AlarmFindings alarmFindings, String metricsUnreadable) {
        List<String> items = new ArrayList<>();
        if (!alarmFindings.inAlarm().isEmpty()) {
            items.add((alarmFindings.inAlarm().size() == 1 ? "alarm " : "alarms ")
                    + String.join(", ", alarmFindings.inAlarm()) + " in ALARM");
        }
        for (String name : alarmFindings.missing()) {
            items.add("alarm " + name + " does not exist (check health.alarms)");
        }
        if (metricsUnreadable != null) {
            items.add("metric gates not judged: " + metricsUnreadable);
        }
        if (status == Status.HEALTHY) {
            gates.forEach(g -> items.add(g.reason()));
            if (alarmFindings.count() > 0) {
                items.add(alarmsOk(alarmFindings));
            }
            if (items.isEmpty()) {
                items.add("no alarms or metric gates configured");
            }
        } else {
            gates.stream().filter(g -> g.status() == Status.UNHEALTHY).forEach(g -> items.add(g.reason()));
            gates.stream().filter(g -> g.status() == Status.INCONCLUSIVE).forEach(g -> items.add(g.reason()));
        }
        return status + ": " + String.join(SEPARATOR, items);
    }

    private static String alarmsOk(AlarmFindings found) {
        String ok = found.count() == 1 ? "1 alarm not in ALARM" : found.count() + " alarms not in ALARM";
        return found.noData().isEmpty()
                ? ok
                : ok + " (INSUFFICIENT_DATA, not counted as failing: " + String.join(", ", found.noData()) + ")";
    }

    private static String tooFew(TrafficStats green, HealthGates.MetricGate gate) {
        return "green served " + green.requests() + " request" + (green.requests() == 1 ? "" : "s")
                + ", fewer than minRequests " + gate.minRequests();
    }

    private static boolean exceeds(double value, double limit) {
        return SharedBreach.exceeds(value, limit);
    }

    /** {@code 2.31% (37/1602)}, or {@code no requests}. */
    private static String rate(TrafficStats stats) {
        return stats.errorRate().isPresent()
                ? percent(stats.errorRate().getAsDouble()) + " (" + stats.errors5xx() + "/" + stats.requests() + ")"
                : "no requests";
    }

    /** {@code 812.0 ms (1602 requests)}, or why there is no value. */
    private static String latency(TrafficStats stats, Optional<Double> ms, String percentile) {
        if (stats.requests() == 0) {
            return "no requests";
        }
        String requests = " (" + stats.requests() + " request" + (stats.requests() == 1 ? "" : "s") + ")";
        return ms.map(EvidenceJudge::millis).orElse("no " + percentile + " value") + requests;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    /** A difference of two rates, in percentage points. */
    private static String points(double fraction) {
        return String.format(Locale.ROOT, "%.2f pp", fraction * 100);
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static String signed(String formatted, double value) {
        return value >= 0 && !formatted.startsWith("-") ? "+" + formatted : formatted;
    }

    private static Optional<Double> boxed(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }

    private record AlarmFindings(int count, List<String> inAlarm, List<String> missing, List<String> noData) {
        boolean failed() {
            return !inAlarm.isEmpty() || !missing.isEmpty();
        }
    }

    private record Comparison(Status status, String clauses, String note) {}
}
