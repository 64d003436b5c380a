package dev.cutover.core.traffic;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.TrafficShiftException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * Moves production traffic to given weights and proves it got there: apply, then read back. A load balancer that
 * accepted a change but reports another split is a failed shift, not a success. Shifting to the weights the route
 * already has is harmless and still verified.
 */
public final class TrafficShifter {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficShifter.class);

    private final TrafficRouter router;

    public TrafficShifter(TrafficRouter router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    /**
     * Sets the routing's production route to {@code target} and returns the weights read back, equal to
     * {@code target}.
     *
     * @throws TrafficShiftException when the weights read back differ from {@code target}
     * @throws DependencyException   when the router fails (transient faults as
     *                               {@link dev.cutover.core.error.TransientDependencyException}, unchanged so callers
     *                               and Step Functions can retry them)
     */
    /**
     * Whether the writer still holds its fence (its deployment's lease, HELD). ELBv2's ModifyListener and
     * ModifyRule have no condition, so a traffic write is fenced around the call instead: checked immediately
     * before the write, re-checked immediately after it, and a write that lost is undone.
     */
    @FunctionalInterface
    public interface Fence {
        /** Where the fence stands now; empty while the writer holds it. */
        java.util.Optional<Lost> lost();
    }

    /**
     * @param why        what the lock says, for messages
     * @param otherOwner another deployment holds the service's lock now: it owns the listener, so a write that lost
     *                   is not undone over it
     */
    public record Lost(String why, boolean otherOwner) {}

    /**
     * A fenced {@link #shift}: nothing is written unless {@code fence} holds immediately before; if the fence was
     * lost while the write was in flight (a rollback decided meanwhile, or the lock was released), the route is put
     * back to 100% blue, which is what the rollback that won writes too, and {@link FencedOut} is thrown. When
     * another deployment holds the lock by then, its listener is not touched.
     *
     * @throws FencedOut when the fence was lost before or during the write
     */
    public Weights shift(Routing routing, Weights target, Fence fence) {
        Objects.requireNonNull(fence, "fence");
        java.util.Optional<Lost> before = fence.lost();
        if (before.isPresent()) {
            throw new FencedOut(before.get().why(), false);
        }
        Weights actual = shift(routing, target);
        java.util.Optional<Lost> after = fence.lost();
        if (after.isPresent() && after.get().otherOwner()) {
            throw new FencedOut(after.get().why(), false);
        }
        if (after.isPresent()) {
            LOG.warn(
                    "the fence was lost while traffic on {} moved to {} ({}): undoing, back to {}",
                    Routes.describe(routing),
                    target,
                    after.get().why(),
                    Weights.ALL_BLUE);
            router.apply(routing, Weights.ALL_BLUE);
            throw new FencedOut(after.get().why(), true);
        }
        return actual;
    }

    /** A fenced shift found its fence lost; {@link #undone} when it had written and put traffic back on blue. */
    public static final class FencedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean undone;

        FencedOut(String why, boolean undone) {
            super(why);
            this.undone = undone;
        }

        public boolean undone() {
            return undone;
        }
    }

    public Weights shift(Routing routing, Weights target) {
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(target, "target");
        router.apply(routing, target);
        Weights actual = router.read(routing);
        if (!actual.equals(target)) {
            throw new TrafficShiftException(
                    "traffic shift on " + Routes.describe(routing) + " did not take: expected " + target
                            + " but read back " + actual,
                    target,
                    actual,
                    null);
        }
        LOG.info("traffic on {} is now {}", Routes.describe(routing), actual);
        return actual;
    }
}
