package dev.cutover.runtime.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.cutover.core.error.DemoException;
import dev.cutover.core.spec.HealthGates;

/**
 * The demo's spec: {@code orders.cutover.yaml} from the classpath with its values filled in for this run. The
 * demo deploys it; {@code cutover invoke} uses it when no spec file is given.
 */
public final class DemoSpec {

    /** The spec template on the classpath. */
    public static final String TEMPLATE = "dev/cutover/runtime/demo/orders.cutover.yaml";

    static final String MIGRATIONS = "classpath:dev/cutover/runtime/sample/db";
    static final String BAD_MIGRATIONS = MIGRATIONS + ",classpath:dev/cutover/runtime/demo/bad-migration";
    /** The latency gate: a green request slower than this is a fault. */
    static final int LATENCY_THRESHOLD_MS = 250;

    /**
     * The latency gate's {@code maxIncreaseOverBlue}: green's p99 may be this much above blue's, and a threshold both
     * breach is excused while green stays within it (a machine saturated for both). Well under the 400 ms the slow
     * scenario adds, well over the p99 noise between 10% and 90% of the same saturated traffic.
     */
    static final int LATENCY_MARGIN_MS = 150;

    /**
     * The most green requests a gate asks for: enough for a p99 (100 samples put one above it) and a 2% rate (4 of
     * 200) to mean something. A count the gates need to judge, not a share of the requested rate: on a machine that
     * serves less than asked, a minimum grown with the requested rate becomes one green cannot reach, and a healthy
     * green is rolled back as inconclusive (issue 13).
     */
    static final long MIN_REQUESTS_NEEDED = 200;

    /**
     * The TTL of the demo's DNS records under {@code --routing dns}: short, so the demo stays short, yet a whole
     * bake of the default 4 s meets the validator's rule (bake >= TTL + one TTL of margin, docs/routing.md).
     */
    public static final Duration DNS_TTL = Duration.ofSeconds(2);

    private DemoSpec() {}

    /**
     * {@code spec} (as {@link #render} made it) switching production by two weighted DNS records instead of the
     * listener: {@code routing.type: route53}, CNAME records with {@code ttl}, one set identifier per target group.
     * The zone and name are placeholders; locally the records are {@code LocalDnsRecords}.
     */
    public static String withDnsRouting(String spec, Duration ttl) {
        String routing = "routing:\n";
        if (!spec.contains(routing)) {
            throw new DemoException("the demo spec " + TEMPLATE + " has no routing section");
        }
        return spec.replace(
                routing,
                routing
                        + "  type: route53\n"
                        + "  dns:\n"
                        + "    hostedZoneId: Z0123456789ABCDEFGHIJ\n"
                        + "    recordName: orders.example.com\n"
                        + "    recordType: CNAME\n"
                        + "    ttlSeconds: " + ttl.toSeconds() + "\n"
                        + "    setIdentifiers: [orders-a, orders-b]\n");
    }

    /**
     * The spec (YAML) with its values filled in: the listeners' URLs, the stages' bakes, the metric gates'
     * minimum request count for the request rate, and the migrations (with the destructive V3 when asked).
     *
     * @throws DemoException when the template is missing from the classpath
     */
    public static String render(URI productionUrl, URI testUrl, int rps, List<Duration> bakes, boolean badMigration) {
        return render(productionUrl, testUrl, rps, bakes, badMigration, true);
    }

    /**
     * As {@link #render(URI, URI, int, List, boolean)}; {@code allowLoopbackTargets} says whether the spec lets
     * smoke tests call this machine. The demo's listeners are its own, on 127.0.0.1, so the demo allows it.
     */
    public static String render(
            URI productionUrl,
            URI testUrl,
            int rps,
            List<Duration> bakes,
            boolean badMigration,
            boolean allowLoopbackTargets) {
        return render(
                productionUrl, testUrl, rps, bakes, badMigration, allowLoopbackTargets, HealthGates.Judge.THRESHOLD);
    }

    /**
     * As {@link #render(URI, URI, int, List, boolean, boolean)}, judged by {@code judge} ({@code cutover demo
     * --judge}): the spec's {@code health.judge}, with the statistical judge's default settings.
     */
    public static String render(
            URI productionUrl,
            URI testUrl,
            int rps,
            List<Duration> bakes,
            boolean badMigration,
            boolean allowLoopbackTargets,
            HealthGates.Judge judge) {
        String template;
        try (InputStream in = DemoSpec.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new DemoException("the demo spec " + TEMPLATE + " is missing from the runtime's classpath");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DemoException("the demo spec " + TEMPLATE + " cannot be read: " + e, e);
        }
        long minRequests = minRequests(rps, bakes.get(0));
        return template.replace("${productionUrl}", productionUrl.toString())
                .replace("${testUrl}", testUrl.toString())
                .replace("${bake1}", Long.toString(bakes.get(0).toSeconds()))
                .replace("${bake2}", Long.toString(bakes.get(1).toSeconds()))
                .replace("${bake3}", Long.toString(bakes.get(2).toSeconds()))
                .replace("${minRequests}", Long.toString(minRequests))
                .replace("${latencyThresholdMs}", Integer.toString(LATENCY_THRESHOLD_MS))
                .replace("${latencyMarginMs}", Integer.toString(LATENCY_MARGIN_MS))
                .replace("${migrationsLocation}", badMigration ? BAD_MIGRATIONS : MIGRATIONS)
                .replace("${allowLoopbackTargets}", Boolean.toString(allowLoopbackTargets))
                .replace("${judge}", judge.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The gates' {@code minRequests}: {@link #MIN_REQUESTS_NEEDED}, or less at a low rate, where about 40% of what
     * 10% of the requested traffic brings during the first bake is all there is (at least 20). It never grows with
     * the rate past what the gates need, so a machine that serves a fraction of a high requested rate still gives
     * green enough requests (at 5,000 requested and a 6 s bake the old 40% rule asked 1,200 of green, more than 10% of
     * the 2,000/s a saturated machine served).
     */
    static long minRequests(int rps, Duration firstBake) {
        long reachable = Math.round(rps * 0.10 * Math.max(1, firstBake.toSeconds()) * 0.4);
        return Math.max(20, Math.min(MIN_REQUESTS_NEEDED, reachable));
    }
}
