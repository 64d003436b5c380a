package dev.cutover.runtime.adapters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.cutover.core.health.SharedBreach;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.workflow.AlarmStateChange;
import dev.cutover.runtime.router.MetricsSnapshot;

/**
 * CloudWatch alarms for the local runtime: one alarm per metric gate of the spec, evaluated about every second on
 * green's sliding window of the router's metrics, with the gate's threshold and minimum request count (fewer
 * requests: INSUFFICIENT_DATA, as CloudWatch treats missing data). Alarm names are {@link #alarmName}:
 * {@code <service>-green-5xx-rate} and {@code <service>-green-latency-p<percentile>}; the demo spec lists them in
 * {@code health.alarms}, so JudgeHealth reads them here and the alarm path reacts to them.
 *
 * <p>Each transition into ALARM is delivered as the EventBridge {@code CloudWatch Alarm State Change} event (the
 * shape of {@code events/alarm-state-change-alarm.json}) to the alarm handler, on its own thread, so the unchanged
 * {@code AlarmTriggerHandler} runs as it would on AWS.
 */
public final class LocalAlarms implements AlarmStateReader, AutoCloseable {

    /** How green's traffic is read: what it served over the sliding window ending now. */
    @FunctionalInterface
    public interface WindowSource {
        MetricsSnapshot window(Duration window);
    }

    /** A state change, for whoever shows progress. */
    public record Transition(String alarmName, AlarmState from, AlarmState to, String reason, Instant at) {}

    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private record Alarm(String name, HealthGates.MetricGate gate) {}

    /** Blue's value for a gate in its last window with enough requests, and when it was read. */
    private record Baseline(double value, Instant at) {}

    /** How long blue's last value stands in for it once it serves nothing (the 100% stage's bake and more). */
    static final Duration BLUE_BASELINE_AGE = Duration.ofSeconds(30);

    private final Map<HealthGates.MetricGate, Baseline> blueBaselines = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Alarm> alarms = new ArrayList<>();
    private final Map<String, AlarmState> states = new LinkedHashMap<>();
    private final Map<String, String> reasons = new LinkedHashMap<>();
    private final WindowSource green;
    private final WindowSource blue;
    private final Duration window;
    private final Clock clock;
    private final Consumer<Map<String, Object>> onAlarm;
    private final Consumer<Transition> onTransition;
    private final ScheduledExecutorService ticker;
    private final java.util.concurrent.ExecutorService delivery;

    /**
     * @param service      the spec's service, for the alarm names
     * @param gates        the spec's metric gates, one alarm each
     * @param green        green's traffic
     * @param window       the sliding window each evaluation reads
     * @param onAlarm      receives the EventBridge event of each transition into ALARM (the alarm handler)
     * @param onTransition told of every state change
     */
    public LocalAlarms(
            String service,
            List<HealthGates.MetricGate> gates,
            WindowSource green,
            Duration window,
            Clock clock,
            Consumer<Map<String, Object>> onAlarm,
            Consumer<Transition> onTransition) {
        this(service, gates, green, w -> null, window, clock, onAlarm, onTransition);
    }

