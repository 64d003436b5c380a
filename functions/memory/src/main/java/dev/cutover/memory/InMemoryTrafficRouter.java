package dev.cutover.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * A {@link TrafficRouter} that keeps each route's split in memory: for tests, and as the state behind the local
 * runtime's router. A route is known by its rule ARN when the routing names one, else by its listener ARN; a route
 * not seen before starts at the initial weights given to the constructor.
 *
 * <p>As a load balancer does, a route holds its split per target group, not per role: it is kept in the order of
 * the routing's {@link Routing#targetGroupArns()} (the initial weights give the first group's share as blue), and
 * read and applied in the roles of the routing at hand, so a deployment whose blue is the second group sees the
 * split the other way round.
 *
 * <p>{@link Faults} let a test make reads and applies fail, take other weights than asked, or fail after part of
 * a change (as a load balancer may). Every method is thread-safe; faults run under the router's lock, so what a
 * fault decides and what the route holds never disagree.
 */
public final class InMemoryTrafficRouter implements TrafficRouter {

    private final Weights initial;
    private final Faults faults;
    private final Map<String, Route> routes = new HashMap<>();

    /** Routes start at 100% blue; nothing fails. */
    public InMemoryTrafficRouter() {
        this(Weights.ALL_BLUE, Faults.NONE);
    }

    public InMemoryTrafficRouter(Weights initial) {
        this(initial, Faults.NONE);
    }

    public InMemoryTrafficRouter(Weights initial, Faults faults) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public synchronized Weights read(Routing routing) {
        Route route = route(routing);
        Weights current = inRoles(routing, route.current);
        faults.beforeRead(routing, current);
        return current;
    }

    @Override
    public synchronized void apply(Routing routing, Weights weights) {
        Objects.requireNonNull(weights, "weights");
        Route route = route(routing);
        route.requested.add(inRoles(routing, weights));
        ApplyOutcome outcome = Objects.requireNonNull(
                faults.onApply(routing, inRoles(routing, route.current), weights), "Faults.onApply returned null");
        outcome.leftAt().map(w -> inRoles(routing, w)).ifPresent(route::moveTo);
        if (outcome.failure().isPresent()) {
            throw outcome.failure().get();
        }
    }

    /** Every split {@link #apply} was asked for on this route, in order, including those that failed. */
    public synchronized List<Weights> requested(Routing routing) {
        return route(routing).requested.stream().map(w -> inRoles(routing, w)).toList();
    }

    /** Every split this route has been at, in order, starting with the initial one; repeats collapsed. */
    public synchronized List<Weights> history(Routing routing) {
        return route(routing).history.stream().map(w -> inRoles(routing, w)).toList();
    }

    /**
     * Weights in the order of the routing's target groups from (or to) weights in its roles: the same when its blue
     * is the first group, else swapped (the conversion is its own inverse).
     */
    private static Weights inRoles(Routing routing, Weights weights) {
        boolean firstIsBlue = routing.roles()
                .map(r -> r.blue().equals(routing.targetGroupArns().get(0)))
                .orElse(true);
        return firstIsBlue ? weights : new Weights(weights.green(), weights.blue());
    }

    private Route route(Routing routing) {
        Objects.requireNonNull(routing, "routing");
        return routes.computeIfAbsent(key(routing), k -> new Route(initial));
    }

    /** The key a route is known by: the rule when the routing names one, else the listener. */
    private static String key(Routing routing) {
        return routing.productionRuleArn().orElse(routing.productionListenerArn());
    }

    private static final class Route {
        Weights current;
        final List<Weights> history = new ArrayList<>();
        final List<Weights> requested = new ArrayList<>();

        Route(Weights initial) {
            current = initial;
            history.add(initial);
        }

        void moveTo(Weights weights) {
            if (!weights.equals(current)) {
                current = weights;
                history.add(weights);
            }
        }
    }

    /**
     * What an apply does to the route.
     *
     * @param leftAt  the split the route holds afterwards; empty leaves it unchanged
     * @param failure thrown to the caller after the route is updated; empty for success
     */
    public record ApplyOutcome(Optional<Weights> leftAt, Optional<RuntimeException> failure) {

        public ApplyOutcome {
            Objects.requireNonNull(leftAt, "leftAt");
            Objects.requireNonNull(failure, "failure");
        }

        /** The route takes {@code weights} and the call succeeds (a fault may pass other weights than asked). */
        public static ApplyOutcome takes(Weights weights) {
            return new ApplyOutcome(Optional.of(weights), Optional.empty());
        }

        /** Nothing changes and the call throws {@code failure}. */
        public static ApplyOutcome fails(RuntimeException failure) {
            return new ApplyOutcome(Optional.empty(), Optional.of(failure));
        }

        /** The route is left at {@code weights}, part way, and the call throws {@code failure}. */
        public static ApplyOutcome failsLeaving(Weights weights, RuntimeException failure) {
            return new ApplyOutcome(Optional.of(weights), Optional.of(failure));
        }
    }

    /** Where tests make the router misbehave. The defaults behave: reads succeed, applies take what is asked. */
    public interface Faults {

        Faults NONE = new Faults() {};

        /**
         * Called before a read returns {@code current}; throw (e.g. a {@link DependencyException}) to fail it.
         */
        default void beforeRead(Routing routing, Weights current) {}

        /** Decides what an apply of {@code requested} to a route at {@code current} does. */
        default ApplyOutcome onApply(Routing routing, Weights current, Weights requested) {
            return ApplyOutcome.takes(requested);
        }
    }
}
