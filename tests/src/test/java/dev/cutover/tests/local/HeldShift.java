package dev.cutover.tests.local;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * A traffic router that holds one write in flight: once {@link #armFor armed} for a split, the first write of that
 * split blocks before it reaches the router until the test {@link #release releases} it, so a test knows a
 * ShiftTraffic task is mid-shift and can act meanwhile (abort it). Every other write and read passes straight
 * through, on any thread.
 *
 * <p>On AWS a running Lambda is not stopped by StopExecution; the local engine interrupts the handler threads of a
 * stopped execution instead. The held write ignores that interrupt, and clears it, so the late task goes on as
 * the Lambda on AWS would, to the write it was about to make.
 */
final class HeldShift implements TrafficRouter {

    private final TrafficRouter router;
    private final AtomicReference<Weights> armed = new AtomicReference<>();
    private final AtomicReference<Thread> holder = new AtomicReference<>();
    private final AtomicReference<Routing> heldRouting = new AtomicReference<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch lateTaskPutBlueBack = new CountDownLatch(1);
    private volatile boolean lateWriteDone;

    HeldShift(TrafficRouter router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    /** Holds the next write of {@code split} (once). */
    void armFor(Weights split) {
        if (!armed.compareAndSet(null, split)) {
            throw new IllegalStateException("already armed for " + armed.get());
        }
    }

    /** Waits until the armed write is held, i.e. the task writing it is mid-shift. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held write go on to the router. */
    void release() {
        released.countDown();
    }

    /**
     * Waits until the task whose write was held, after its late write landed, writes 100% blue again: a shift that
     * lost its fence undoes itself. False when it did not within the timeout.
     */
    boolean awaitLateTaskPutBlueBack(Duration timeout) throws InterruptedException {
        return lateTaskPutBlueBack.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The weights the router applies now on the route the held write targeted. */
    Weights weightsNow() {
        Routing routing = heldRouting.get();
        if (routing == null) {
            throw new IllegalStateException("no write was held");
        }
        return router.read(routing);
    }

    @Override
    public Weights read(Routing routing) {
        return router.read(routing);
    }

    @Override
    public void apply(Routing routing, Weights weights) {
        Weights split = armed.get();
        if (split != null && split.equals(weights) && holder.compareAndSet(null, Thread.currentThread())) {
            heldRouting.set(routing);
            held.countDown();
            awaitReleaseAsALambdaWould();
            router.apply(routing, weights);
            lateWriteDone = true;
            return;
        }
        router.apply(routing, weights);
        if (lateWriteDone && Thread.currentThread() == holder.get() && weights.equals(Weights.ALL_BLUE)) {
            lateTaskPutBlueBack.countDown();
        }
    }

    private void awaitReleaseAsALambdaWould() {
        boolean done = false;
        while (!done) {
            try {
                done = released.await(2, TimeUnit.MINUTES);
                if (!done) {
                    throw new IllegalStateException("the held write was never released");
                }
            } catch (InterruptedException e) {
                // StopExecution reached the local engine's handler thread: a Lambda would not notice
            }
        }
        Thread.interrupted();
    }
}
