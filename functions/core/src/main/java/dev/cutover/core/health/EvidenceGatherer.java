package dev.cutover.core.health;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.health.Evidence.Measured;
import dev.cutover.core.health.Evidence.NotRead;
import dev.cutover.core.health.Evidence.Traffic;
import dev.cutover.core.health.Evidence.Unreadable;
import dev.cutover.core.health.Evidence.Window;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Routing;

/**
 * Reads what the health judge needs after a bake, and nothing more: the states of the spec's alarms, and green's
 * and blue's traffic over the bake window with every latency percentile the gates name, each target group read
 * once. The judging itself is {@link EvidenceJudge}'s.
 *
 * <p>Asks nobody when the spec configures neither alarms nor metric gates.
 */
public final class EvidenceGatherer {

    private final AlarmStateReader alarms;
    private final TargetGroupMetrics metrics;

    public EvidenceGatherer(AlarmStateReader alarms, TargetGroupMetrics metrics) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * @throws IllegalArgumentException when {@code now} is not after {@code bakeStart}, or a latency gate has no
     *                                  percentile
     * @throws DependencyException      when the alarms cannot be read, or the metrics cannot be read and no alarm has
     *                                  already made green unhealthy (a
     *                                  {@link dev.cutover.core.error.TransientDependencyException} is worth retrying)
     */
    public Evidence gather(CutoverSpec spec, Instant bakeStart, Instant now) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(bakeStart, "bakeStart");
        Objects.requireNonNull(now, "now");
        Window window = new Window(bakeStart, now);
        HealthGates health = spec.health();
        List<String> names = EvidenceJudge.distinct(health.alarms());
        Map<String, AlarmState> alarmStates = readAlarms(names);

        Traffic traffic = new NotRead();
        if (!health.metricGates().isEmpty()) {
            try {
                traffic = readTraffic(spec.routing(), health, window);
            } catch (DependencyException e) {
                if (!EvidenceJudge.alarmsFail(names, alarmStates)) {
                    throw e;
                }
                // an alarm already condemns green: roll back now rather than retry a metrics read that cannot help
                traffic = new Unreadable(e.getMessage());
            }
        }
        return new Evidence(window, alarmStates, traffic);
    }

    /**
     * The evidence when the metrics cannot be read yet but the alarms alone already condemn green; empty when they
     * do not (then the caller waits for the metrics).
     *
     * @param metricsReason why the metrics were not read
     */
    public Optional<Evidence> alarmsAlone(CutoverSpec spec, Window window, String metricsReason) {
        List<String> names = EvidenceJudge.distinct(spec.health().alarms());
        Map<String, AlarmState> alarmStates = readAlarms(names);
        if (!EvidenceJudge.alarmsFail(names, alarmStates)) {
            return Optional.empty();
        }
        return Optional.of(new Evidence(window, alarmStates, new Unreadable(metricsReason)));
    }

    private Map<String, AlarmState> readAlarms(List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, AlarmState> states = alarms.states(names);
        Map<String, AlarmState> known = new HashMap<>();
        for (String name : names) {
            AlarmState state = states == null ? null : states.get(name);
            if (state != null) {
                known.put(name, state);
            }
        }
        return known;
    }

    /**
     * Whether either of this deployment's target groups served a request in {@code [from, to)}: how the judge tells a
     * period that has no datapoint yet (CloudWatch publishes late, and not always all at once) from one it can judge.
     *
     * @throws DependencyException when the metrics cannot be read
     */
    public boolean anyRequests(CutoverSpec spec, Instant from, Instant to) {
        Routing routing = spec.routing();
        String loadBalancer = LoadBalancerArns.loadBalancerArn(routing.productionListenerArn());
        return metrics.stats(routing.greenTargetGroupArn(), loadBalancer, from, to, Set.of())
                                .requests()
                        > 0
                || metrics.stats(routing.blueTargetGroupArn(), loadBalancer, from, to, Set.of())
                                .requests()
                        > 0;
    }

    private Measured readTraffic(Routing routing, HealthGates health, Window window) {
        Set<Double> percentiles = new TreeSet<>();
        for (HealthGates.MetricGate gate : health.metricGates()) {
            if (gate.metric() == Metric.LATENCY) {
                percentiles.add(gate.percentile()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "health.metricGates: a latency gate needs a percentile, e.g. 99 for p99")));
            }
        }
        String loadBalancer = LoadBalancerArns.loadBalancerArn(routing.productionListenerArn());
        TrafficStats green =
                metrics.stats(routing.greenTargetGroupArn(), loadBalancer, window.start(), window.end(), percentiles);
        TrafficStats blue =
                metrics.stats(routing.blueTargetGroupArn(), loadBalancer, window.start(), window.end(), percentiles);
        if (health.judge() == HealthGates.Judge.STATISTICAL) {
            // the rank test needs the values themselves, not percentiles; only the statistical judge asks
            green = green.withLatencySamples(
                    metrics.latencySamples(routing.greenTargetGroupArn(), loadBalancer, window.start(), window.end()));
            blue = blue.withLatencySamples(
                    metrics.latencySamples(routing.blueTargetGroupArn(), loadBalancer, window.start(), window.end()));
        }
        return new Measured(green, blue);
    }
}
