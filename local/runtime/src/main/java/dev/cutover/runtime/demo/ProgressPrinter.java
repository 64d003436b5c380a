package dev.cutover.runtime.demo;

import java.time.Duration;
import java.util.Locale;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.load.LoadGenerator;
import dev.cutover.runtime.load.LoadReport;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.router.MetricsSnapshot;
import dev.cutover.runtime.router.Version;

/**
 * One line a second while the deployment runs: phase, stage, weights, request rate, error rate, p99 per version.
 * Prints nothing (and starts no thread) when the console is quiet.
 */
final class ProgressPrinter implements AutoCloseable {

    private final DemoConsole console;
    private final Timeline timeline;
    private final LoadGenerator load;
    private final LocalRouter router;
    private final Thread thread;
    private volatile boolean running = true;

    ProgressPrinter(DemoConsole console, Timeline timeline, LoadGenerator load, LocalRouter router) {
        this.console = console;
        this.timeline = timeline;
        this.load = load;
        this.router = router;
        this.thread = new Thread(this::loop, "demo-progress");
        thread.setDaemon(true);
    }

    void start() {
        if (console.enabled()) {
            thread.start();
        }
    }

    private void loop() {
        long lastCompleted = load.snapshot().completed();
        long lastFailed = load.snapshot().failed();
        while (running) {
            Demo.sleep(Duration.ofSeconds(1));
            if (!running) {
                return;
            }
            LoadReport now = load.snapshot();
            long done = now.completed() - lastCompleted;
            long failed = now.failed() - lastFailed;
            lastCompleted = now.completed();
            lastFailed = now.failed();
            // by role, not by router slot: after a promotion the new version of the next deployment is in the blue
            // slot, and is still called green
            Version greenSlot = timeline.newSlot();
            Weights slots = router.weights();
            Weights w = greenSlot == Version.GREEN ? slots : new Weights(slots.green(), slots.blue());
            MetricsSnapshot b = router.snapshot(greenSlot.other(), Duration.ofSeconds(1));
            MetricsSnapshot g = router.snapshot(greenSlot, Duration.ofSeconds(1));
            console.event(String.format(
                    Locale.ROOT,
                    "  | %-21s stage %-4s blue %3d / green %3d | %5d req/s  " + "errors %5.2f%% | p99 blue %s green %s",
                    timeline.phase(),
                    timeline.stage(),
                    w.blue(),
                    w.green(),
                    done,
                    done == 0 ? 0.0 : 100.0 * failed / done,
                    p99(b),
                    p99(g)));
        }
    }

    private static String p99(MetricsSnapshot s) {
        return s.requests() == 0
                ? "  -   "
                : String.format(Locale.ROOT, "%3d ms", s.latencyPercentile(99).toMillis());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
