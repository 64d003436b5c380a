package dev.cutover.runtime.load;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The load generator on its own, for benchmarks ({@code bench/loadgen.sh}, {@code bench/saturation.sh}): sends GET
 * requests to a URL at a fixed rate for a while and prints one JSON object with what was offered and what came back.
 *
 * <pre>java -cp cutover-cli.jar dev.cutover.runtime.load.LoadMain URL RATE CONCURRENCY SECONDS [WARMUP_SECONDS]</pre>
 *
 * <p>A warm-up, when asked for, runs the same load first and is not reported: the JIT compiles the send path
 * before the figures count.
 *
 * <p>Latencies are from when each request was due (coordinated omission corrected), so a generator or server that
 * falls behind shows it in the response time and in {@code late} (sent more than 10 ms behind schedule).
 */
public final class LoadMain {

    private LoadMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: LoadMain URL RATE CONCURRENCY SECONDS [WARMUP_SECONDS]");
            System.exit(2);
        }
        URI target = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(args[3]) * 1000));
        LoadConfig config = LoadConfig.of(target, rate, concurrency).withDuration(duration);
        double warmup = args.length == 5 ? Double.parseDouble(args[4]) : 0;
        if (warmup > 0) {
            run(config.withDuration(Duration.ofMillis(Math.round(warmup * 1000))));
        }
        System.out.println(new ObjectMapper().writeValueAsString(figures(config, run(config))));
    }

    private static LoadReport run(LoadConfig config) throws InterruptedException {
        Duration duration = config.duration().orElseThrow();
        try (LoadGenerator load = LoadGenerator.start(config)) {
            load.awaitFinished(duration.plus(config.requestTimeout()).plusSeconds(5));
            return load.stop();
        }
    }

    /** The report as flat figures: rates per second, latencies in milliseconds. */
    static Map<String, Object> figures(LoadConfig config, LoadReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        double seconds = report.elapsed().toNanos() / 1e9;
        out.put("target", config.target().toString());
        out.put("offeredRate", config.ratePerSecond());
        out.put("concurrency", config.concurrency());
        out.put("seconds", round(seconds));
        out.put("sent", report.sent());
        out.put("sendRate", round(report.sendRate()));
        out.put("completedRate", round(seconds == 0 ? 0 : report.completed() / seconds));
        out.put("ok", report.ok());
        out.put("failed", report.failed());
        out.put("failureReasons", report.failureReasons());
        out.put("late", report.late());
        out.put("lateFraction", round(report.sent() == 0 ? 0 : (double) report.late() / report.sent()));
        out.put("responseMs", latencies(report.responseTime()));
        out.put("serviceMs", latencies(report.serviceTime()));
        return out;
    }

    private static Map<String, Object> latencies(Latencies latencies) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            out.put(
                    String.format(Locale.ROOT, "p%s", p == Math.rint(p) ? Long.toString((long) p) : p),
                    ms(latencies.percentile(p)));
        }
        out.put("max", ms(latencies.max()));
        return out;
    }

    private static double ms(Duration d) {
        return round(d.toNanos() / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
