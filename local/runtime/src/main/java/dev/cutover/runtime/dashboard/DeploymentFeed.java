package dev.cutover.runtime.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Shifting;
import dev.cutover.runtime.router.MetricsSnapshot;

/**
 * What a deployment tells its dashboard and its report, as it happens: one ordered log of {@link Event}s. Whoever
 * runs a deployment ({@code cutover demo}, {@code serve} and {@code deploy}) publishes to it; the
 * {@link DashboardServer} streams it to browsers, replaying what came before to a page opened late, and
 * {@link HtmlReport} draws its charts from it.
 *
 * <p>The kinds of event, each with a JSON object as data:
 *
 * <ul>
 *   <li>{@code plan}: {@code {service, stages: [{percent, bakeSeconds}], gates: [{metric, threshold, ...}]}}
 *   <li>{@code deployment}: a deployment starts: {@code {deploymentId, version, scenario}}
 *   <li>{@code state}: a workflow state starts or ends: {@code {state, status: running|done|failed}}
 *   <li>{@code stage}: a stage shifted or was judged (the summary's stage entry)
 *   <li>{@code metrics}: one sample a second: {@code {weights: {blue, green}, blue: {rps, errorRate, p99Ms},
 *       green: {...}}} ({@code cutover deploy}: one a CloudWatch period, with {@code source: CloudWatch} and the
 *       {@code window: {from, to}} it covers)
 *   <li>{@code metricsSource}: whether the per-version numbers are available from where they come: {@code {source,
 *       available, reason?}}; the charts say "no data from SOURCE" while they are not
 *   <li>{@code hook}: a lifecycle hook or step ended: {@code {step, name?, status?, durationMs?, reason?}}
 *   <li>{@code alarm}: an alarm went to ALARM: {@code {text}}
 *   <li>{@code rollback}: the decision to roll back: {@code {reason, trigger, detectedAfterMs,
 *       trafficRestoredAfterMs}}
 *   <li>{@code outcome}: how the deployment ended: {@code {outcome, finalWeights: {blue, green}, ...}}
 *   <li>{@code approval}: a stage waits for approval, or no longer: {@code {deploymentId, stageIndex, percent,
 *       status: waiting|answered}}
 *   <li>{@code history}: the ledger's deployments of the service, newest first: {@code {service, deployments:
 *       [RECORD]}} ({@link LedgerQueries#historyEvent})
 * </ul>
 *
 * Thread-safe. Subscribers are called under the feed's lock, in order, and must only hand the event off (queue it).
 */
public final class DeploymentFeed {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One thing that happened; {@code seq} counts from 1 in publishing order. */
    public record Event(long seq, Instant at, String kind, ObjectNode data) {}

    private final Clock clock;
    private final List<Event> events = new ArrayList<>();
    private final List<Consumer<Event>> subscribers = new ArrayList<>();

    public DeploymentFeed(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A fresh, empty JSON object to fill as an event's data. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The {@code plan} event's data: the spec's stages and metric gates. */
    public static ObjectNode planOf(CutoverSpec spec) {
        ObjectNode plan = object().put("service", spec.service());
        ArrayNode stages = plan.putArray("stages");
        for (Shifting.Stage stage : spec.shifting().stages()) {
            stages.addObject()
                    .put("percent", stage.percent())
                    .put("bakeSeconds", stage.bake().toSeconds());
        }
        ArrayNode gates = plan.putArray("gates");
        for (HealthGates.MetricGate gate : spec.health().metricGates()) {
            ObjectNode g = gates.addObject().put("metric", gate.metric().name()).put("threshold", gate.threshold());
            gate.percentile().ifPresent(p -> g.put("percentile", p));
            gate.maxIncreaseOverBlue().ifPresent(m -> g.put("maxIncreaseOverBlue", m));
            g.put("minRequests", gate.minRequests());
        }
        return plan;
    }

    /**
     * A {@code metrics} event's data: the weights by role and each role's traffic over the last {@code window}.
     *
     * @param blue  what the version taking production before the deployment served
     * @param green what the new version served
     */
    public static ObjectNode metricsOf(
            String phase, Weights byRole, MetricsSnapshot blue, MetricsSnapshot green, Duration window) {
        ObjectNode sample = object().put("phase", phase);
        sample.putObject("weights").put("blue", byRole.blue()).put("green", byRole.green());
        version(sample.putObject("blue"), blue, window);
        version(sample.putObject("green"), green, window);
        return sample;
    }

    private static void version(ObjectNode node, MetricsSnapshot s, Duration window) {
        node.put("rps", s.requests() * 1000 / Math.max(1, window.toMillis()));
        node.put("errorRate", s.serverErrorRate());
        if (s.requests() > 0) {
            node.put("p99Ms", s.latencyPercentile(99).toNanos() / 1e6);
        } else {
            node.putNull("p99Ms");
        }
    }

    public void publish(String kind, ObjectNode data) {
        Objects.requireNonNull(kind, "kind");
        synchronized (this) {
            Event event = new Event(events.size() + 1L, clock.instant(), kind, data.deepCopy());
            events.add(event);
            // under the lock, so every subscriber sees the events in order
            subscribers.forEach(s -> s.accept(event));
        }
    }

    /** Everything published so far, in order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The events of one kind, in order. */
    public synchronized List<Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /**
     * Calls {@code subscriber} with every event published so far, then with each new one; closing the returned
     * handle stops it. The replay and the live events never overlap or miss one.
     */
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        synchronized (this) {
            events.forEach(subscriber);
            subscribers.add(subscriber);
        }
        return () -> {
            synchronized (this) {
                subscribers.remove(subscriber);
            }
        };
    }
}
