package dev.cutover.core.check;

import java.time.Duration;

/** Waiting, made injectable so tests of retries and polling need not wait. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
