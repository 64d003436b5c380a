package dev.cutover.runtime.router;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.cutover.core.port.model.Weights;

/**
 * The local router on its own, for {@code bench/router.sh}: proxies to two upstreams with a weighted split and,
 * optionally, flips the split every {@code SWITCH_MS} milliseconds (between {@code GREEN_PERCENT} and all blue, as a
 * stage and a rollback would). Prints {@code production http://127.0.0.1:PORT} once listening, runs until its
 * standard input closes, then prints the requests each upstream served, the 5xx among them and the retries.
 *
 * <pre>java -cp cutover-cli.jar dev.cutover.runtime.router.RouterMain BLUE_URL GREEN_URL GREEN_PERCENT [SWITCH_MS]</pre>
 */
public final class RouterMain {

    private RouterMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: RouterMain BLUE_URL GREEN_URL GREEN_PERCENT [SWITCH_MS]");
            System.exit(2);
        }
        int green = Integer.parseInt(args[2]);
        Weights split = new Weights(100 - green, green);
        long switchMillis = args.length == 4 ? Long.parseLong(args[3]) : 0;
        try (LocalRouter router = LocalRouter.start(
                RouterConfig.of(URI.create(args[0]), URI.create(args[1])).withInitialWeights(split))) {
            System.out.println("production " + router.productionUri());
            System.out.flush();
            ScheduledExecutorService switcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "router-switch");
                t.setDaemon(true);
                return t;
            });
            if (switchMillis > 0) {
                switcher.scheduleAtFixedRate(
                        () -> router.setWeights(router.weights().equals(split) ? Weights.ALL_BLUE : split),
                        switchMillis,
                        switchMillis,
                        TimeUnit.MILLISECONDS);
            }
            while (System.in.read() >= 0) {
                // runs until the benchmark closes our standard input
            }
            switcher.shutdownNow();
            for (Version version : Version.values()) {
                MetricsSnapshot served = router.snapshot(version);
                System.out.println(
                        version.header() + " requests " + served.requests() + " 5xx " + served.serverErrors());
            }
            System.out.println("retries " + router.retries());
        }
    }
}
