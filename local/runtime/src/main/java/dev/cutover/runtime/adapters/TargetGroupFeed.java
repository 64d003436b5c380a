package dev.cutover.runtime.adapters;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.cutover.memory.InMemoryTargetGroupMetrics;
import dev.cutover.runtime.router.RequestRecord;

/**
 * Feeds the judge's target-group metrics from the local router's finished requests, as the load balancer feeds
 * CloudWatch: each request counts for the target group behind the router slot that answered it. The groups come from
 * the spec, which is rendered once the router listens, so requests before {@link #bind} are not counted.
 */
public final class TargetGroupFeed {

    private final InMemoryTargetGroupMetrics metrics;
    private final AtomicReference<List<String>> groups = new AtomicReference<>();

    public TargetGroupFeed(InMemoryTargetGroupMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The groups behind the router's slots: BLUE's first, GREEN's second. */
    public void bind(List<String> slotGroups) {
        if (slotGroups.size() != 2) {
            throw new IllegalArgumentException("expected the two slots' target groups, got " + slotGroups);
        }
        groups.set(List.copyOf(slotGroups));
    }

    /** Counts {@code request} for its slot's group; false (nothing counted) before {@link #bind}. */
    public boolean record(RequestRecord request) {
        List<String> bound = groups.get();
        if (bound == null) {
            return false;
        }
        metrics.record(
                bound.get(request.version().ordinal()),
                request.at(),
                request.status(),
                request.latency().toNanos() / 1e6);
        return true;
    }
}
