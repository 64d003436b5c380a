package dev.cutover.core.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.cutover.core.health.Evidence;
import dev.cutover.core.health.EvidenceGatherer;
import dev.cutover.core.health.EvidenceJudge;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.AlarmStateReader.AlarmState;
import dev.cutover.core.port.DeploymentControl;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.TrafficStats;
import dev.cutover.core.port.model.GateResult;
import dev.cutover.core.port.model.HealthVerdict;
import dev.cutover.core.port.model.HookStatus;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.workflow.RoleResolver;

/**
 * {@code cutover plan --check-gates}: whether each health gate of a spec would pass on today's data, if green
 * behaved as blue does now. Blue is resolved as a standalone deployment resolves it (the target group the
 * production route sends 100% to, {@link RoleResolver}); the spec's alarms and blue's traffic over the last
 * bake-length window are read by the workflow's own {@link EvidenceGatherer} and judged by its {@link EvidenceJudge},
 * with blue's numbers standing in for green's. A gate that fails on them fails every deployment whatever green does.
 *
 * <p>The window is the first stage's bake (the first judgement a deployment faces) in whole metric periods, at least
 * one, ending at the last period already published: for CloudWatch's ALB metrics, the last whole minute at least
 * 120 s ago.
 */
public final class GateCheck {

    private final TrafficRouter router;
    private final AlarmStateReader alarms;
    private final TargetGroupMetrics metrics;
    private final Clock clock;

