package dev.cutover.runtime.router;

import java.time.Duration;

/** Requests each upstream is serving right now, with a way to wait for one to go quiet. */
final class InFlight {

    private final int[] counts = new int[Version.values().length];

    synchronized void started(Version version) {
        counts[version.ordinal()]++;
    }

    synchronized void finished(Version version) {
        counts[version.ordinal()]--;
        if (counts[version.ordinal()] == 0) {
            notifyAll();
        }
    }

    synchronized int count(Version version) {
        return counts[version.ordinal()];
    }

    synchronized boolean awaitIdle(Version version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counts[version.ordinal()] > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return true;
    }
}
