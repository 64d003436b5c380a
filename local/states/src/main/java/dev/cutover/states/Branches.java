package dev.cutover.states;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Runs the branches of a Parallel state or the iterations of a Map state, and collects their outputs in
 * branch/item order.
 *
 * <p>In real time, branches run concurrently on the engine's executor, at most MaxConcurrency at once (40 when
 * unlimited, the inline Map's own ceiling); the first failure cancels the others. In virtual time they run one
 * after another, in order, on the calling thread, which keeps executions deterministic: each branch gets its
 * own fork of the virtual clock starting when a concurrency slot would have freed up, and the state resumes at
 * the latest branch end, so the elapsed virtual time is what concurrent execution would take. The first
 * failing branch in order fails the state and the later ones are not started.
 */
final class Branches {

    /** The largest number of iterations run at once when MaxConcurrency is 0 (unlimited). */
    static final int UNLIMITED_CONCURRENCY = 40;

    interface Body {
        JsonNode run(int index, Scope scope) throws StatesFailure;
    }

    interface Events {
        void started(int index, Scope scope);

        void succeeded(int index, Scope scope);

        void failed(int index, Scope scope);

        void aborted(int index, Scope scope);
    }

    static final Events NO_EVENTS = new Events() {
        @Override
        public void started(int index, Scope scope) {}

        @Override
        public void succeeded(int index, Scope scope) {}

        @Override
        public void failed(int index, Scope scope) {}

        @Override
        public void aborted(int index, Scope scope) {}
    };

    private Branches() {}

    static ArrayNode runAll(StateRun stateRun, int count, int maxConcurrency, Body body, Events events)
            throws StatesFailure {
        Scope parent = stateRun.scope;
        JsonNode[] results = new JsonNode[count];
        boolean sequential = parent.clock.isVirtual() || count <= 1 || maxConcurrency == 1;
        if (sequential) {
            runInOrder(parent, count, maxConcurrency, body, events, results);
        } else {
            runConcurrently(parent, count, maxConcurrency, body, events, results);
        }
        ArrayNode out = Json.NODES.arrayNode(count);
        for (JsonNode result : results) {
            out.add(result);
        }
        return out;
    }

    private static void runInOrder(
            Scope parent, int count, int maxConcurrency, Body body, Events events, JsonNode[] results)
            throws StatesFailure {
        Run run = parent.run;
        Group group = new Group(parent.group);
        boolean virtual = parent.clock.isVirtual();
        Instant start = parent.clock.now();
        Instant latest = start;
        int lanes = Math.max(1, maxConcurrency <= 0 ? count : Math.min(maxConcurrency, count));
        Instant[] laneFree = new Instant[lanes];
        java.util.Arrays.fill(laneFree, start);
        try {
            for (int i = 0; i < count; i++) {
                int lane = 0;
                for (int l = 1; l < lanes; l++) {
                    if (laneFree[l].isBefore(laneFree[lane])) {
                        lane = l;
                    }
                }
                TimeSource clock = virtual ? new TimeSource.Virtual(laneFree[lane]) : parent.clock;
                Scope child = Scope.child(run, clock, group, parent.lastEventId, parent);
                events.started(i, child);
                try {
                    results[i] = body.run(i, child);
                } catch (StatesFailure failure) {
                    events.failed(i, child);
                    latest = later(latest, clock.now());
                    throw failure;
                }
                events.succeeded(i, child);
                laneFree[lane] = clock.now();
                latest = later(latest, laneFree[lane]);
            }
        } finally {
            if (parent.clock instanceof TimeSource.Virtual virtualClock) {
                virtualClock.advanceTo(latest);
            }
            parent.lastEventId = run.history.lastId();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    private static void runConcurrently(
            Scope parent, int count, int maxConcurrency, Body body, Events events, JsonNode[] results)
            throws StatesFailure {
        Run run = parent.run;
        Group group = new Group(parent.group);
        int limit = maxConcurrency <= 0 ? UNLIMITED_CONCURRENCY : maxConcurrency;
        int workers = Math.min(count, limit);
        AtomicInteger nextIndex = new AtomicInteger();
        AtomicReference<StatesFailure> failure = new AtomicReference<>();
        AtomicReference<RuntimeException> crash = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(workers);
        long startedEventId = parent.lastEventId;
        Runnable worker = () -> {
            try {
                while (true) {
                    int i = nextIndex.getAndIncrement();
                    if (i >= count || group.cancelled || run.terminated()) {
                        return;
                    }
                    Scope child = Scope.child(run, parent.clock, group, startedEventId, parent);
                    try {
                        events.started(i, child);
                        results[i] = body.run(i, child);
                        events.succeeded(i, child);
                    } catch (StatesFailure f) {
                        events.failed(i, child);
                        if (failure.compareAndSet(null, f)) {
                            group.cancelled = true;
                            run.signalAll();
                        }
                        return;
                    } catch (BranchCancelled cancelled) {
                        events.aborted(i, child);
                        return;
                    } catch (ExecutionTerminated terminated) {
                        return;
                    } catch (RuntimeException e) {
                        if (crash.compareAndSet(null, e)) {
                            group.cancelled = true;
                            run.signalAll();
                        }
                        return;
                    }
                }
            } finally {
                done.countDown();
            }
        };
        for (int w = 0; w < workers; w++) {
            run.engine.executor().execute(worker);
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                run.stop(null, "The thread running the execution was interrupted.");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        parent.lastEventId = run.history.lastId();
        if (failure.get() != null) {
            throw failure.get();
        }
        if (crash.get() != null) {
            throw crash.get();
        }
        parent.checkAlive();
    }
}