    /**
     * As above, with blue's traffic over the same window: a gate with {@code maxIncreaseOverBlue} does not alarm on
     * a threshold blue breaches too while green stays within that margin of blue ({@link SharedBreach}), so a
     * machine saturated for both does not roll a healthy green back. {@code blue} may return null (no blue).
     */
    public LocalAlarms(
            String service,
            List<HealthGates.MetricGate> gates,
            WindowSource green,
            WindowSource blue,
            Duration window,
            Clock clock,
            Consumer<Map<String, Object>> onAlarm,
            Consumer<Transition> onTransition) {
        Objects.requireNonNull(service, "service");
        for (HealthGates.MetricGate gate : gates) {
            String name = alarmName(service, gate);
            alarms.add(new Alarm(name, gate));
            states.put(name, AlarmState.INSUFFICIENT_DATA);
            reasons.put(name, "no data yet");
        }
        this.green = Objects.requireNonNull(green, "green");
        this.blue = Objects.requireNonNull(blue, "blue");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onAlarm = Objects.requireNonNull(onAlarm, "onAlarm");
        this.onTransition = Objects.requireNonNull(onTransition, "onTransition");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "local-alarms"));
        this.delivery = Executors.newSingleThreadExecutor(r -> daemon(r, "local-alarm-events"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The alarm standing for a metric gate: {@code orders-green-5xx-rate}, {@code orders-green-latency-p99}. */
    public static String alarmName(String service, HealthGates.MetricGate gate) {
        return switch (gate.metric()) {
            case ERROR_RATE_5XX -> service + "-green-5xx-rate";
            case LATENCY ->
                service + "-green-latency-p"
                        + formatPercentile(gate.percentile().orElse(99.0));
        };
    }

    private static String formatPercentile(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p).replace('.', '_');
    }

    /** Starts evaluating every {@code period}. */
    public LocalAlarms start(Duration period) {
        ticker.scheduleAtFixedRate(this::evaluateQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public synchronized Map<String, AlarmState> states(List<String> alarmNames) {
        Map<String, AlarmState> out = new LinkedHashMap<>();
        for (String name : alarmNames) {
            out.put(name, states.getOrDefault(name, AlarmState.MISSING));
        }
        return out;
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // one bad evaluation must not stop the alarms; CloudWatch keeps evaluating too
        }
    }

    /** One evaluation of every alarm; public so tests can drive it without waiting. */
    public void evaluate() {
        MetricsSnapshot snapshot = green.window(window);
        MetricsSnapshot blueSnapshot = blue.window(window);
        for (Alarm alarm : alarms) {
            HealthGates.MetricGate gate = alarm.gate();
            AlarmState next;
            String reason;
            if (snapshot.requests() < gate.minRequests()) {
                next = AlarmState.INSUFFICIENT_DATA;
                reason = "green served " + snapshot.requests() + " requests in the last " + window.toSeconds()
                        + " s, fewer than the " + gate.minRequests() + " the alarm needs";
            } else if (gate.metric() == Metric.ERROR_RATE_5XX) {
                double rate = snapshot.serverErrorRate();
                Optional<Double> blueRate = blueValue(blueSnapshot, gate, MetricsSnapshot::serverErrorRate);
                next = SharedBreach.breachesThreshold(gate, rate, blueRate) ? AlarmState.ALARM : AlarmState.OK;
                reason = String.format(
                        Locale.ROOT,
                        "green 5xx rate %.2f%% (%d/%d) over the last %d s %s threshold " + "%.2f%%%s",
                        rate * 100,
                        snapshot.serverErrors(),
                        snapshot.requests(),
                        window.toSeconds(),
                        next == AlarmState.ALARM || rate > gate.threshold() ? ">" : "<=",
                        gate.threshold() * 100,
                        SharedBreach.excused(gate, rate, blueRate)
                                ? String.format(
                                        Locale.ROOT,
                                        ", as blue's is (%.2f%%): a shared breach, not green's",
                                        blueRate.orElseThrow() * 100)
                                : "");
            } else {
                double percentile = gate.percentile().orElse(99.0);
                long ms = snapshot.latencyPercentile(percentile).toMillis();
                Optional<Double> blueMs = blueValue(blueSnapshot, gate, b ->
                        (double) b.latencyPercentile(percentile).toMillis());
                next = SharedBreach.breachesThreshold(gate, ms, blueMs) ? AlarmState.ALARM : AlarmState.OK;
                reason = String.format(
                        Locale.ROOT,
                        "green p%s latency %d ms over the last %d s (%d requests) %s " + "threshold %.0f ms%s",
                        formatPercentile(percentile),
                        ms,
                        window.toSeconds(),
                        snapshot.requests(),
                        next == AlarmState.ALARM || ms > gate.threshold() ? ">" : "<=",
                        gate.threshold(),
                        SharedBreach.excused(gate, ms, blueMs)
                                ? String.format(
                                        Locale.ROOT,
                                        ", as blue's is (%.0f ms): a shared breach, not green's",
                                        blueMs.orElseThrow())
                                : "");
            }
            transition(alarm.name(), next, reason);
        }
    }

    /**
     * Blue's value for the gate over the window, when blue served at least the gate's minimum there; else, at the
     * 100% stage where blue serves nothing, the value of its last window that did, up to {@link #BLUE_BASELINE_AGE}
     * ago (the same machine under the same total load).
     */
    private Optional<Double> blueValue(
            MetricsSnapshot blue,
            HealthGates.MetricGate gate,
            java.util.function.ToDoubleFunction<MetricsSnapshot> value) {
        Instant now = clock.instant();
        if (blue == null || blue.requests() == 0 || blue.requests() < gate.minRequests()) {
            Baseline last = blueBaselines.get(gate);
            return last != null && !last.at().isBefore(now.minus(BLUE_BASELINE_AGE))
                    ? Optional.of(last.value())
                    : Optional.empty();
        }
        double current = value.applyAsDouble(blue);
        blueBaselines.put(gate, new Baseline(current, now));
        return Optional.of(current);
    }

    private void transition(String name, AlarmState next, String reason) {
        AlarmState previous;
        String previousReason;
        Instant now = clock.instant();
        synchronized (this) {
            previous = states.get(name);
            previousReason = reasons.get(name);
            states.put(name, next);
            reasons.put(name, reason);
        }
        if (previous == next) {
            return;
        }
        // the alarm handler first: whoever shows progress (the console, the dashboard's feed) must not delay it
        if (next == AlarmState.ALARM) {
            Map<String, Object> event = event(name, next, reason, previous, previousReason, now);
            delivery.execute(() -> onAlarm.accept(event));
        }
        onTransition.accept(new Transition(name, previous, next, reason, now));
    }

    /**
     * The event a first transition of each of these alarms into ALARM would send, one per alarm, for priming the
     * alarm handler ({@link LocalFunctions#primeAlarmHandler}); nothing is evaluated or changed here.
     */
    public List<Map<String, Object>> primingEvents() {
        Instant now = clock.instant();
        return alarms.stream()
                .map(a -> event(
                        a.name(),
                        AlarmState.ALARM,
                        "priming the alarm handler at start-up",
                        AlarmState.INSUFFICIENT_DATA,
                        "no data yet",
                        now))
                .toList();
    }

    /** The EventBridge event CloudWatch sends for this change. */
    static Map<String, Object> event(
            String name, AlarmState state, String reason, AlarmState previous, String previousReason, Instant at) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alarmName", name);
        detail.put("state", Map.of("value", state.name(), "reason", reason, "timestamp", CLOUDWATCH_TIME.format(at)));
        detail.put(
                "previousState",
                Map.of("value", previous.name(), "reason", previousReason, "timestamp", CLOUDWATCH_TIME.format(at)));
        detail.put(
                "configuration", Map.of("description", "local alarm on green's sliding window", "metrics", List.of()));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", AlarmStateChange.DETAIL_TYPE);
        event.put("source", "aws.cloudwatch");
        event.put("account", "123456789012");
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        event.put("region", "us-east-1");
        event.put("resources", List.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name));
        event.put("detail", detail);
        return event;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        delivery.shutdown();
        try {
            delivery.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
