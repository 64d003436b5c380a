package dev.cutover.runtime.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a deployment tells its dashboard and its report, as it happens: one ordered log of {@link Event}s. Whoever
 * runs a deployment ({@code cutover demo} now; {@code serve} and {@code deploy} later) publishes to it; the
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
 *       green: {...}}}
 *   <li>{@code hook}: a lifecycle hook or step ended: {@code {step, name?, status?, durationMs?, reason?}}
 *   <li>{@code alarm}: an alarm went to ALARM: {@code {text}}
 *   <li>{@code rollback}: the decision to roll back: {@code {reason, trigger, detectedAfterMs,
 *       trafficRestoredAfterMs}}
 *   <li>{@code outcome}: how the deployment ended: {@code {outcome, finalWeights: {blue, green}, ...}}
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
