package dev.cutover.check.smoke;

import dev.cutover.check.CheckResult;
import dev.cutover.check.Deadline;
import dev.cutover.check.Sleeper;
import dev.cutover.spec.SmokeTests;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/** Runs a spec's HTTP smoke tests against one listener. STUB: owned by the smoke-test work. */
public final class SmokeTestRunner {

    public SmokeTestRunner(Clock clock, Sleeper sleeper) {
    }

    /**
     * Runs every test in order; never throws for a failing or unreachable target (that is a failed result).
     *
     * @param listenerUrl base URL that paths are resolved against (the test or the production listener)
     * @param deadline    no attempt starts after it; a test cut short by it fails saying so
     * @return one result per test, named {@code smoke:<test name>}
     */
    public List<CheckResult> run(URI listenerUrl, SmokeTests tests, Deadline deadline) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