    public GateCheck(TrafficRouter router, AlarmStateReader alarms, TargetGroupMetrics metrics, Clock clock) {
        this.router = Objects.requireNonNull(router, "router");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How a gate or alarm would fare. */
    public enum Result {
        PASS,
        FAIL,
        /** Not enough data to judge (too few requests, no percentile value): the stage would be inconclusive. */
        NO_DATA
    }

    /**
     * One metric gate on blue's numbers.
     *
     * @param gate    the spec's gate
     * @param judged  the judge's result, blue's numbers standing in for green's
     * @param current blue's value over the window (a fraction for the 5xx rate, ms for latency); empty without data
     */
    public record Gate(HealthGates.MetricGate gate, GateResult judged, Optional<Double> current, Result result) {}

    /** One alarm of the spec and its state now. */
    public record Alarm(String name, AlarmState state, Result result) {}

    /**
     * @param roles   blue, the live group, and green, the other
     * @param window  the window of blue's traffic read
     * @param bake    the bake the window stands for
     * @param blue    blue's traffic over the window; empty when the spec has no metric gates
     * @param verdict the judge's verdict on blue's numbers as green's
     */
    public record Report(
            TargetGroupRoles roles,
            Evidence.Window window,
            Duration bake,
            Optional<TrafficStats> blue,
            List<Gate> gates,
            List<Alarm> alarms,
            HealthVerdict verdict) {

        /** Whether any gate or alarm fails on today's data: every deployment would roll back. */
        public boolean wouldFail() {
            return gates.stream().anyMatch(g -> g.result() == Result.FAIL)
                    || alarms.stream().anyMatch(a -> a.result() == Result.FAIL);
        }
    }

    /**
     * @throws dev.cutover.core.error.InvalidWorkflowInputException when the production route is split (no group is
     *                                                              live)
     * @throws dev.cutover.core.error.DependencyException           when the route, the alarms or the metrics cannot
     *                                                              be read
     */
    public Report check(CutoverSpec spec) {
        Objects.requireNonNull(spec, "spec");
        TargetGroupRoles roles = new RoleResolver(router, NO_CODEDEPLOY)
                .resolve(spec.routing(), Optional.empty(), "the spec of " + spec.service());
        Routing routing = spec.routing().withRoles(roles);
        Duration bake = spec.shifting().stages().get(0).bake();
        Evidence.Window window = window(clock.instant(), bake, metrics.timing());

        TargetGroupMetrics blueAsGreen = new BlueAsGreen(metrics, roles);
        Evidence evidence = new EvidenceGatherer(alarms, blueAsGreen)
                .gather(spec.withRouting(routing), window.start(), window.end());
        HealthVerdict verdict = EvidenceJudge.judge(absoluteLines(spec.health()), evidence);

        List<Gate> gates = new ArrayList<>();
        for (int i = 0; i < verdict.gates().size(); i++) {
            GateResult judged = verdict.gates().get(i);
            Result result = switch (judged.status()) {
                case HEALTHY -> Result.PASS;
                case UNHEALTHY -> Result.FAIL;
                case INCONCLUSIVE -> Result.NO_DATA;
            };
            gates.add(new Gate(spec.health().metricGates().get(i), judged, judged.greenValue(), result));
        }
        List<Alarm> alarmResults = new ArrayList<>();
        for (String name : new LinkedHashSet<>(spec.health().alarms())) {
            AlarmState state = evidence.alarmStates().getOrDefault(name, AlarmState.MISSING);
            Result result = switch (state) {
                case OK -> Result.PASS;
                case INSUFFICIENT_DATA -> Result.NO_DATA;
                case ALARM, MISSING -> Result.FAIL;
            };
            alarmResults.add(new Alarm(name, state, result));
        }
        Optional<TrafficStats> blue = evidence.traffic() instanceof Evidence.Measured measured
                ? Optional.of(measured.blue())
                : Optional.empty();
        return new Report(roles, window, bake, blue, gates, alarmResults, verdict);
    }

    /**
     * The gates with their absolute thresholds only. Green is blue here, so a gate's relative line
     * ({@code maxIncreaseOverBlue}) is met by construction, and with it a breach blue shares would be excused
     * ({@link dev.cutover.core.health.SharedBreach}): the check would then hide the very fact it exists to show, that
     * blue is over a threshold today. A deployment still excuses such a breach while green stays within the margin.
     */
    static HealthGates absoluteLines(HealthGates health) {
        List<HealthGates.MetricGate> gates = health.metricGates().stream()
                .map(gate -> new HealthGates.MetricGate(
                        gate.metric(), gate.percentile(), gate.threshold(), Optional.empty(), gate.minRequests()))
                .toList();
        return new HealthGates(health.alarms(), gates, health.metricsWait(), health.judge(), health.statistical());
    }

    /**
     * The last bake-length window of published data: {@code bake} rounded up to whole periods (at least one),
     * ending at the last period boundary at least the publication delay before {@code now}; with immediate timing,
     * the bake (at least a second) up to now.
     */
    static Evidence.Window window(Instant now, Duration bake, MetricTiming timing) {
        if (timing.immediate()) {
            return new Evidence.Window(now.minus(bake.isZero() ? Duration.ofSeconds(1) : bake), now);
        }
        long period = timing.period().toSeconds();
        long published = now.minus(timing.publicationDelay()).getEpochSecond();
        long end = Math.floorDiv(published, period) * period;
        long periods = Math.max(1, (bake.toSeconds() + period - 1) / period);
        return new Evidence.Window(Instant.ofEpochSecond(end - periods * period), Instant.ofEpochSecond(end));
    }

    /** Answers green's target group with blue's numbers, so the judge sees green behaving exactly like blue. */
    private record BlueAsGreen(TargetGroupMetrics metrics, TargetGroupRoles roles) implements TargetGroupMetrics {

        @Override
        public TrafficStats stats(
                String targetGroupArn, String loadBalancerArn, Instant from, Instant to, Set<Double> percentiles) {
            String read = targetGroupArn.equals(roles.green()) ? roles.blue() : targetGroupArn;
            return metrics.stats(read, loadBalancerArn, from, to, percentiles);
        }

        @Override
        public MetricTiming timing() {
            return metrics.timing();
        }
    }

    /** A standalone resolution never asks CodeDeploy; the check has no CodeDeploy deployment to ask about. */
    private static final DeploymentControl NO_CODEDEPLOY = new DeploymentControl() {
        @Override
        public TargetGroupRoles targetGroupRoles(String deploymentId, List<String> targetGroupArns) {
            throw new UnsupportedOperationException("the gate check resolves blue from the production route");
        }

        @Override
        public void stopDeployment(String deploymentId, boolean autoRollback) {
            throw new UnsupportedOperationException("the gate check stops nothing");
        }

        @Override
        public Optional<HookStatus> recordedHookStatus(String deploymentId, String lifecycleEventName) {
            throw new UnsupportedOperationException("the gate check reads no hook");
        }
    };
}
